import { spawn } from 'node:child_process';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/test-temp-dir';
import { materializeEnvironment } from '../src/environment/materialize-environment';
import { resolveEnvironment } from '../src/environment/resolve-environment';
import { hostArch } from '../src/sandbox/host-arch';
import { openDownloadCache } from '../src/store/download-cache';
import { openStore } from '../src/store/package-store';
import { cacheDir, debianSeedLock, TOOLCHAIN, workspaceRoot } from './seed-root';

const arch = hostArch() ?? 'x86_64';
const plan = () => resolveEnvironment({ requested: TOOLCHAIN, repositories: [], keyrings: [], seeds: [{ name: 'debian', lock: debianSeedLock() }], arch });

// The child is a real, separate builder process (run from TypeScript by vite-node with the
// workspace's aliases) so that SIGKILL hits it mid-unpack, as a killed build would be.
const CHILD = `
import { join } from 'node:path';
import { materializeEnvironment } from '${join(__dirname, '../src/environment/materialize-environment')}';
import { openDownloadCache } from '${join(__dirname, '../src/store/download-cache')}';
import { openStore } from '${join(__dirname, '../src/store/package-store')}';
const [storeDir, downloads, planJson, rootDir] = process.argv.slice(2);
(async () => {
  const store = await openStore(storeDir);
  await materializeEnvironment(JSON.parse(planJson), { store, downloadCache: openDownloadCache(downloads), rootDir });
})();
`;

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('a build killed while unpacking into the store', () => {
  it('leaves only a temp dir, which the next run removes, and the next run succeeds', async () => {
    const work = tempDir('kill');
    const storeDir = join(work, 'store');
    const downloads = join(cacheDir, 'downloads');
    const resolved = plan();
    // Fill the download cache first, so the child spends its time unpacking.
    await materializeEnvironment(resolved, { store: await openStore(join(cacheDir, 'store')), downloadCache: openDownloadCache(downloads), rootDir: join(work, 'warm') });
    await writeFile(join(work, 'child.ts'), CHILD);

    const child = spawn('npx', ['vite-node', '--config', 'vitest.config.ts', join(work, 'child.ts'), '--', storeDir, downloads, JSON.stringify(resolved), join(work, 'root-killed')], {
      cwd: workspaceRoot,
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    // Wait until some packages are in and another is half-way through its unpack.
    await until(async () => {
      const entries = await readdir(join(storeDir, 'entries')).catch(() => []);
      const temps = await readdir(join(storeDir, 'tmp')).catch(() => []);
      return entries.length >= 3 && temps.length > 0;
    }, 'the child to be mid-unpack');
    process.kill(-child.pid!, 'SIGKILL');
    await exited;

    const temps = await readdir(join(storeDir, 'tmp'));
    const entriesAfterKill = await readdir(join(storeDir, 'entries'));
    expect(temps.length).toBeGreaterThan(0);
    expect(entriesAfterKill.length).toBeLessThan(resolved.packages.length);
    // A temp dir's key is never visible as an entry: the entry appears only by rename.
    const tempKeys = temps.map((t) => t.replace(/\.pid\d+\..*$/, ''));
    for (const key of tempKeys) expect(entriesAfterKill).not.toContain(key);

    const store = await openStore(storeDir);
    expect(await readdir(join(storeDir, 'tmp'))).toEqual([]);
    const { rootDir, stats } = await materializeEnvironment(resolved, { store, downloadCache: openDownloadCache(downloads), rootDir: join(work, 'root') });
    expect(await readdir(join(storeDir, 'entries'))).toHaveLength(resolved.packages.length);
    expect((await stat(join(rootDir, 'usr/bin/gcc-12'))).isFile()).toBe(true);
    console.log(`killed after ${entriesAfterKill.length} of ${resolved.packages.length} entries with ${temps.length} unpack(s) in flight; rerun placed ${stats.files} files`);
  });
});
