import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceLock } from '@stagecraft/melange-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAptWorkspace, type AptWorkspace } from '../src/seed/apt-workspace';
import { lockDebianSeed } from '../src/seed/lock-debian-seed';
import { SeedLockError } from '../src/seed/lock-closure';
import { writeSeedLock } from '../src/seed/write-seed-lock';
import { openDownloadCache } from '../src/store/download-cache';
import { cacheDir, debianSeedLock } from './seed-root';

let work: string;
let apt: AptWorkspace;
const downloads = openDownloadCache(join(cacheDir, 'downloads'));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'seed-lock-'));
  apt = await prepareAptWorkspace(join(work, 'apt'), ['x86_64', 'aarch64']);
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('stagecraft seed lock (real apt against the Debian archive)', () => {
  it('locks the whole closure per architecture, with dependencies inside it', async () => {
    const lock = await lockDebianSeed(apt, ['x86_64', 'aarch64'], ['make', 'dash'], downloads);
    const file = join(work, 'seeds/debian.lock.json');
    await writeSeedLock(file, lock);
    const written = JSON.parse(await readFile(file, 'utf8')) as SourceLock;
    expect(written).toEqual(lock);
    for (const arch of ['x86_64', 'aarch64'] as const) {
      const packages = written.archs[arch]!.packages;
      const names = new Set(packages.map((p) => p.name));
      expect([...names]).toEqual(expect.arrayContaining(['make', 'dash', 'libc6', 'libgcc-s1']));
      for (const p of packages) {
        expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(p.filename).toMatch(/^pool\/main\/.+\.deb$/);
        for (const dependency of p.depends) expect(names).toContain(dependency);
      }
      const libc = packages.find((p) => p.name === 'libc6')!;
      expect(libc.filename).toContain(arch === 'x86_64' ? '_amd64.deb' : '_arm64.deb');
      expect(libc.provides).toContain('so:libc.so.6=6');
      expect(packages.find((p) => p.name === 'make')!.provides).toContain('cmd:make');
    }
  });

  it('is independent of the host: the same request gives the workspace lock the same entries', async () => {
    const workspaceLock = debianSeedLock();
    const lock = await lockDebianSeed(apt, ['x86_64'], ['make'], downloads);
    const pinned = new Map(workspaceLock.archs.x86_64!.packages.map((p) => [p.name, p.sha256]));
    // bookworm point releases may move versions; the lock only has to agree while they match
    const shared = lock.archs.x86_64!.packages.filter((p) => pinned.get(p.name) === p.sha256);
    expect(shared.map((p) => p.name)).toContain('make');
  });

  it('names a package the archive does not have', async () => {
    await expect(lockDebianSeed(apt, ['x86_64'], ['make', 'no-such-package-here'], downloads)).rejects.toThrow(SeedLockError);
    await expect(lockDebianSeed(apt, ['x86_64'], ['no-such-package-here'], downloads)).rejects.toThrow('E: Unable to locate package no-such-package-here');
  });
});
