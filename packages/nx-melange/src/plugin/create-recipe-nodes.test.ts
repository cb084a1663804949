import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AggregateCreateNodesError, type CreateNodesContext, type CreateNodesResult } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { writeTree } from './__fixtures__/write-tree';
import { createRecipeNodesFunction, type RecipeNodesDependencies, type SummarizeRecipe } from './create-recipe-nodes';
import type { MelangePluginOptions } from './inference-options';
import { readRecipeProject } from './recipe-project';
import { RecipeSummaries } from './recipe-summaries';
import { createRecipeSummarizer } from './recipe-summarizer';
import type { SummarizedRecipe, SummarizeMany } from './summarize-in-parallel';
import { storeSummary } from './stored-summary';
import { contentKey } from './content-key';

const options: MelangePluginOptions = {
  stages: [
    { name: 'stage1', sources: ['self', 'seed:debian'] },
    { name: 'os', sources: ['self', 'stage1'], seedFree: true },
  ],
  seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
};

function recipe(name: string, needs: string[], extra = ''): string {
  return `package:\n  name: ${name}\n  version: 2.1.0\n  epoch: 3\n  description: ${name} package\n  copyright:\n    - license: MIT\n${extra}environment:\n  contents:\n    packages:\n${needs.map((n) => `      - ${n}\n`).join('')}pipeline:\n  - runs: make\n`;
}

const workspace = (files: Record<string, string>) => writeTree('recipe-nodes', files);

/** The real summarizer, counting how many recipes it reads. */
function countingSummarizer() {
  const counter = { files: [] as string[] };
  const createSummarizer = (root: string, pipelineDir: string): SummarizeRecipe => {
    const summarize = createRecipeSummarizer(root, pipelineDir);
    return (file, text) => {
      counter.files.push(file);
      return summarize(file, text);
    };
  };
  return { counter, createSummarizer };
}

function run(
  root: string,
  files: string[],
  createSummarizer = countingSummarizer().createSummarizer,
  cacheDir?: string,
  summaries = new RecipeSummaries(),
  summarizeMany?: SummarizeMany,
  later?: Pick<RecipeNodesDependencies, 'afterReturn' | 'afterChange' | 'seedingGraphAhead'>,
) {
  const fn = createRecipeNodesFunction({
    createSummarizer,
    summaries,
    summarizeMany,
    ...later,
    cacheDir: () => cacheDir,
    hostArch: 'x86_64',
    locatePackage: (name) => join(root, 'packages', name.replace('@stagecraft/', '')),
  });
  const context: CreateNodesContext = { workspaceRoot: root, nxJsonConfiguration: {} };
  return fn(files, options, context) as Promise<Array<readonly [string, CreateNodesResult]>>;
}

const tree = {
  'stage1/make/melange.yaml': recipe('make', ['busybox']),
  'os/curl.yaml': recipe('curl', ['make']),
  'os/curl/fix.patch': 'patch',
  'os/stix.yaml': recipe('stix', ['make'], '  target-architecture:\n    - x86_64\n'),
  'pipelines/custom.yaml': 'name: custom\npipeline:\n  - runs: true\n',
};
const treeFiles = ['os/curl.yaml', 'os/stix.yaml', 'pipelines/custom.yaml', 'stage1/make/melange.yaml', 'stage2/other/melange.yaml'];

/**
 * A SummarizeMany as the threads behave. A fed run summarises what it is fed (from the bytes it
 * is handed, else read here); the others read their files. A batch with the first recipe is sent
 * at once, in a fed run from end() (before the plugin has made its cache), one with the others a
 * little later, then `done`; `skip` are left out (a failure, a dead thread). Records the files,
 * the recipes fed, and the seeding graph each call was given.
 */
function threadsLike(
  asked: string[][],
  skip: string[],
  given: unknown[] = [],
  seedingGraph?: Promise<boolean>,
  fedWith: [string, boolean][] = [],
): SummarizeMany {
  return (files, workspaceRoot, pipelineDir, options) => {
    asked.push([...files]);
    given.push(options.seedingGraph);
    const summarize = createRecipeSummarizer(workspaceRoot, pipelineDir);
    const summarizeOne = (file: string, read?: { key: string; bytes: Uint8Array }): SummarizedRecipe => {
      const bytes = Buffer.from(read?.bytes ?? readFileSync(join(workspaceRoot, file)));
      return [file, read?.key ?? contentKey(file, bytes), storeSummary(summarize(file, bytes.toString('utf8')))];
    };
    const send = (recipes: SummarizedRecipe[]) => options.onBatch({ json: JSON.stringify(recipes), recipes });
    const fed: [string, { key: string; bytes: Uint8Array } | undefined][] = [];
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    const start = () => {
      const summarized = options.fed
        ? fed.filter(([file]) => !skip.includes(file)).map(([file, read]) => summarizeOne(file, read))
        : files.filter((file) => !skip.includes(file)).map((file) => summarizeOne(file));
      send(summarized.slice(0, 1));
      return summarized.slice(1);
    };
    const rest = options.fed ? end.then(() => undefined) : Promise.resolve();
    let later: SummarizedRecipe[] = options.fed ? [] : start();
    const done = rest.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            send(later);
            resolve();
          }, 5),
        ),
    );
    return {
      done,
      seedingGraph,
      feed: (file, read) => {
        fedWith.push([file, read !== undefined]);
        fed.push([file, read]);
      },
      end: () => {
        if (options.fed) later = start();
        ended();
      },
    };
  };
}

describe('createRecipeNodesFunction', () => {
  it('makes one project per recipe of a declared stage, in both layouts', async () => {
    const root = workspace(tree);
    const results = await run(root, treeFiles);
    expect(results.map(([file]) => file)).toEqual(['os/curl.yaml', 'os/stix.yaml', 'stage1/make/melange.yaml']);
    const curl = results[0][1].projects!['os/curl'];
    expect(curl).toMatchObject({
      name: 'os/curl',
      root: 'os/curl',
      tags: ['stage:os'],
      metadata: {
        description: 'curl package',
        version: '2.1.0-r3',
        license: 'MIT',
        technologies: ['melange'],
      },
    });
    // nothing of the plugin's own rides in the project (recipe-project.ts says why)
    expect(Object.keys(curl.metadata!).sort()).toEqual(['description', 'license', 'technologies', 'version']);
    expect(curl.targets!.build).toEqual({
      executor: '@stagecraft/nx-melange:build',
      options: { recipe: 'os/curl.yaml', arch: 'x86_64' },
      configurations: {
        x86_64: { arch: 'x86_64' },
        amd64: { arch: 'x86_64' },
        aarch64: { arch: 'aarch64' },
        arm64: { arch: 'aarch64' },
      },
      dependsOn: ['^build'],
      inputs: [
        '{workspaceRoot}/os/curl/**/*',
        '{workspaceRoot}/os/curl.yaml',
        '{workspaceRoot}/pipelines/**/*',
        { fileset: '{workspaceRoot}/packages/melange-config/dist/**/*.js', includeIgnored: true },
        { fileset: '{workspaceRoot}/packages/apk/dist/**/*.js', includeIgnored: true },
        { fileset: '{workspaceRoot}/packages/builder/dist/**/*.js', includeIgnored: true },
        { fileset: '{workspaceRoot}/packages/nx-melange/dist/**/*.js', includeIgnored: true },
        { externalDependencies: ['yaml', 'tar-stream', 'fast-glob'] },
        { dependentTasksOutputFiles: '**/*.apk', transitive: true },
      ],
      outputs: ['{workspaceRoot}/dist/{options.arch}/{projectRoot}'],
      cache: true,
      metadata: {
        description: 'Build curl 2.1.0-r3 and its subpackages into signed APKs (-c x86_64 | -c aarch64)',
        technologies: ['melange'],
      },
    });
  });

  it('hashes the folder layout by project root, and gives a stage its seed lock', async () => {
    const root = workspace(tree);
    const results = await run(root, treeFiles);
    const make = results[2][1].projects!['stage1/make'];
    expect(readRecipeProject(make)).toEqual({ stage: 'stage1', recipe: 'stage1/make/melange.yaml' });
    expect(make.targets!.build.inputs!.slice(0, 3)).toEqual([
      '{projectRoot}/**/*',
      '{workspaceRoot}/pipelines/**/*',
      '{workspaceRoot}/seeds/debian.lock.json',
    ]);
  });

  it('tags an arch-limited recipe with its architecture', async () => {
    const root = workspace(tree);
    const results = await run(root, treeFiles);
    expect(results[1][1].projects!['os/stix'].tags).toEqual(['stage:os', 'arch:x86_64']);
  });

  it('reads each recipe once: an unchanged tree comes from the cache, an edited recipe is read again', async () => {
    const root = workspace(tree);
    const cacheDir = join(root, '.nx', 'workspace-data');
    const first = countingSummarizer();
    const cold = await run(root, treeFiles, first.createSummarizer, cacheDir);
    expect(first.counter.files).toHaveLength(3);
    const second = countingSummarizer();
    expect(await run(root, treeFiles, second.createSummarizer, cacheDir)).toEqual(cold);
    expect(second.counter.files).toEqual([]);
    writeFileSync(join(root, 'os/curl.yaml'), recipe('curl', ['make', 'busybox']));
    const third = countingSummarizer();
    await run(root, treeFiles, third.createSummarizer, cacheDir);
    expect(third.counter.files).toEqual(['os/curl.yaml']);
  });

  it('answers an unchanged tree from the nodes cache, and still hands createDependencies every summary', async () => {
    const root = workspace(tree);
    const cacheDir = join(root, '.nx', 'workspace-data');
    const cold = await run(root, treeFiles, countingSummarizer().createSummarizer, cacheDir);
    // A summary cache that cannot be read proves the warm run did not need it to make projects.
    writeFileSync(join(cacheDir, 'stagecraft-recipes.json'), 'not json');
    const warm = countingSummarizer();
    const summaries = new RecipeSummaries();
    expect(await run(root, treeFiles, warm.createSummarizer, cacheDir, summaries)).toEqual(cold);
    expect(warm.counter.files).toEqual([]);
    const key = summaries.keysOf(['os/curl.yaml'])!.get('os/curl.yaml')!;
    expect(key).toMatch(/^os\/curl\.yaml@[0-9a-f]{40}$/);
    const summary = summaries.get(key, 'os/curl.yaml', root, () => warm.createSummarizer(root, join(root, 'pipelines')));
    expect(summary).toMatchObject({ name: 'curl', fullVersion: '2.1.0-r3' });
    expect(warm.counter.files).toEqual(['os/curl.yaml']);
  });

  it('takes summaries for createDependencies from the summary cache after a nodes-cache answer', async () => {
    const root = workspace(tree);
    const cacheDir = join(root, '.nx', 'workspace-data');
    await run(root, treeFiles, countingSummarizer().createSummarizer, cacheDir);
    const warm = countingSummarizer();
    const summaries = new RecipeSummaries();
    await run(root, treeFiles, warm.createSummarizer, cacheDir, summaries);
    const key = summaries.keysOf(['os/curl.yaml'])!.get('os/curl.yaml')!;
    expect(summaries.get(key, 'os/curl.yaml', root, () => warm.createSummarizer(root, join(root, 'pipelines')))).toMatchObject({ name: 'curl' });
    expect(warm.counter.files).toEqual([]);
  });

  it('makes the projects again when a workspace pipeline, the options or the file list change', async () => {
    const root = workspace(tree);
    const cacheDir = join(root, '.nx', 'workspace-data');
    const cold = await run(root, treeFiles, countingSummarizer().createSummarizer, cacheDir);
    writeFileSync(join(root, 'pipelines/custom.yaml'), 'name: custom\npipeline:\n  - runs: false\n');
    const afterPipeline = countingSummarizer();
    expect(await run(root, treeFiles, afterPipeline.createSummarizer, cacheDir)).toEqual(cold);
    expect(afterPipeline.counter.files).toHaveLength(3);
    const fewer = await run(root, treeFiles.filter((f) => f !== 'os/stix.yaml'), countingSummarizer().createSummarizer, cacheDir);
    expect(fewer.map(([file]) => file)).toEqual(['os/curl.yaml', 'stage1/make/melange.yaml']);
  });

  it('takes the summaries summarizeMany made ahead, only for recipes the cache lacks, and summarises the rest itself', async () => {
    const root = workspace({ ...tree, 'os/broken.yaml': 'package:\n  name: [broken\n' });
    const cacheDir = join(root, '.nx', 'workspace-data');
    const files = [...treeFiles, 'os/broken.yaml'];
    const asked: string[][] = [];
    // Summarises everything but curl (as if its thread died); the broken recipe fails.
    const summarizeMany = threadsLike(asked, ['os/curl.yaml', 'os/broken.yaml']);
    const first = countingSummarizer();
    const summaries = new RecipeSummaries();
    const error = (await run(root, files, first.createSummarizer, cacheDir, summaries, summarizeMany).catch((e: unknown) => e)) as AggregateCreateNodesError;
    expect(asked).toEqual([['os/broken.yaml', 'os/curl.yaml', 'os/stix.yaml', 'stage1/make/melange.yaml']]);
    expect(first.counter.files.sort()).toEqual(['os/broken.yaml', 'os/curl.yaml']);
    // createDependencies gets the summaries made ahead from their stored form, not by parsing again
    const stixKey = summaries.keysOf(['os/stix.yaml'])!.get('os/stix.yaml')!;
    expect(summaries.get(stixKey, 'os/stix.yaml', root, () => first.createSummarizer(root, join(root, 'pipelines')))).toEqual(
      createRecipeSummarizer(root, join(root, 'pipelines'))('os/stix.yaml', tree['os/stix.yaml']),
    );
    expect(first.counter.files.sort()).toEqual(['os/broken.yaml', 'os/curl.yaml']);
    expect(error.errors.map(([file]) => file)).toEqual(['os/broken.yaml']);
    expect(error.partialResults.map(([file]) => file)).toEqual(['os/curl.yaml', 'os/stix.yaml', 'stage1/make/melange.yaml']);
    writeFileSync(join(root, 'os/curl.yaml'), recipe('curl', ['make', 'busybox']));
    await run(root, files, countingSummarizer().createSummarizer, cacheDir, new RecipeSummaries(), summarizeMany).catch(() => undefined);
    expect(asked[1]).toEqual(['os/broken.yaml', 'os/curl.yaml']);
  });

  it('hands a cacheless run\'s threads the seeding graph\'s inputs, and leaves the graph to them instead of afterChange', async () => {
    const root = workspace(tree);
    const cacheDir = join(root, '.nx', 'workspace-data');
    const given: unknown[] = [];
    const resolvedAhead = Promise.resolve(true);
    const fedWith: [string, boolean][] = [];
    const summarizeMany = threadsLike([], [], given, resolvedAhead, fedWith);
    const told: Promise<boolean>[] = [];
    const deferred: (() => void)[] = [];
    const changed: unknown[] = [];
    const later = {
      afterReturn: (work: () => void) => void deferred.push(work),
      afterChange: (projects: Record<string, unknown>) => void changed.push(projects),
      seedingGraphAhead: (resolved: Promise<boolean>) => void told.push(resolved),
    };
    await run(root, treeFiles, countingSummarizer().createSummarizer, cacheDir, new RecipeSummaries(), summarizeMany, later);
    expect(given).toEqual([
      {
        options,
        projects: [
          ['os/curl', 'os/curl.yaml'],
          ['os/stix', 'os/stix.yaml'],
          ['stage1/make', 'stage1/make/melange.yaml'],
        ],
        cacheDir,
      },
    ]);
    expect(told).toEqual([resolvedAhead]);
    // the threads were handed every recipe with the bytes read for its key, not left to read them again
    expect(fedWith).toEqual([
      ['os/curl.yaml', true],
      ['os/stix.yaml', true],
      ['stage1/make/melange.yaml', true],
    ]);
    // only the cache writes are left for later
    expect(deferred).toHaveLength(1);
    deferred.shift()!();
    expect(changed).toEqual([]);

    // without a cache to resolve into, the threads only summarise
    given.length = 0;
    await run(workspace(tree), treeFiles, countingSummarizer().createSummarizer, undefined, new RecipeSummaries(), summarizeMany, later);
    expect(given).toEqual([undefined]);
  });

  it('leaves the cache writes and afterChange to afterReturn, afterChange first, and only for a changed tree', async () => {
    const root = workspace(tree);
    const cacheDir = join(root, '.nx', 'workspace-data');
    const deferred: (() => void)[] = [];
    const changed: string[][] = [];
    const later = { afterReturn: (work: () => void) => void deferred.push(work), afterChange: (projects: Record<string, unknown>) => void changed.push(Object.keys(projects)) };
    const cold = await run(root, treeFiles, countingSummarizer().createSummarizer, cacheDir, new RecipeSummaries(), undefined, later);
    expect(existsSync(join(cacheDir, 'stagecraft-nodes.json'))).toBe(false);
    expect(deferred).toHaveLength(2);
    deferred.shift()!();
    expect(changed).toEqual([['os/curl', 'os/stix', 'stage1/make']]);
    expect(existsSync(join(cacheDir, 'stagecraft-nodes.json'))).toBe(false);
    deferred.shift()!();
    expect(existsSync(join(cacheDir, 'stagecraft-nodes.json'))).toBe(true);
    const warm = await run(root, treeFiles, countingSummarizer().createSummarizer, cacheDir, new RecipeSummaries(), undefined, later);
    expect(warm).toEqual(cold);
    expect(deferred).toEqual([]);
    expect(changed).toHaveLength(1);
  });

  it('reports every broken recipe by file:line without a stack, and still returns the others', async () => {
    const root = workspace({
      ...tree,
      'os/broken.yaml': 'package:\n  name: [broken\n',
      'os/noversion.yaml': recipe('noversion', ['make']).replace('  version: 2.1.0\n', ''),
    });
    const error = await run(root, [...treeFiles, 'os/broken.yaml', 'os/noversion.yaml']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AggregateCreateNodesError);
    const aggregate = error as AggregateCreateNodesError;
    expect(aggregate.errors.map(([file]) => file)).toEqual(['os/broken.yaml', 'os/noversion.yaml']);
    expect(aggregate.errors[0][1].message).toMatch(/^os\/broken\.yaml:3:1: /);
    expect(aggregate.errors[1][1].message).toMatch(/^os\/noversion\.yaml:\d+:\d+: package/);
    expect(aggregate.errors[0][1].stack).not.toMatch(/\n\s+at /);
    expect(aggregate.partialResults.map(([file]) => file)).toEqual(['os/curl.yaml', 'os/stix.yaml', 'stage1/make/melange.yaml']);
  });

  it('refuses a second recipe for the same package directory', async () => {
    const root = workspace({ ...tree, 'os/curl/melange.yaml': recipe('curl', ['make']) });
    const error = (await run(root, [...treeFiles, 'os/curl/melange.yaml']).catch((e: unknown) => e)) as AggregateCreateNodesError;
    expect(error.errors.map(([file, e]) => [file, e.message])).toEqual([
      ['os/curl/melange.yaml', 'os/curl/melange.yaml: project os/curl is already defined by os/curl.yaml; keep one recipe per package directory'],
    ]);
  });
});
