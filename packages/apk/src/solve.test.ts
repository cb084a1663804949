import { describe, expect, test } from 'vitest';
import type { IndexEntry } from './apkindex-text';
import { ApkFormatError, UnsatisfiableError } from './errors';
import { solve, type SolveIndex } from './solve';

let n = 0;
/** `pkg('gcc-13.2.0-r0', { D: [...], p: [...], k })` */
function pkg(nameVersion: string, f: { D?: string[]; p?: string[]; k?: number; A?: string } = {}): IndexEntry {
  const m = /^(.+)-([^-]+-r\d+)$/.exec(nameVersion)!;
  n++;
  return {
    name: m[1]!,
    version: m[2]!,
    arch: f.A ?? 'x86_64',
    size: 1,
    installedSize: 1,
    description: '',
    url: '',
    license: '',
    depends: f.D ?? [],
    provides: f.p ?? [],
    installIf: [],
    checksum: `Q1${String(n).padStart(27, 'A')}=`,
    ...(f.k ? { providerPriority: f.k } : {}),
  };
}

const names = (r: { packages: { name: string; version: string; repository: string }[] }) => r.packages.map((p) => `${p.name}-${p.version}@${p.repository}`);

function unsat(indexes: SolveIndex[], requested: string[]): UnsatisfiableError {
  try {
    solve({ indexes, requested });
  } catch (e) {
    if (e instanceof UnsatisfiableError) return e;
    throw e;
  }
  throw new Error('expected UnsatisfiableError');
}

describe('solve', () => {
  test('the runtime closure through so:, cmd: and pc: provides, dependencies first', () => {
    const repo: SolveIndex = {
      name: 'stage1',
      entries: [
        pkg('glibc-2.39-r0', { p: ['so:libc.so.6=6', 'so:ld-linux-x86-64.so.2=2'] }),
        pkg('busybox-1.36.1-r0', { D: ['so:libc.so.6'], p: ['cmd:sh=1.36.1-r0'] }),
        pkg('zlib-1.3.1-r0', { D: ['so:libc.so.6'], p: ['so:libz.so.1=1.3.1', 'pc:zlib=1.3.1'] }),
        pkg('zlib-dev-1.3.1-r0', { D: ['zlib=1.3.1-r0', 'pc:zlib'] }),
        pkg('build-base-1-r0', { D: ['cmd:sh', 'zlib-dev', 'so:libz.so.1'] }),
      ],
    };
    expect(names(solve({ indexes: [repo], requested: ['build-base'] }))).toEqual([
      'glibc-2.39-r0@stage1',
      'busybox-1.36.1-r0@stage1',
      'zlib-1.3.1-r0@stage1',
      'zlib-dev-1.3.1-r0@stage1',
      'build-base-1-r0@stage1',
    ]);
  });

  test('the newest version of a name wins; on a tie the earlier index', () => {
    const a: SolveIndex = { name: 'stage2', entries: [pkg('make-4.4-r0'), pkg('gawk-5.3-r0')] };
    const b: SolveIndex = { name: 'seed:debian', entries: [pkg('make-4.3-r0'), pkg('gawk-5.3-r0')] };
    expect(names(solve({ indexes: [a, b], requested: ['make', 'gawk'] }))).toEqual(['gawk-5.3-r0@stage2', 'make-4.4-r0@stage2']);
    expect(names(solve({ indexes: [b, a], requested: ['gawk'] }))).toEqual(['gawk-5.3-r0@seed:debian']);
  });

  test('version constraints pick an older version when the newest does not fit', () => {
    const repo: SolveIndex = { name: 'r', entries: [pkg('python-3.12.1-r0'), pkg('python-3.11.7-r0'), pkg('app-1-r0', { D: ['python<3.12'] })] };
    expect(names(solve({ indexes: [repo], requested: ['app'] }))).toEqual(['python-3.11.7-r0@r', 'app-1-r0@r']);
    expect(names(solve({ indexes: [repo], requested: ['python~3.11'] }))).toEqual(['python-3.11.7-r0@r']);
  });

  test('providers: provider_priority first, then provided version', () => {
    const repo: SolveIndex = {
      name: 'r',
      entries: [
        pkg('openjdk-17-17.0.9-r0', { p: ['java=17.0.9'], k: 10 }),
        pkg('openjdk-21-21.0.1-r0', { p: ['java=21.0.1'], k: 20 }),
        pkg('openjdk-11-11.0.2-r0', { p: ['java=11.0.2'] }),
        pkg('mawk-1.3-r0', { p: ['awk=1.3'] }),
        pkg('gawk-5.3-r0', { p: ['awk=5.3'] }),
      ],
    };
    expect(names(solve({ indexes: [repo], requested: ['java'] }))).toEqual(['openjdk-21-21.0.1-r0@r']);
    expect(names(solve({ indexes: [repo], requested: ['java<18'] }))).toEqual(['openjdk-17-17.0.9-r0@r']);
    expect(names(solve({ indexes: [repo], requested: ['awk'] }))).toEqual(['gawk-5.3-r0@r']);
  });

  test('a package with the exact name beats providers of that name', () => {
    const repo: SolveIndex = { name: 'r', entries: [pkg('busybox-1.36-r0', { p: ['coreutils=9.9'] }), pkg('coreutils-9.4-r0')] };
    expect(names(solve({ indexes: [repo], requested: ['coreutils'] }))).toEqual(['coreutils-9.4-r0@r']);
  });

  test('virtual provides are chosen only with a provider_priority', () => {
    const noPrio: SolveIndex = { name: 'r', entries: [pkg('vim-9-r0', { p: ['editor'] }), pkg('nano-7-r0', { p: ['editor'] })] };
    const e = unsat([noPrio], ['editor']);
    expect(e.message).toContain('"editor" is a virtual name provided by vim-9-r0, nano-7-r0');
    expect(names(solve({ indexes: [noPrio], requested: ['nano', 'editor'] }))).toEqual(['nano-7-r0@r']);
    const prio: SolveIndex = { name: 'r', entries: [pkg('vim-9-r0', { p: ['editor'], k: 1 }), pkg('nano-7-r0', { p: ['editor'], k: 2 })] };
    expect(names(solve({ indexes: [prio], requested: ['editor'] }))).toEqual(['nano-7-r0@r']);
  });

  test('conflicts: !name excludes a package, and the solver backtracks to another provider', () => {
    const repo: SolveIndex = {
      name: 'r',
      entries: [
        pkg('busybox-1.36-r0', { p: ['cmd:sh=1.36-r0'], k: 100 }),
        pkg('dash-0.5-r0', { p: ['cmd:sh=0.5-r0'], k: 10 }),
        pkg('coreutils-9.4-r0', { D: ['!busybox'] }),
        pkg('tool-1-r0', { D: ['coreutils', 'cmd:sh'] }),
      ],
    };
    expect(names(solve({ indexes: [repo], requested: ['tool'] }))).toEqual(['coreutils-9.4-r0@r', 'dash-0.5-r0@r', 'tool-1-r0@r']);
    expect(names(solve({ indexes: [repo], requested: ['cmd:sh', '!busybox'] }))).toEqual(['dash-0.5-r0@r']);
  });

  test('two packages with the same versioned provide cannot both be installed', () => {
    const repo: SolveIndex = {
      name: 'r',
      entries: [pkg('openssl-3-r0', { p: ['so:libssl.so.3=3'] }), pkg('libressl-3-r0', { p: ['so:libssl.so.3=3'] })],
    };
    const e = unsat([repo], ['openssl', 'libressl']);
    expect(e.message).toContain('libressl-3-r0 provides "so:libssl.so.3", which the chosen openssl-3-r0 already provides');
  });

  test('one version per name: a second version is a conflict, and backtracking finds one that fits both', () => {
    const repo: SolveIndex = {
      name: 'r',
      entries: [pkg('lib-2-r0'), pkg('lib-1-r0'), pkg('a-1-r0', { D: ['lib'] }), pkg('b-1-r0', { D: ['lib<2'] })],
    };
    expect(names(solve({ indexes: [repo], requested: ['a', 'b'] }))).toEqual(['lib-1-r0@r', 'a-1-r0@r', 'b-1-r0@r']);
    const strict: SolveIndex = { name: 'r', entries: [pkg('lib-2-r0'), pkg('lib-1-r0'), pkg('a-1-r0', { D: ['lib>=2'] }), pkg('b-1-r0', { D: ['lib<2'] })] };
    const e = unsat([strict], ['a', 'b']);
    expect(e.message).toMatch(/lib-1-r0 cannot be installed beside the chosen lib-2-r0/);
    expect(e.chain).toEqual([
      { by: 'requested', dependency: 'b' },
      { by: 'b-1-r0', dependency: 'lib<2' },
    ]);
  });

  test('the explanation names the chain of requirements that failed', () => {
    const repo: SolveIndex = {
      name: 'stage3',
      entries: [pkg('gcc-13-r0', { D: ['binutils', 'so:libisl.so.23'] }), pkg('binutils-2.41-r0'), pkg('isl-0.26-r0', { p: ['so:libisl.so.25=25'] })],
    };
    const e = unsat([repo], ['gcc']);
    expect(e.message).toBe('nothing provides "so:libisl.so.23" — required by: requested "gcc" → gcc-13-r0 depends on "so:libisl.so.23"');
    expect(e.chain.map((s) => s.dependency)).toEqual(['gcc', 'so:libisl.so.23']);
  });

  test('no version fits: the available ones are listed', () => {
    const e = unsat([{ name: 'r', entries: [pkg('make-4.3-r0'), pkg('make-4.2-r0')] }], ['make>=4.4']);
    expect(e.message).toContain('no version satisfies "make>=4.4" (available: make-4.3-r0, make-4.2-r0)');
  });

  test('only packages of the requested arch (or noarch) are considered', () => {
    const repo: SolveIndex = { name: 'r', entries: [pkg('a-1-r0', { A: 'aarch64' }), pkg('b-1-r0', { A: 'noarch' })] };
    expect(() => solve({ indexes: [repo], requested: ['a'], arch: 'x86_64' })).toThrow(UnsatisfiableError);
    expect(names(solve({ indexes: [repo], requested: ['b'], arch: 'x86_64' }))).toEqual(['b-1-r0@r']);
  });

  test('dependency cycles are fine', () => {
    const repo: SolveIndex = { name: 'r', entries: [pkg('a-1-r0', { D: ['b'] }), pkg('b-1-r0', { D: ['a'] })] };
    expect(names(solve({ indexes: [repo], requested: ['a'] })).sort()).toEqual(['a-1-r0@r', 'b-1-r0@r']);
  });

  test('a malformed dependency in an index names the repository and package', () => {
    const repo: SolveIndex = { name: 'stage1', entries: [pkg('a-1-r0', { D: ['b>='] })] };
    expect(() => solve({ indexes: [repo], requested: ['a'] })).toThrow(ApkFormatError);
    expect(() => solve({ indexes: [repo], requested: ['a'] })).toThrow(/^stage1: a-1-r0: depends: dependency "b>="/);
  });

  test('deterministic and fast on a wide closure', () => {
    const entries: IndexEntry[] = [];
    for (let i = 0; i < 400; i++) entries.push(pkg(`lib${i}-1.${i}-r0`, { D: i > 0 ? [`so:lib${i - 1}.so.1`, `lib${Math.floor(i / 2)}`] : [], p: [`so:lib${i}.so.1=1`] }));
    const repo: SolveIndex = { name: 'r', entries };
    const first = names(solve({ indexes: [repo], requested: ['lib399'] }));
    expect(first).toHaveLength(400);
    expect(names(solve({ indexes: [repo], requested: ['lib399'] }))).toEqual(first);
    expect(first[0]).toBe('lib0-1.0-r0@r');
  });
});
