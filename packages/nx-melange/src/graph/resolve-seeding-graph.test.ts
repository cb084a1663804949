import type { SourceLock } from '@stagecraft/melange-config';
import { describe, expect, it } from 'vitest';
import { sketchLock, sketchRecipe } from './__fixtures__/sketch-recipe';
import { CycleError, NoProviderError, RepositoryError } from './resolution-problems';
import { resolveSeedingEdges, resolveSeedingGraph } from './resolve-seeding-graph';
import type { RecipeInput, SeedingGraph } from './seeding-graph';
import { normalizeSeedingOptions } from './seeding-options';

const options = normalizeSeedingOptions({
  stages: [
    { name: 'stage1', sources: ['self', 'seed:debian'] },
    { name: 'stage2', sources: ['stage1', 'self', 'seed:debian'] },
    { name: 'stage3', sources: ['stage2', 'self'], seedFree: true },
    { name: 'os', sources: ['self', 'stage3', 'published:wolfi'], seedFree: true },
  ],
  seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
  published: { wolfi: { type: 'apk', lock: 'seeds/wolfi.lock.json' } },
  repositories: { 'https://bootstrap.example/stage1': 'stage1', 'https://alpine.example/main': 'seed:debian' },
});

function resolve(recipes: RecipeInput[], locks: Record<string, SourceLock> = {}): SeedingGraph {
  return resolveSeedingGraph({ options, recipes, locks, archs: ['x86_64', 'aarch64'] });
}

const edgesOf = (g: SeedingGraph) => g.edges.map((e) => `${e.source} -> ${e.target}`);
const resolutionOf = (g: SeedingGraph, project: string, name: string) => {
  const found = g.resolutions.filter((r) => r.project === project && r.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('resolveSeedingGraph: walking sources', () => {
  it('takes the first source that provides the name', () => {
    const g = resolve([
      sketchRecipe('stage1/make'),
      sketchRecipe('stage2/make'),
      sketchRecipe('stage2/bash', { needs: ['make'] }),
    ]);
    expect(edgesOf(g)).toContain('stage2/bash -> stage1/make');
    expect(edgesOf(g)).not.toContain('stage2/bash -> stage2/make');
    expect(resolutionOf(g, 'stage2/bash', 'make')).toMatchObject({ source: 'stage1', kind: 'stage', passedOver: [] });
  });

  it('follows the stage order: os lists self before stage3', () => {
    const g = resolve([sketchRecipe('stage3/make'), sketchRecipe('os/make'), sketchRecipe('os/bash', { needs: ['make'] })]);
    expect(edgesOf(g)).toEqual(['os/bash -> os/make']);
    expect(resolutionOf(g, 'os/bash', 'make')).toMatchObject({ source: 'self', kind: 'self' });
  });

  it('records the sources passed over and why', () => {
    const g = resolve([sketchRecipe('stage2/gcc'), sketchRecipe('stage3/texinfo'), sketchRecipe('stage3/gcc', { needs: ['texinfo'] })]);
    expect(resolutionOf(g, 'stage3/gcc', 'texinfo')).toMatchObject({
      source: 'self',
      passedOver: [{ source: 'stage2', reason: 'no provider' }],
      provider: { kind: 'project', project: 'stage3/texinfo', package: 'texinfo', version: '1.0.0-r0', offeredAs: 'package' },
    });
  });

  it('resolves through subpackages and provides entries', () => {
    const g = resolve([
      sketchRecipe('os/openssl', { version: '3.5.0', epoch: 1, subpackages: ['openssl-dev'] }),
      sketchRecipe('os/gcc-13', { version: '13.2.0', provides: ['cc=13.2.0-r0'] }),
      sketchRecipe('os/curl', { needs: ['openssl-dev', 'cc'] }),
    ]);
    expect(edgesOf(g)).toEqual(['os/curl -> os/gcc-13', 'os/curl -> os/openssl']);
    expect(resolutionOf(g, 'os/curl', 'openssl-dev').provider).toMatchObject({ package: 'openssl-dev', version: '3.5.0-r1', offeredAs: 'subpackage' });
    expect(resolutionOf(g, 'os/curl', 'cc').provider).toMatchObject({ package: 'gcc-13', offeredAs: 'provides' });
  });

  it('ignores !conflicts: they are not needs', () => {
    const g = resolve([sketchRecipe('os/a'), sketchRecipe('os/b', { needs: ['!a'] })]);
    expect(g.edges).toEqual([]);
    expect(g.problems).toEqual([]);
  });
});

describe('resolveSeedingGraph: the self rule', () => {
  it('never lets a recipe provide its own name', () => {
    const g = resolve([sketchRecipe('stage2/make', { needs: ['make'] }), sketchRecipe('stage1/make')]);
    expect(edgesOf(g)).toEqual(['stage2/make -> stage1/make']);
    const g3 = resolve([sketchRecipe('stage3/make', { needs: ['make'] }), sketchRecipe('stage2/make')]);
    expect(resolutionOf(g3, 'stage3/make', 'make')).toMatchObject({ source: 'stage2', passedOver: [] });
    const gos = resolve([sketchRecipe('os/make', { needs: ['make'] }), sketchRecipe('stage3/make')]);
    expect(resolutionOf(gos, 'os/make', 'make')).toMatchObject({
      source: 'stage3',
      passedOver: [{ source: 'self', reason: 'provides make but make is this package (self rule)' }],
    });
  });

  it('never lets a recipe provide its own subpackage', () => {
    const g = resolve([
      sketchRecipe('os/ca-certificates', { subpackages: ['ca-certificates-bundle'], needs: ['ca-certificates-bundle'] }),
      sketchRecipe('stage3/ca-certificates', { subpackages: ['ca-certificates-bundle'] }),
    ]);
    expect(resolutionOf(g, 'os/ca-certificates', 'ca-certificates-bundle')).toMatchObject({
      source: 'stage3',
      passedOver: [{ source: 'self', reason: 'provides ca-certificates-bundle but ca-certificates-bundle is a subpackage of this recipe (self rule)' }],
    });
  });

  it('never lets a recipe provide its own provides entry', () => {
    const g = resolve(
      [sketchRecipe('os/npm-12', { provides: ['npm=12.0.0-r0'], needs: ['npm'] })],
      { 'published:wolfi': sketchLock([{ pkg: 'npm-11=11.2.0-r0', provides: ['npm=11.2.0-r0'] }]) },
    );
    expect(resolutionOf(g, 'os/npm-12', 'npm')).toMatchObject({
      source: 'published:wolfi',
      kind: 'published',
      passedOver: [
        { source: 'self', reason: "provides npm but npm is provided by this recipe's npm-12 (self rule)" },
        { source: 'stage3', reason: 'no provider' },
      ],
      provider: { kind: 'locked', package: 'npm-11', version: '11.2.0-r0', offeredAs: 'provides' },
    });
    expect(g.external).toMatchObject([{ project: 'os/npm-12', source: 'published:wolfi', kind: 'published', package: 'npm-11', sha256: 'sha256-of-npm-11' }]);
  });

  it('still takes another recipe of the same stage', () => {
    const g = resolve([sketchRecipe('os/bison', { needs: ['binutils'] }), sketchRecipe('os/binutils')]);
    expect(edgesOf(g)).toEqual(['os/bison -> os/binutils']);
  });
});

describe('resolveSeedingGraph: versions and provider choice', () => {
  it('passes over a source whose provider misses the constraint, saying so', () => {
    const g = resolve([
      sketchRecipe('stage1/gcc', { version: '12.2.0' }),
      sketchRecipe('stage2/gcc-13', { version: '13.2.0', provides: ['gcc=13.2.0-r0'] }),
      sketchRecipe('stage2/mpfr', { needs: ['gcc>=13'] }),
    ]);
    expect(resolutionOf(g, 'stage2/mpfr', 'gcc')).toMatchObject({
      source: 'self',
      dependency: 'gcc>=13',
      passedOver: [{ source: 'stage1', reason: 'provides gcc=12.2.0-r0 but constraint gcc>=13 not met' }],
      provider: { project: 'stage2/gcc-13' },
    });
  });

  it('applies ~ and < constraints', () => {
    const g = resolve([
      sketchRecipe('os/nasm-3', { version: '3.0.0', provides: ['nasm=3.0.0-r0'] }),
      sketchRecipe('os/nasm-2', { version: '2.16.03', provides: ['nasm=2.16.03-r0'] }),
      sketchRecipe('os/x264', { needs: ['nasm<3'] }),
      sketchRecipe('os/x265', { needs: ['nasm~3'] }),
    ]);
    expect(resolutionOf(g, 'os/x264', 'nasm').provider).toMatchObject({ project: 'os/nasm-2' });
    expect(resolutionOf(g, 'os/x265', 'nasm').provider).toMatchObject({ project: 'os/nasm-3' });
  });

  it('picks the highest version, then provider-priority, then the name', () => {
    const g = resolve([
      sketchRecipe('os/python-3.12', { version: '3.12.9', provides: ['python3=3.12.9-r0'] }),
      sketchRecipe('os/python-3.13', { version: '3.13.5', provides: ['python3=3.13.5-r0'] }),
      sketchRecipe('os/jdk-low', { provides: ['default-jdk=21-r0'], priority: 5 }),
      sketchRecipe('os/jdk-high', { provides: ['default-jdk=21-r0'], priority: 10 }),
      sketchRecipe('os/tie-b', { provides: ['tie=1-r0'] }),
      sketchRecipe('os/tie-a', { provides: ['tie=1-r0'] }),
      sketchRecipe('os/app', { needs: ['python3', 'default-jdk', 'tie'] }),
    ]);
    expect(resolutionOf(g, 'os/app', 'python3').provider).toMatchObject({ project: 'os/python-3.13' });
    expect(resolutionOf(g, 'os/app', 'default-jdk').provider).toMatchObject({ project: 'os/jdk-high' });
    expect(resolutionOf(g, 'os/app', 'tie').provider).toMatchObject({ project: 'os/tie-a' });
  });
});

describe('resolveSeedingGraph: runtime closure', () => {
  it('resolves the runtime dependencies of chosen packages as further edges, with the chain', () => {
    const g = resolve([
      sketchRecipe('os/build-base', { runtime: { 'build-base': ['gcc', 'make'] } }),
      sketchRecipe('os/gcc', { runtime: { gcc: ['binutils'] } }),
      sketchRecipe('os/make'),
      sketchRecipe('os/binutils'),
      sketchRecipe('os/zlib', { needs: ['build-base'] }),
    ]);
    expect(edgesOf(g)).toEqual(['os/zlib -> os/binutils', 'os/zlib -> os/build-base', 'os/zlib -> os/gcc', 'os/zlib -> os/make']);
    const binutils = resolutionOf(g, 'os/zlib', 'binutils');
    expect(binutils.field).toBe('environment.contents.packages[0]');
    expect(binutils.via).toEqual([
      { dependency: 'build-base', package: 'build-base', from: 'os/build-base' },
      { dependency: 'gcc', package: 'gcc', from: 'os/gcc' },
    ]);
  });

  it('applies the self rule inside the closure (gcc gets gcc through build-base)', () => {
    const g = resolve([
      sketchRecipe('stage3/gcc'),
      sketchRecipe('os/build-base', { runtime: { 'build-base': ['gcc'] } }),
      sketchRecipe('os/gcc', { needs: ['build-base'] }),
    ]);
    expect(edgesOf(g)).toEqual(['os/gcc -> os/build-base', 'os/gcc -> stage3/gcc']);
    expect(resolutionOf(g, 'os/gcc', 'gcc')).toMatchObject({ source: 'stage3', passedOver: [{ source: 'self' }] });
  });

  it('resolves a locked package’s dependencies inside its own lock', () => {
    const g = resolve(
      [sketchRecipe('stage1/libc6'), sketchRecipe('stage1/make', { needs: ['gcc'] })],
      { 'seed:debian': sketchLock([{ pkg: 'gcc=12.2.0-14', depends: ['libc6>=2.36', 'cpp'] }, { pkg: 'libc6=2.36-9' }, { pkg: 'cpp=12.2.0-14' }]) },
    );
    expect(g.edges).toEqual([]);
    expect(g.external.map((u) => `${u.project} ${u.source} ${u.package}=${u.version}`)).toEqual([
      'stage1/make seed:debian cpp=12.2.0-14',
      'stage1/make seed:debian gcc=12.2.0-14',
      'stage1/make seed:debian libc6=2.36-9',
    ]);
    expect(resolutionOf(g, 'stage1/make', 'libc6').via).toEqual([{ dependency: 'gcc', package: 'gcc', from: 'seed:debian' }]);
  });
});

describe('resolveSeedingGraph: repositories and archs', () => {
  it('draws only from the sources a recipe’s repositories map to', () => {
    const g = resolve([
      sketchRecipe('stage1/make'),
      sketchRecipe('stage2/make'),
      sketchRecipe('stage2/bash', { needs: ['make'], repositories: ['https://alpine.example/main'] }),
    ], { 'seed:debian': sketchLock([{ pkg: 'make=4.3-4.1' }]) });
    expect(g.edges).toEqual([]);
    expect(resolutionOf(g, 'stage2/bash', 'make')).toMatchObject({ source: 'seed:debian', passedOver: [] });
  });

  it('reports an unmapped repository and one outside the stage', () => {
    const g = resolve([sketchRecipe('stage3/bash', { repositories: ['https://nowhere.example', 'https://alpine.example/main'] })]);
    expect(g.problems.map((p) => [p.constructor, p.message])).toEqual([
      [RepositoryError, 'stage3/bash/melange.yaml: environment.contents.repositories[0]: repository "https://nowhere.example" is not in the nx-melange "repositories" option, so stagecraft cannot tell which source it is'],
      [RepositoryError, 'stage3/bash/melange.yaml: environment.contents.repositories[1]: repository "https://alpine.example/main" maps to "seed:debian", which stage stage3 does not draw from (sources: stage2, self)'],
    ]);
  });

  it('counts an arch-limited recipe only for its archs and unions edges over archs', () => {
    const g = resolve([
      sketchRecipe('os/font-stix-otf', { targetArchitecture: ['x86_64'], provides: ['font-stix=1-r0'] }),
      sketchRecipe('stage3/font-stix', { version: '1' }),
      sketchRecipe('os/docs', { needs: ['font-stix', { dep: 'only-arm', archs: ['aarch64'] }] }),
      sketchRecipe('os/only-arm'),
    ]);
    expect(g.edges.map((e) => [e.source, e.target, e.archs])).toEqual([
      ['os/docs', 'os/font-stix-otf', ['x86_64']],
      ['os/docs', 'os/only-arm', ['aarch64']],
      ['os/docs', 'stage3/font-stix', ['aarch64']],
    ]);
    const arm = g.resolutions.find((r) => r.name === 'font-stix' && r.archs.includes('aarch64'))!;
    expect(arm.passedOver).toEqual([{ source: 'self', reason: 'no provider for aarch64 (os/font-stix-otf builds only for x86_64)' }]);
  });

  it('resolves nothing for an arch the recipe does not build for', () => {
    const g = resolve([sketchRecipe('os/pdo', { targetArchitecture: ['x86_64'], needs: ['php'] }), sketchRecipe('os/php')]);
    expect(g.edges.map((e) => e.archs)).toEqual([['x86_64']]);
  });
});

describe('resolveSeedingGraph: problems', () => {
  it('reports a name no source provides, with file, line, field, stage and sources tried', () => {
    const g = resolve([
      sketchRecipe('stage3/gcc', { needs: ['make', 'bison', 'flex', { dep: 'texinfo', line: 14, column: 7, field: 'environment.contents.packages[3]' }] }),
      sketchRecipe('stage2/make'),
      sketchRecipe('stage2/bison'),
      sketchRecipe('stage2/flex'),
    ]);
    expect(g.problems).toHaveLength(1);
    const p = g.problems[0]!;
    expect(p).toBeInstanceOf(NoProviderError);
    expect(p.message).toBe(
      'stage3/gcc/melange.yaml:14:7: environment.contents.packages[3]: build dependency "texinfo" has no provider in stage3 (sources tried: stage2, self)',
    );
    expect(edgesOf(g)).toEqual(['stage3/gcc -> stage2/bison', 'stage3/gcc -> stage2/flex', 'stage3/gcc -> stage2/make']);
  });

  it('names the closure chain and the arch when only one arch fails', () => {
    const g = resolve([
      sketchRecipe('os/build-base', { runtime: { 'build-base': ['gcc'] } }),
      sketchRecipe('os/gcc', { targetArchitecture: ['x86_64'] }),
      sketchRecipe('os/zlib', { needs: ['build-base'] }),
    ]);
    expect(g.problems.map((p) => p.message)).toEqual([
      'os/zlib/melange.yaml:10:7: environment.contents.packages[0]: runtime dependency "gcc" of build-base has no provider in os on aarch64 (sources tried: self, stage3, published:wolfi)',
    ]);
  });
});

describe('resolveSeedingGraph: outside sources', () => {
  it('says why a seed was passed over: lock not loaded, or nothing pinned for the arch', () => {
    const g = resolve([sketchRecipe('stage1/make', { needs: ['gcc'] })]);
    expect(g.problems.map((p) => p.message)).toEqual([
      'stage1/make/melange.yaml:10:7: environment.contents.packages[0]: build dependency "gcc" has no provider in stage1 (sources tried: self, seed:debian)',
    ]);
    expect((g.problems[0] as NoProviderError).tried).toEqual([
      { source: 'self', reason: 'no provider' },
      { source: 'seed:debian', reason: 'its lock file was not loaded' },
    ]);
    const x86Only = resolve([sketchRecipe('stage1/make', { needs: ['gcc'] })], { 'seed:debian': sketchLock([{ pkg: 'gcc=12.2.0-14' }], ['x86_64']) });
    expect(x86Only.external.map((u) => [u.package, u.archs])).toEqual([['gcc', ['x86_64']]]);
    expect((x86Only.problems[0] as NoProviderError).tried[1]).toEqual({ source: 'seed:debian', reason: 'its lock pins nothing for aarch64' });
    expect(x86Only.problems[0]!.message).toContain('has no provider in stage1 on aarch64');
  });

  it('reports a recipe in a stage the options do not declare and resolves the rest', () => {
    const g = resolve([sketchRecipe('stage9/make'), sketchRecipe('os/make'), sketchRecipe('os/curl', { needs: ['make'] })]);
    expect(g.problems.map((p) => [p.name, p.message])).toEqual([
      ['UnknownStageError', 'stage9/make/melange.yaml: stage: recipe is in stage "stage9", which the nx-melange options do not declare (stages: stage1, stage2, stage3, os)'],
    ]);
    expect(edgesOf(g)).toEqual(['os/curl -> os/make']);
  });
});

describe('resolveSeedingGraph: cycles', () => {
  const cycleTree = () => [
    sketchRecipe('os/autoconf', { needs: ['make', 'perl'] }),
    sketchRecipe('os/make', { needs: ['autoconf'] }),
    sketchRecipe('os/perl', { needs: ['make'] }),
    sketchRecipe('os/curl', { needs: ['make', 'perl'] }),
    sketchRecipe('stage3/make'),
    sketchRecipe('stage3/autoconf'),
    sketchRecipe('stage3/perl'),
  ];

  it('moves the edges the cycle rule picks past self, to the next source, and explains them', () => {
    const g = resolve(cycleTree());
    // make is needed by two cycle members, so it is built first; perl needs less of the cycle than autoconf
    expect(g.redirects).toEqual([
      { source: 'os/make', target: 'os/autoconf', stage: 'os', cycle: ['os/make', 'os/autoconf', 'os/make'], rule: 'rank' },
    ]);
    expect(edgesOf(g)).toEqual([
      'os/autoconf -> os/make',
      'os/autoconf -> os/perl',
      'os/curl -> os/make',
      'os/curl -> os/perl',
      'os/make -> stage3/autoconf',
      'os/perl -> os/make',
    ]);
    expect(resolutionOf(g, 'os/make', 'autoconf')).toMatchObject({
      source: 'stage3',
      redirect: { cycle: ['os/make', 'os/autoconf', 'os/make'], rule: 'rank' },
      passedOver: [
        { source: 'self', reason: 'provides autoconf (os/autoconf) but os/make → os/autoconf would close the cycle os/make → os/autoconf → os/make (cycle rule "rank")' },
      ],
    });
    expect(g.problems).toEqual([]);
  });

  it('is deterministic: shuffled input gives the identical graph', () => {
    const tree = cycleTree();
    const reference = JSON.stringify(resolve(tree));
    for (const seed of [1, 2, 3, 4, 5]) {
      const shuffled = [...tree].sort((a, b) => hash(a.project, seed) - hash(b.project, seed));
      expect(JSON.stringify(resolve(shuffled))).toBe(reference);
    }
  });

  it('is stable: an edit outside the cycle moves no edge inside it', () => {
    const before = resolve(cycleTree());
    const after = resolve([...cycleTree().filter((r) => r.project !== 'os/curl'), sketchRecipe('os/curl', { needs: ['make', 'perl', 'zlib'] }), sketchRecipe('os/zlib', { needs: ['make'] })]);
    const inCycle = (g: SeedingGraph) => edgesOf(g).filter((e) => !e.startsWith('os/curl') && !e.startsWith('os/zlib'));
    expect(inCycle(after)).toEqual(inCycle(before));
    expect(after.redirects).toEqual(before.redirects);
  });

  it('keeps a redirected package’s runtime closure past self, so no new cycle appears', () => {
    const g = resolve([
      sketchRecipe('os/a', { needs: ['b'] }),
      sketchRecipe('os/b', { needs: ['a'], runtime: { b: ['c'] } }),
      sketchRecipe('os/c'),
      sketchRecipe('stage3/a', { runtime: { a: ['c'] } }),
      sketchRecipe('stage3/b', { runtime: { b: ['c'] } }),
      sketchRecipe('stage3/c'),
    ]);
    const redirected = g.resolutions.filter((r) => r.redirect);
    expect(redirected).toHaveLength(1);
    const project = redirected[0]!.project;
    const c = resolutionOf(g, project, 'c');
    expect(c.source).toBe('stage3');
    expect(c.passedOver[0]!.reason).toBe('skipped: a package taken past self brings its runtime closure from past self too');
  });

  it('reports a redirected edge that no later source provides, naming the cycle', () => {
    const g = resolve([sketchRecipe('os/a', { needs: ['b'] }), sketchRecipe('os/b', { needs: ['a'] })]);
    expect(g.problems).toHaveLength(1);
    expect(g.problems[0]).toBeInstanceOf(CycleError);
    expect(g.problems[0]!.message).toBe(
      'os/a/melange.yaml:10:7: environment.contents.packages[0]: build dependency "b" would close the cycle os/a → os/b → os/a and no source after self in os provides it (sources tried: self, stage3, published:wolfi); add it to a source after self (a previous stage, a seed or a published repository)',
    );
    expect(edgesOf(g)).toEqual(['os/b -> os/a']);
  });
});

function hash(text: string, seed: number): number {
  let h = seed;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
  return h;
}

describe('resolveSeedingEdges: the explained graph without its explanations', () => {
  const sameAsGraph = (recipes: RecipeInput[], locks: Record<string, SourceLock> = {}) => {
    const input = { options, recipes, locks, archs: ['x86_64', 'aarch64'] as const };
    const graph = resolveSeedingGraph(input);
    const edges = resolveSeedingEdges(input);
    expect(edges.edges).toEqual(graph.edges.map(({ resolutions: _resolutions, ...edge }) => edge));
    expect(edges.problems).toEqual(graph.problems);
    expect(edges.problems.map((p) => p.message)).toEqual(graph.problems.map((p) => p.message));
    expect(edges.redirects).toEqual(graph.redirects);
    return edges;
  };

  it('gives the same edges, archs included, for arch-limited recipes and needs', () => {
    const { edges } = sameAsGraph([
      sketchRecipe('os/font-stix-otf', { targetArchitecture: ['x86_64'], provides: ['font-stix=1-r0'] }),
      sketchRecipe('stage3/font-stix', { version: '1' }),
      sketchRecipe('os/docs', { needs: ['font-stix', { dep: 'only-arm', archs: ['aarch64'] }] }),
      sketchRecipe('os/only-arm'),
      sketchRecipe('os/pdo', { targetArchitecture: ['x86_64'], needs: ['php'] }),
      sketchRecipe('os/php'),
    ]);
    expect(edges.map((e) => `${e.source} -> ${e.target} [${e.archs.join(', ')}]`)).toEqual([
      'os/docs -> os/font-stix-otf [x86_64]',
      'os/docs -> os/only-arm [aarch64]',
      'os/docs -> stage3/font-stix [aarch64]',
      'os/pdo -> os/php [x86_64]',
    ]);
  });

  it('gives the same redirects, edges and cycle problems for a cycle', () => {
    const { problems, redirects } = sameAsGraph([
      sketchRecipe('os/a', { needs: ['b'] }),
      sketchRecipe('os/b', { needs: ['a'] }),
      sketchRecipe('os/autoconf', { needs: ['make', 'perl'] }),
      sketchRecipe('os/make', { needs: ['autoconf'] }),
      sketchRecipe('os/perl', { needs: ['make'] }),
      sketchRecipe('stage3/make'),
    ]);
    expect(redirects.length).toBeGreaterThan(0);
    expect(problems.some((p) => p instanceof CycleError)).toBe(true);
  });

  it('gives the same edges and archs while leaving locked packages\' closures unwalked', () => {
    // gcc's closure (libc6, cpp, a dependency the lock does not pin) stays in the seed lock; the
    // x86-only lock makes stage1/make's walk arch-dependent, which the edges must still match
    const explained = resolve(
      [sketchRecipe('stage1/make', { needs: ['gcc', 'busybox'] }), sketchRecipe('stage1/busybox', { needs: ['gcc'] })],
      { 'seed:debian': sketchLock([{ pkg: 'gcc=12.2.0-14', depends: ['libc6>=2.36', 'cpp', 'unpinned'] }, { pkg: 'libc6=2.36-9' }, { pkg: 'cpp=12.2.0-14', depends: ['libc6'] }], ['x86_64']) },
    );
    expect(explained.resolutions.some((r) => r.dependency === 'cpp')).toBe(true);
    const { edges } = sameAsGraph(
      [sketchRecipe('stage1/make', { needs: ['gcc', 'busybox'] }), sketchRecipe('stage1/busybox', { needs: ['gcc'] })],
      { 'seed:debian': sketchLock([{ pkg: 'gcc=12.2.0-14', depends: ['libc6>=2.36', 'cpp', 'unpinned'] }, { pkg: 'libc6=2.36-9' }, { pkg: 'cpp=12.2.0-14', depends: ['libc6'] }], ['x86_64']) },
    );
    expect(edges.map((e) => `${e.source} -> ${e.target} [${e.archs.join(', ')}]`)).toEqual(['stage1/make -> stage1/busybox [x86_64, aarch64]']);
  });

  it('gives the same problems for names no source provides', () => {
    const { problems } = sameAsGraph([sketchRecipe('os/curl', { needs: ['nowhere', { dep: 'arm-only', archs: ['aarch64'] }] })]);
    expect(problems.map((p) => p.code)).toEqual(['no-provider', 'no-provider']);
  });
});
