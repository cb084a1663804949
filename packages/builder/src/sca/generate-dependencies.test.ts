import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDependencies, mergeDependencies } from './generate-dependencies';

const work = mkdtempSync(join(tmpdir(), 'sca-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function put(root: string, rel: string, content: string, mode = 0o644): string {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  chmodSync(abs, mode);
  return abs;
}

function cc(out: string, source: string, args: string[]): void {
  mkdirSync(dirname(out), { recursive: true });
  const src = `${out}.c`;
  writeFileSync(src, source);
  execFileSync('gcc', ['-o', out, src, ...args]);
  rmSync(src);
}

describe('generateDependencies', () => {
  const lib = join(work, 'libtiny');
  const dev = join(work, 'libtiny-dev');
  const tools = join(work, 'tiny-tools');
  cc(join(lib, 'usr/lib/libtiny.so.1.2'), '#include <stdio.h>\nint tiny(void) { return puts("tiny"); }\n', ['-shared', '-fPIC', '-Wl,-soname,libtiny.so.1']);
  symlinkSync('libtiny.so.1.2', join(lib, 'usr/lib/libtiny.so.1'));
  mkdirSync(join(dev, 'usr/lib'), { recursive: true });
  symlinkSync('libtiny.so.1.2', join(dev, 'usr/lib/libtiny.so'));
  put(dev, 'usr/lib/pkgconfig/tiny.pc', 'prefix=/usr\nName: tiny\nVersion: 1.2\nRequires: zlib >= 1.2, libfoo\nRequires.private: bar\n');
  cc(join(tools, 'usr/bin/tiny'), 'extern int tiny(void); int main(void) { return tiny(); }\n', [
    `-L${join(lib, 'usr/lib')}`,
    '-l:libtiny.so.1.2',
  ]);
  put(tools, 'usr/bin/tiny-report', '#!/usr/bin/env -S perl -w\nprint 1;\n', 0o755);
  put(tools, 'usr/bin/tiny-sh', '#!/bin/sh\necho\n', 0o755);
  put(tools, 'usr/share/tiny/not-a-command', 'data', 0o755);

  it('provides so: for a library in a lib dir, versioned by its SONAME', () => {
    const deps = generateDependencies({ dir: lib, siblingDirs: [dev, tools], fullVersion: '1.2-r0', packageName: 'libtiny' });
    expect(deps.provides).toEqual(['so:libtiny.so.1=1']);
    expect(deps.runtime).toEqual(['so:libc.so.6']);
  });

  it('makes -dev depend on the library through its .so symlink, and provides pc:', () => {
    const deps = generateDependencies({ dir: dev, siblingDirs: [lib, tools], fullVersion: '1.2-r0', packageName: 'libtiny-dev' });
    expect(deps.provides).toEqual(['pc:tiny=1.2-r0']);
    expect(deps.runtime).toEqual(['pc:bar', 'pc:libfoo', 'pc:zlib', 'so:libtiny.so.1']);
  });

  it('derives so: depends, the interpreter, cmd: provides and shebang interpreters', () => {
    const deps = generateDependencies({ dir: tools, siblingDirs: [lib, dev], fullVersion: '1.2-r0', packageName: 'tiny-tools' });
    expect(deps.provides).toEqual(['cmd:tiny-report=1.2-r0', 'cmd:tiny-sh=1.2-r0', 'cmd:tiny=1.2-r0']);
    expect(deps.runtime).toEqual(['cmd:perl', 'so:ld-linux-x86-64.so.2', 'so:libc.so.6', 'so:libtiny.so.1']);
  });

  it('honours no-commands and no-depends but keeps configured entries', () => {
    const deps = generateDependencies({
      dir: tools,
      siblingDirs: [],
      fullVersion: '1.2-r0',
      packageName: 'tiny-tools',
      options: { noCommands: true, noDepends: true },
      configuredRuntime: ['busybox'],
    });
    expect(deps.runtime).toEqual(['busybox']);
    expect(deps.provides).toEqual([]);
  });

  it('records a library outside the lib dirs as vendored and drops what it satisfies', () => {
    const vend = join(work, 'vendoring');
    cc(join(vend, 'opt/app/libv.so.3'), 'int v(void) { return 1; }\n', ['-shared', '-fPIC', '-Wl,-soname,libv.so.3']);
    cc(join(vend, 'opt/app/app'), 'extern int v(void); int main(void) { return v(); }\n', [`-L${join(vend, 'opt/app')}`, '-l:libv.so.3']);
    const deps = generateDependencies({ dir: vend, siblingDirs: [], fullVersion: '1-r0', packageName: 'vendoring' });
    expect(deps.vendored).toEqual(['so:libv.so.3=3']);
    expect(deps.runtime).not.toContain('so:libv.so.3');
  });
});

describe('mergeDependencies', () => {
  it('removes runtime names the package provides itself and sorts', () => {
    const merged = mergeDependencies({
      configuredRuntime: ['zlib', 'so:libself.so.1'],
      configuredProvides: ['tiny=1.0-r0'],
      generatedRuntime: ['so:libc.so.6', 'tiny>1'],
      generatedProvides: ['so:libself.so.1=1'],
      vendored: [],
    });
    expect(merged.runtime).toEqual(['so:libc.so.6', 'zlib']);
    expect(merged.provides).toEqual(['so:libself.so.1=1', 'tiny=1.0-r0']);
  });
});
