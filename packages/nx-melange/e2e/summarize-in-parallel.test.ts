/**
 * The cold graph's parallel summariser, as Nx loads it: compiled, with its worker script beside
 * it, over real wolfi-os recipes and one broken recipe; and the summary cache's compact form,
 * over every corpus recipe.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { sharedDir } from '../../../tools/shared-dir.mjs';
import { tempDir } from '../../../tools/test-temp-dir';
import type * as Parallel from '../src/plugin/summarize-in-parallel';
import type * as Summarizer from '../src/plugin/recipe-summarizer';
import type * as Stored from '../src/plugin/stored-summary';
import type * as SeedingDependencies from '../src/plugin/seeding-dependencies';
import type * as BuildTarget from '../src/plugin/build-target';
import { contentKey } from '../src/plugin/content-key';
import { CHECKOUT, compilePlugin } from './nx-workspace';

const corpus = join(sharedDir(), 'corpus/wolfi-os');
const pipelineDir = join(sharedDir(), 'corpus/wolfi-os-pipelines');

/** Every summary a run sends, by file, once it is done; a file sent twice fails the test. */
async function collect(start: (options: { onBatch: Parallel.SummarizeManyOptions['onBatch'] }) => Parallel.SummarizeRun | undefined) {
  const summaries = new Map<string, { key: string; stored: Stored.StoredSummary }>();
  const run = start({
    onBatch: ({ json, recipes }) => {
      expect(JSON.parse(json)).toEqual(recipes);
      for (const [file, key, stored] of recipes) {
        expect(summaries.has(file)).toBe(false);
        summaries.set(file, { key, stored });
      }
    },
  });
  expect(run).toBeDefined();
  await run!.done;
  return summaries;
}

describe.skipIf(availableParallelism() < 2)('summarizeInParallel (compiled, with worker threads)', () => {
  let parallel: typeof Parallel;
  let summarizer: typeof Summarizer;
  let stored: typeof Stored;

  beforeAll(() => {
    compilePlugin();
    parallel = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/summarize-in-parallel.js'));
    summarizer = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/recipe-summarizer.js'));
    stored = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/stored-summary.js'));
  });

  it('summarises on worker threads exactly as serially, and leaves failures to the caller', async () => {
    const recipes = readdirSync(corpus)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .slice(0, 600)
      .map((name) => ({ file: `os/${name}`, text: readFileSync(join(corpus, name), 'utf8') }));
    recipes.push({ file: 'os/broken.yaml', text: 'package:\n  name: [broken\n' });
    const root = tempDir('summarize-in-parallel');
    mkdirSync(join(root, 'os'));
    for (const { file, text } of recipes) writeFileSync(join(root, file), text);

    const summaries = await collect((options) => parallel.summarizeInParallel(recipes.map((r) => r.file), root, pipelineDir, options));
    expect([...summaries.keys()].sort()).toEqual(recipes.slice(0, -1).map((r) => r.file));
    const serial = summarizer.createRecipeSummarizer('', pipelineDir);
    for (const { file, text } of recipes.slice(0, -1)) {
      const { key, stored: compact } = summaries.get(file)!;
      expect(key).toBe(contentKey(file, text));
      expect(stored.loadSummary(compact, file)).toEqual(serial(file, text));
    }
  });

  it('hands back every corpus summary in the compact cache form, which loads back to the summary unchanged', async () => {
    const recipes = readdirSync(corpus)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => ({ file: `os/${name}`, text: readFileSync(join(corpus, name), 'utf8') }));
    const summaries = await collect((options) => parallel.summarizeInParallel(recipes.map((r) => r.file.slice('os/'.length)), corpus, pipelineDir, options));
    expect(summaries.size).toBe(recipes.length);
    const serial = summarizer.createRecipeSummarizer('', pipelineDir);
    let before = 0;
    let after = 0;
    for (const { file, text } of recipes) {
      const summary: RecipeSummary = serial(file, text);
      const compact = summaries.get(file.slice('os/'.length))!.stored;
      before += JSON.stringify(summary).length;
      after += JSON.stringify(compact).length;
      expect(stored.loadSummary(compact, file)).toEqual(summary);
    }
    expect(after).toBeLessThan(before / 2);
  });

  describe('a single thread given the seeding graph', () => {
    const options = { stages: [{ name: 'os', sources: ['self'] }] };
    const dist = join(CHECKOUT, 'packages/nx-melange/dist');

    /** 300 corpus recipes (and `extra`) in a new workspace, with what createNodes would hand the thread. */
    function workspaceOf(extra: Record<string, string> = {}) {
      const root = tempDir('seeding-graph-ahead');
      mkdirSync(join(root, 'os'));
      const files = new Map<string, string>();
      for (const name of readdirSync(corpus).filter((n) => n.endsWith('.yaml')).sort().slice(0, 300)) {
        files.set(`os/${name}`, readFileSync(join(corpus, name), 'utf8'));
      }
      for (const [file, text] of Object.entries(extra)) files.set(file, text);
      for (const [file, text] of files) writeFileSync(join(root, file), text);
      const projects: [string, string][] = [...files.keys()].map((file) => [file.slice(0, -'.yaml'.length), file]);
      return { root, files, projects, cacheDir: join(root, '.nx', 'workspace-data') };
    }

    it('resolves the graph into the cache, where createDependencies finds exactly what it would resolve itself', async () => {
      const { root, files, projects, cacheDir } = workspaceOf();
      let run!: Parallel.SummarizeRun;
      const summaries = await collect((each) => (run = parallel.summarizeOnThreads(1, [...files.keys()], root, pipelineDir, { ...each, seedingGraph: { options, projects, cacheDir } })!));
      expect(summaries.size).toBe(files.size);
      expect(await run.seedingGraph).toBe(true);

      const deps = require(join(dist, 'plugin/seeding-dependencies.js')) as typeof SeedingDependencies;
      const { BUILD_EXECUTOR } = require(join(dist, 'plugin/build-target.js')) as typeof BuildTarget;
      const context = {
        workspaceRoot: root,
        projects: Object.fromEntries(projects.map(([name, recipe]) => [name, { name, root: name, targets: { build: { executor: BUILD_EXECUTOR, options: { recipe } } } }])),
      };
      const keys = new Map([...files].map(([file, text]) => [file, contentKey(file, text)]));
      const serial = summarizer.createRecipeSummarizer(root, pipelineDir);
      const fromCache = deps.resolveSeedingDependencies(
        options,
        context,
        { keysOf: () => keys, summaryOf: () => expect.fail('read a summary: the graph was resolved again') },
        { dir: cacheDir, codeDir: dist },
        () => expect.fail('loaded the resolver: the graph was resolved again'),
      );
      const own = deps.resolveSeedingDependencies(
        options,
        context,
        { keysOf: () => keys, summaryOf: (recipe) => serial(recipe.recipe, files.get(recipe.recipe)!) },
        { dir: undefined, codeDir: dist },
        () => ({ resolveSeedingEdges: require(join(dist, 'graph/resolve-seeding-graph.js')).resolveSeedingEdges, archs: ['x86_64', 'aarch64'] }),
      );
      expect(fromCache.edges.length).toBeGreaterThan(50);
      expect(fromCache).toEqual(own);
    });

    it('resolves nothing when a recipe fails there: the plugin reports it, and resolves later', async () => {
      const { root, files, projects, cacheDir } = workspaceOf({ 'os/broken.yaml': 'package:\n  name: [broken\n' });
      let run!: Parallel.SummarizeRun;
      const summaries = await collect((each) => (run = parallel.summarizeOnThreads(1, [...files.keys()], root, pipelineDir, { ...each, seedingGraph: { options, projects, cacheDir } })!));
      expect(summaries.size).toBe(files.size - 1);
      expect(await run.seedingGraph).toBe(false);
      expect(existsSync(join(cacheDir, 'stagecraft-seeding-graph.json'))).toBe(false);
    });
  });

  it('summarises what it is fed from the bytes handed to it, and reads the recipes fed without them', async () => {
    const names = readdirSync(corpus).filter((name) => name.endsWith('.yaml')).sort().slice(0, 200);
    const root = tempDir('summarize-fed');
    mkdirSync(join(root, 'os'));
    for (const name of names) writeFileSync(join(root, 'os', name), readFileSync(join(corpus, name)));
    const files = names.map((name) => `os/${name}`);
    // handed bytes other than those on disk: the summary must be of what was handed
    const handed = (file: string) => Buffer.from(readFileSync(join(root, file), 'utf8').replace(/^  description: .*$/m, '  description: handed over'));
    let run!: Parallel.SummarizeRun;
    const summaries = await collect((each) => {
      run = parallel.summarizeOnThreads(2, files, root, pipelineDir, { ...each, fed: true })!;
      files.forEach((file, i) => run.feed(file, i % 2 === 0 ? { key: `${file}@handed`, bytes: handed(file) } : undefined));
      run.end();
      return run;
    });
    expect([...summaries.keys()].sort()).toEqual(files);
    files.forEach((file, i) => {
      const { key, stored: compact } = summaries.get(file)!;
      if (i % 2 === 0) {
        expect(key).toBe(`${file}@handed`);
        expect(compact.description).toBe('handed over');
      } else {
        expect(key).toBe(contentKey(file, readFileSync(join(corpus, file.slice('os/'.length)))));
        expect(compact.description).not.toBe('handed over');
      }
    });
  });

  it('leaves a small batch to the caller: a thread would cost more than it saves', async () => {
    expect(parallel.summarizeInParallel(['os/a.yaml'], corpus, pipelineDir, { onBatch: () => undefined })).toBeUndefined();
  });
});
