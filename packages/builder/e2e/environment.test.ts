import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Arch } from '@stagecraft/melange-config';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/test-temp-dir';
import { materializeEnvironment } from '../src/environment/materialize-environment';
import { resolveEnvironment } from '../src/environment/resolve-environment';
import { runInSandbox } from '../src/sandbox/run-in-sandbox';
import { openDownloadCache } from '../src/store/download-cache';
import { openStore } from '../src/store/package-store';
import { ARCH_MACHINE, cacheDir, debianSeedLock, TOOLCHAIN } from './seed-root';

const seedPlan = (arch: Arch) =>
  resolveEnvironment({ requested: TOOLCHAIN, repositories: [], keyrings: [], seeds: [{ name: 'debian', lock: debianSeedLock() }], arch });

const HELLO = '#include <stdio.h>\nint main(void) { printf("hello from %d-bit C\\n", (int)(8 * sizeof(void *))); return 0; }\n';

describe.each<Arch>(['x86_64', 'aarch64'])('a Debian-seed root for %s', (arch) => {
  it('compiles and runs a C program inside the sandbox, and a second assembly only links', async () => {
    const store = await openStore(join(cacheDir, 'store'));
    const downloadCache = openDownloadCache(join(cacheDir, 'downloads'));
    const work = tempDir(`env-${arch}`);
    const phases: string[] = [];
    const plan = seedPlan(arch);
    expect(plan.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['gcc-12', 'libc6', 'libc6-dev', 'binutils', 'make', 'dash']));
    expect(plan.packages.every((p) => p.origin.kind === 'seed' && p.format === 'deb')).toBe(true);
    const first = await materializeEnvironment(plan, {
      store,
      downloadCache,
      rootDir: join(work, 'root1'),
      onPhase: (phase, ms) => phases.push(`${phase} ${ms.toFixed(0)} ms`),
    });
    expect(first.added).toContain('/usr/bin/cc -> /usr/bin/gcc');

    const workspaceDir = join(work, 'ws');
    await mkdir(workspaceDir);
    await writeFile(join(workspaceDir, 'hello.c'), HELLO);
    let output = '';
    const result = await runInSandbox({
      rootDir: first.rootDir,
      workspaceDir,
      arch,
      env: { SOURCE_DATE_EPOCH: '1700000000' },
      argv: ['/bin/sh', '-c', 'cc -O2 -o hello hello.c && ./hello'],
      onOutput: (chunk) => (output += chunk.toString()),
    });
    expect(output).toBe('hello from 64-bit C\n');
    expect(result.exitCode).toBe(0);
    const elf = await readFile(join(workspaceDir, 'hello'));
    expect(elf.readUInt16LE(18)).toBe(ARCH_MACHINE[arch]);

    let start = performance.now();
    const relinked = await materializeEnvironment(plan, { store, downloadCache, rootDir: join(work, 'root2') });
    const relinkMs = performance.now() - start;
    expect(relinked.stats.files).toBe(first.stats.files);
    await materializeEnvironment(plan, { store, downloadCache });
    start = performance.now();
    const shared = await materializeEnvironment(plan, { store, downloadCache });
    const sharedMs = performance.now() - start;
    expect(shared.reused).toBe(true);
    console.log(
      `${arch}: ${plan.packages.length} packages; first materialize: ${phases.join(', ')}; ` +
        `private root again (all in store): ${relinkMs.toFixed(0)} ms for ${relinked.stats.files} files; shared root again: ${sharedMs.toFixed(1)} ms`,
    );
  });
});
