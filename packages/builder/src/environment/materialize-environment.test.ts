import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPackage } from '@stagecraft/apk';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { runTool } from '../seed/run-tool';
import { DigestMismatchError, openDownloadCache } from '../store/download-cache';
import { openStore } from '../store/package-store';
import type { EnvironmentPackage, EnvironmentPlan } from './environment-plan';
import { materializeEnvironment, sharedRootKey } from './materialize-environment';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A real .deb (dpkg-deb) with a shell under /bin, and a real .apk with a tool under /usr/bin. */
async function packages(base: string): Promise<EnvironmentPackage[]> {
  const tree = join(base, 'dash');
  await mkdir(join(tree, 'DEBIAN'), { recursive: true });
  await mkdir(join(tree, 'bin'));
  await writeFile(join(tree, 'DEBIAN/control'), 'Package: dash\nVersion: 0.5.12-2\nArchitecture: all\nMaintainer: t <t@example.org>\nDescription: shell\n');
  await writeFile(join(tree, 'bin/dash'), '#!fake shell\n');
  const deb = join(base, 'dash.deb');
  expect((await runTool('dpkg-deb', ['--root-owner-group', '--build', tree, deb])).code).toBe(0);
  const debBytes = await readFile(deb);

  const payload = join(base, 'payload');
  await mkdir(join(payload, 'usr/bin'), { recursive: true });
  await writeFile(join(payload, 'usr/bin/hello'), 'hello\n');
  const apk = await buildPackage({
    info: { name: 'hello', version: '1.0-r0', arch: 'x86_64', origin: 'hello', description: '', url: '', commit: '', license: 'MIT', depends: [], provides: [], replaces: [], triggers: [] },
    dataDir: payload,
    sourceDateEpoch: 0,
  });
  const apkFile = join(base, 'hello-1.0-r0.apk');
  await writeFile(apkFile, apk.bytes);
  return [
    { name: 'dash', version: '0.5.12-2', format: 'deb', digest: `sha256:${sha256(debBytes)}`, size: debBytes.length, origin: { kind: 'seed', seed: 'debian', url: pathToFileURL(deb).href } },
    { name: 'hello', version: '1.0-r0', format: 'apk', digest: `sha256:${sha256(apk.bytes)}`, origin: { kind: 'repository', repository: 'local', url: pathToFileURL(apkFile).href } },
  ];
}

describe('materializeEnvironment', () => {
  it('builds a merged-/usr root from .deb and .apk packages and reuses the store the second time', async () => {
    const base = tempDir('materialize');
    const plan: EnvironmentPlan = { arch: 'x86_64', requested: ['dash', 'hello'], packages: await packages(base) };
    const store = await openStore(join(base, 'store'));
    const downloadCache = openDownloadCache(join(base, 'downloads'));

    const first = await materializeEnvironment(plan, { store, downloadCache, rootDir: join(base, 'root1') });
    expect((await readdir(first.rootDir)).sort()).toEqual(['bin', 'dev', 'etc', 'home', 'proc', 'tmp', 'usr', 'var']);
    expect(await readlink(join(first.rootDir, 'bin'))).toBe('usr/bin');
    expect(await readlink(join(first.rootDir, 'usr/bin/sh'))).toBe('/usr/bin/dash');
    expect(await readFile(join(first.rootDir, 'bin/hello'), 'utf8')).toBe('hello\n');
    expect(first.added).toEqual(['/bin -> usr/bin', '/usr/bin/sh -> /usr/bin/dash', '/etc/passwd', '/etc/group']);

    const entries = await readdir(join(store.dir, 'entries'));
    const shellInode = (await stat(join(first.rootDir, 'usr/bin/dash'))).ino;
    const second = await materializeEnvironment(plan, { store, downloadCache, rootDir: join(base, 'root2') });
    expect(second.stats).toEqual(first.stats);
    expect(await readdir(join(store.dir, 'entries'))).toEqual(entries);
    expect((await stat(join(second.rootDir, 'usr/bin/dash'))).ino).toBe(shellInode);
  });

  it('shares one read-only root per package set when no rootDir is given', async () => {
    const base = tempDir('materialize');
    const plan: EnvironmentPlan = { arch: 'x86_64', requested: ['dash', 'hello'], packages: await packages(base) };
    const store = await openStore(join(base, 'store'));
    const downloadCache = openDownloadCache(join(base, 'downloads'));
    const first = await materializeEnvironment(plan, { store, downloadCache });
    const second = await materializeEnvironment(plan, { store, downloadCache });
    expect([first.reused, second.reused]).toEqual([false, true]);
    expect(second.rootDir).toBe(first.rootDir);
    expect(second.stats).toEqual(first.stats);
    expect(first.rootDir.startsWith(join(store.dir, 'roots'))).toBe(true);
    const other = await materializeEnvironment({ ...plan, packages: plan.packages.slice(0, 1) }, { store, downloadCache });
    expect(other.rootDir).not.toBe(first.rootDir);
    expect(await readdir(join(store.dir, 'tmp'))).toEqual([]);
  });

  it('refuses a package whose bytes differ from the plan and unpacks nothing', async () => {
    const base = tempDir('materialize');
    const [dash] = await packages(base);
    const tampered = { ...dash, digest: `sha256:${'0'.repeat(64)}` };
    const store = await openStore(join(base, 'store'));
    await expect(
      materializeEnvironment({ arch: 'x86_64', requested: ['dash'], packages: [tampered] }, { store, downloadCache: openDownloadCache(join(base, 'dl')) }),
    ).rejects.toThrow(DigestMismatchError);
    expect(await readdir(join(store.dir, 'entries'))).toEqual([]);
  });
});

describe('sharedRootKey', () => {
  const deb = (name: string, hex: string): EnvironmentPackage => ({
    name,
    version: '1',
    format: 'deb',
    digest: `sha256:${hex.repeat(64)}`,
    origin: { kind: 'seed', seed: 'debian', url: `http://x/${name}.deb` },
  });
  const plan: EnvironmentPlan = { arch: 'x86_64', requested: ['a'], packages: [deb('a', '1'), deb('b', '2')] };

  it('depends on the package files and the arch, not on order or what was asked for', () => {
    expect(sharedRootKey({ ...plan, requested: ['b'], packages: [...plan.packages].reverse() })).toBe(sharedRootKey(plan));
    expect(sharedRootKey({ ...plan, arch: 'aarch64' })).not.toBe(sharedRootKey(plan));
    expect(sharedRootKey({ ...plan, packages: [deb('a', '1'), deb('b', '3')] })).not.toBe(sharedRootKey(plan));
    expect(sharedRootKey(plan)).toMatch(/^x86_64-[0-9a-f]{32}$/);
  });
});
