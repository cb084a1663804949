import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/test-temp-dir';
import { materializeEnvironment } from '../src/environment/materialize-environment';
import { resolveEnvironment } from '../src/environment/resolve-environment';
import { hostArch } from '../src/sandbox/host-arch';
import { runInSandbox } from '../src/sandbox/run-in-sandbox';
import { openDownloadCache } from '../src/store/download-cache';
import { openStore } from '../src/store/package-store';
import { cacheDir, debianSeedLock, TOOLCHAIN } from './seed-root';

// The smallest autotools project: what a stage1 recipe of a GNU package goes through.
const PROJECT: Record<string, string> = {
  'configure.ac': 'AC_INIT([greet], [1.0])\nAM_INIT_AUTOMAKE([foreign])\nAC_PROG_CC\nAC_CHECK_HEADERS([unistd.h])\nAC_CONFIG_HEADERS([config.h])\nAC_CONFIG_FILES([Makefile])\nAC_OUTPUT\n',
  'Makefile.am': 'bin_PROGRAMS = greet\ngreet_SOURCES = greet.c\n',
  'greet.c': '#include "config.h"\n#include <stdio.h>\nint main(void) { printf("%s %s, unistd=%d\\n", PACKAGE_NAME, PACKAGE_VERSION, HAVE_UNISTD_H); return 0; }\n',
};
const AUTOTOOLS = ['autoconf', 'automake', 'libtool', 'sed', 'grep', 'gawk', 'diffutils', 'findutils', 'tar', 'gzip'];

describe('the Debian seed as a build environment for autotools', () => {
  it('regenerates, configures, builds, installs and runs an autoconf project without network', async () => {
    const arch = hostArch() ?? 'x86_64';
    const plan = resolveEnvironment({ requested: [...TOOLCHAIN, ...AUTOTOOLS], repositories: [], keyrings: [], seeds: [{ name: 'debian', lock: debianSeedLock() }], arch });
    const store = await openStore(join(cacheDir, 'store'));
    const { rootDir } = await materializeEnvironment(plan, { store, downloadCache: openDownloadCache(join(cacheDir, 'downloads')) });
    const workspaceDir = tempDir('autoconf');
    await mkdir(join(workspaceDir, 'src'));
    for (const [name, text] of Object.entries(PROJECT)) await writeFile(join(workspaceDir, 'src', name), text);
    let output = '';
    const result = await runInSandbox({
      rootDir,
      workspaceDir,
      arch,
      env: { SOURCE_DATE_EPOCH: '1700000000' },
      cwd: '/home/build/src',
      argv: ['/bin/sh', '-c', 'set -e; autoreconf -fi >/dev/null 2>&1; ./configure --prefix=/usr >/dev/null; make -s; make -s install DESTDIR=/home/build/melange-out/greet; /home/build/melange-out/greet/usr/bin/greet'],
      onOutput: (chunk) => (output += chunk.toString()),
    });
    expect(output).toMatch(/greet 1\.0, unistd=1\n$/);
    expect(result.exitCode).toBe(0);
  });
});
