import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectConfiguration } from '@nx/devkit';
import type { RecipeSummary, SourceLock } from '@stagecraft/melange-config';
import { describe, expect, it } from 'vitest';
import { ARCHS } from '@stagecraft/melange-config';
import { tempDir } from '../../../../tools/test-temp-dir';
import { resolveSeedingEdges } from '../graph/resolve-seeding-graph';
import { formatProblems, resolveSeedingDependencies as resolveWith, seedingProvidersOf as providersWith } from './seeding-dependencies';
import { createRecipeSummarizer } from './recipe-summarizer';
import { BUILD_EXECUTOR } from './build-target';
import type { RecipeSource, SeedingRecipe } from './seeding-dependencies';

const options = {
  stages: [
    { name: 'stage1', sources: ['self', 'seed:debian'] },
    { name: 'os', sources: ['self', 'stage1'], seedFree: true },
  ],
  seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
};

const lock: SourceLock = {
  lockVersion: 1,
  type: 'debian',
  requested: ['busybox'],
  archs: Object.fromEntries(
    (['x86_64', 'aarch64'] as const).map((arch) => [
      arch,
      {
        baseUrl: 'http://deb.debian.org/debian',
        packages: [{ name: 'busybox', version: '1.35.0-4', provides: [], depends: [], sha256: '0'.repeat(64), size: 1, filename: `busybox_${arch}.deb` }],
      },
    ]),
  ),
};

function recipe(name: string, needs: string[]): string {
  return `package:\n  name: ${name}\n  version: 1.0.0\n  epoch: 0\n  description: ${name}\n  copyright:\n    - license: MIT\nenvironment:\n  contents:\n    packages:\n${needs.map((n) => `      - ${n}\n`).join('')}pipeline:\n  - runs: make\n`;
}

/** A workspace on disk (for the lock) and the projects createNodes would have made of `recipes`. */
function setUp(recipes: Record<string, string>, withLock = true) {
  const root = tempDir('seeding-deps');
  if (withLock) {
    mkdirSync(join(root, 'seeds'));
    writeFileSync(join(root, 'seeds/debian.lock.json'), JSON.stringify(lock));
  }
  const summarize = createRecipeSummarizer(root, join(root, 'pipelines'));
  const summaries = new Map<string, RecipeSummary>();
  const keys = new Map<string, string>();
  const projects: Record<string, ProjectConfiguration> = {};
  for (const [file, text] of Object.entries(recipes)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
    const name = file.replace(/(\/melange)?\.yaml$/, '');
    summaries.set(`${file}@key`, summarize(file, text));
    keys.set(file, `${file}@key`);
    projects[name] = { name, root: name, targets: { build: { executor: BUILD_EXECUTOR, options: { recipe: file } } } };
  }
  /** the recipes, with `summaryOf` swapped for one that wraps the stored summaries */
  const recipesWith = (summaryOf: RecipeSource['summaryOf']): RecipeSource => ({ keysOf: () => keys, summaryOf });
  const stored = (recipe: SeedingRecipe) => summaries.get(recipe.summaryKey)!;
  return { context: { projects, workspaceRoot: root }, keys, stored, recipes: recipesWith(stored), recipesWith };
}

const loadResolver = () => ({ resolveSeedingEdges, archs: ARCHS });
const resolveSeedingDependencies = (...args: Parameters<typeof resolveWith> extends [...infer A, unknown] ? A : never) => resolveWith(...args, loadResolver);
const seedingProvidersOf = (...args: Parameters<typeof providersWith> extends [...infer A, unknown] ? A : never) => providersWith(...args, loadResolver);

const noCache = { dir: undefined, codeDir: join(__dirname, '..') };

describe('resolveSeedingDependencies', () => {
  it('turns resolved edges into implicit Nx dependencies', () => {
    const { context, recipes } = setUp({
      'stage1/make/melange.yaml': recipe('make', ['busybox']),
      'os/curl.yaml': recipe('curl', ['make']),
    });
    const { edges, problems } = resolveSeedingDependencies(options, context, recipes, noCache);
    expect(edges).toEqual([{ source: 'os/curl', target: 'stage1/make', type: 'implicit' }]);
    expect(problems.size).toBe(0);
  });

  it('takes the recipe projects by their build target, and leaves other projects out', () => {
    const { context, recipes } = setUp({
      'stage1/make/melange.yaml': recipe('make', ['busybox']),
      'os/curl.yaml': recipe('curl', ['make']),
    });
    context.projects['tools/lint'] = { name: 'tools/lint', root: 'tools/lint', targets: { build: { executor: 'nx:run-commands', options: { recipe: 'x' } } } };
    context.projects['tools/docs'] = { name: 'tools/docs', root: 'tools/docs' };
    const asked: string[][] = [];
    const { edges } = resolveSeedingDependencies(options, context, { ...recipes, keysOf: (files) => (asked.push([...files]), recipes.keysOf(files)) }, noCache);
    expect(edges).toEqual([{ source: 'os/curl', target: 'stage1/make', type: 'implicit' }]);
    expect(asked).toEqual([['stage1/make/melange.yaml', 'os/curl.yaml']]);
  });

  it('keeps the graph and reports, per project, a name no source provides', () => {
    const { context, recipes } = setUp({
      'stage1/make/melange.yaml': recipe('make', ['busybox']),
      'os/curl.yaml': recipe('curl', ['make', 'libpsl-dev']),
    });
    const { edges, problems } = resolveSeedingDependencies(options, context, recipes, noCache);
    expect(edges).toEqual([{ source: 'os/curl', target: 'stage1/make', type: 'implicit' }]);
    expect(problems.get('os/curl')).toEqual([
      'os/curl.yaml:12:9: environment.contents.packages[1]: build dependency "libpsl-dev" has no provider in os (sources tried: self, stage1)',
    ]);
  });

  it('names a missing lock file once, and resolves the rest without it', () => {
    const { context, recipes } = setUp({ 'stage1/make/melange.yaml': recipe('make', ['busybox']) }, false);
    const { problems } = resolveSeedingDependencies(options, context, recipes, noCache);
    expect(problems.get('')).toEqual([
      'seeds/debian.lock.json: no such file (lock of seeds.debian.lock in the nx-melange options); that source provides nothing until it is fixed',
    ]);
    expect(problems.get('stage1/make')).toEqual([expect.stringContaining('"busybox" has no provider in stage1')]);
  });

  it('reuses the resolved graph for an unchanged tree, and resolves again when a recipe or lock changes', () => {
    const { context, keys, stored, recipesWith } = setUp({
      'stage1/make/melange.yaml': recipe('make', ['busybox']),
      'os/curl.yaml': recipe('curl', ['make', 'libpsl-dev']),
    });
    const cache = { dir: join(context.workspaceRoot, 'data'), codeDir: noCache.codeDir };
    let reads = 0;
    const counted = recipesWith((recipe) => {
      reads++;
      return stored({ ...recipe, summaryKey: `${recipe.recipe}@key` });
    });
    const first = resolveSeedingDependencies(options, context, counted, cache);
    expect(reads).toBe(2);
    expect(resolveSeedingDependencies(options, context, counted, cache)).toEqual(first);
    expect(reads).toBe(2);
    keys.set('os/curl.yaml', 'os/curl.yaml@other');
    resolveSeedingDependencies(options, context, counted, cache);
    expect(reads).toBe(4);
    writeFileSync(join(context.workspaceRoot, 'seeds/debian.lock.json'), JSON.stringify({ ...lock, requested: [] }));
    resolveSeedingDependencies(options, context, counted, cache);
    expect(reads).toBe(6);
  });

  it('hands Nx the transitive reduction, and the executor every edge', () => {
    const { context, recipes } = setUp({
      'stage1/make/melange.yaml': recipe('make', ['busybox']),
      'os/zlib.yaml': recipe('zlib', ['make']),
      'os/openssl.yaml': recipe('openssl', ['make', 'zlib']),
      'os/curl.yaml': recipe('curl', ['make', 'openssl', 'zlib']),
    });
    const { edges } = resolveSeedingDependencies(options, context, recipes, noCache);
    expect(edges.filter((e) => e.source === 'os/curl').map((e) => e.target)).toEqual(['os/openssl']);
    expect(seedingProvidersOf('os/curl', options, context, recipes, noCache).sort()).toEqual(['os/openssl', 'os/zlib', 'stage1/make']);
    expect(seedingProvidersOf('stage1/make', options, context, recipes, noCache)).toEqual([]);
  });

  it('gives the executor the cached edges of an unchanged tree, and resolves again for a changed one', () => {
    const { context, recipes, stored, recipesWith } = setUp({
      'stage1/make/melange.yaml': recipe('make', ['busybox']),
      'os/zlib.yaml': recipe('zlib', ['make']),
      'os/curl.yaml': recipe('curl', ['make', 'zlib']),
    });
    const cache = { dir: join(context.workspaceRoot, 'data'), codeDir: noCache.codeDir };
    resolveSeedingDependencies(options, context, recipes, cache);
    let reads = 0;
    const counted = recipesWith((recipe) => {
      reads++;
      return stored(recipe);
    });
    expect(seedingProvidersOf('os/curl', options, context, counted, cache).sort()).toEqual(['os/zlib', 'stage1/make']);
    expect(reads).toBe(0);
    delete context.projects['os/zlib'];
    expect(seedingProvidersOf('os/curl', options, context, counted, cache)).toEqual(['stage1/make']);
    expect(reads).toBe(2);
  });

  it('formats problems as one report', () => {
    const problems = new Map([
      ['os/curl', ['os/curl.yaml:1:1: a']],
      ['', ['seeds/x.json: b']],
    ]);
    expect(formatProblems(new Map())).toBeUndefined();
    expect(formatProblems(problems)).toBe(
      'nx-melange: 2 problems in the seeding graph; the graph keeps every other edge, and builds of the projects named here will fail until they are fixed:\n' +
        '  os/curl.yaml:1:1: a\n  seeds/x.json: b\n',
    );
  });
});
