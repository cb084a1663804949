/**
 * The plugin's Nx hooks, wired to the real recipe model, Nx's workspace data folder and the
 * seeding resolver. Everything they do is in the modules they call.
 *
 * This module and what it imports at the top are what every Nx command loads; the recipe
 * model and the resolver are required only on the paths that use them (a changed tree), and
 * nothing loads @nx/devkit at run time (its few functions are taken from the Nx modules the
 * plugin worker already has), which keeps an unchanged tree's graph close to Nx's own cost.
 */
import { join } from 'node:path';
import type { CreateDependencies, CreateDependenciesContext, CreateNodes } from '@nx/devkit';
import { AfterReturnQueue } from './after-return-queue';
import { pluginCacheDir } from './plugin-cache-dir';
import { NX_MELANGE_CODE_DIR } from './compiled-code-digest';
import { createRecipeNodesFunction, type SummarizeRecipe } from './create-recipe-nodes';
import { normalizeInferenceOptions, type MelangePluginOptions } from './inference-options';
import { RecipeSummaries } from './recipe-summaries';
import { readContentKeys, RECIPE_KEYS_CACHE_FILE } from './content-keys';
import { RECIPE_GLOB } from './recipe-location';
import { formatProblems, resolveSeedingDependencies, type LoadResolver } from './seeding-dependencies';

const summaries = new RecipeSummaries();

const createSummarizer = (workspaceRoot: string, pipelineDir: string): SummarizeRecipe =>
  (require('./recipe-summarizer') as typeof import('./recipe-summarizer')).createRecipeSummarizer(workspaceRoot, pipelineDir);

const loadResolver: LoadResolver = () => ({
  resolveSeedingEdges: (require('../graph/resolve-seeding-graph') as typeof import('../graph/resolve-seeding-graph')).resolveSeedingEdges,
  archs: (require('@stagecraft/melange-config') as typeof import('@stagecraft/melange-config')).ARCHS,
});

/** The seeding graph for Nx's projects, from the resolved-graph cache when the tree has not changed. */
function seedingDependencies(options: MelangePluginOptions | undefined, context: Pick<CreateDependenciesContext, 'projects' | 'workspaceRoot'>) {
  const pipelineDir = join(context.workspaceRoot, normalizeInferenceOptions(options).pipelineDir);
  let summarize: SummarizeRecipe | undefined;
  const cacheDir = pluginCacheDir();
  return resolveSeedingDependencies(
    options,
    context,
    {
      // Taken by createNodes in this process, for the projects Nx has; taken again only when
      // this process did not make them (Nx restarted the worker in between).
      keysOf: (files) =>
        summaries.keysOf(files) ??
        readContentKeys(context.workspaceRoot, files, cacheDir && join(cacheDir, RECIPE_KEYS_CACHE_FILE)).keys,
      summaryOf: (recipe) =>
        summaries.get(recipe.summaryKey, recipe.recipe, context.workspaceRoot, () =>
          (summarize ??= createSummarizer(context.workspaceRoot, pipelineDir)),
        ),
    },
    { dir: cacheDir, codeDir: NX_MELANGE_CODE_DIR },
    loadResolver,
  );
}

/**
 * Between returning the projects and being asked for dependencies, the plugin waits while Nx
 * merges the projects and sends them back (about a second at Wolfi scale, on a changed tree).
 * That is when a changed tree's seeding graph is resolved, into the cache createDependencies
 * then reads — for the projects this plugin made; if Nx's differ (a project.json renamed one),
 * the cache key differs and createDependencies resolves itself — and its caches are written.
 * createDependencies finishes whatever is left before it answers: it is the last call Nx makes
 * before it may stop the worker (a small workspace is merged before the first piece's turn).
 */
const afterReturn = new AfterReturnQueue({ delayMs: 20 });

/** The seeding graph a summarising thread is resolving into the cache, for createDependencies to wait for. */
let seedingGraphAhead: Promise<boolean> | undefined;

export const createNodes: CreateNodes<MelangePluginOptions> = [
  RECIPE_GLOB,
  createRecipeNodesFunction({
    createSummarizer,
    summaries,
    cacheDir: pluginCacheDir,
    fileHashes: (workspaceRoot) => (require('./nx-file-hashes') as typeof import('./nx-file-hashes')).nxFileHashes(workspaceRoot),
    summarizeMany: (...args) => (require('./summarize-in-parallel') as typeof import('./summarize-in-parallel')).summarizeInParallel(...args),
    afterReturn: (work) => afterReturn.add(work),
    seedingGraphAhead: (resolved) => (seedingGraphAhead = resolved),
    afterChange: (projects, options, context) => {
      if (pluginCacheDir() !== undefined) seedingDependencies(options, { projects, workspaceRoot: context.workspaceRoot });
    },
  }),
];

export const createDependencies: CreateDependencies<MelangePluginOptions> = async (options, context) => {
  afterReturn.finish();
  // Resolved or not, the cache then holds what the thread made, and a graph it did not make
  // (or made for other projects) is resolved here.
  await seedingGraphAhead;
  seedingGraphAhead = undefined;
  const { edges, problems } = seedingDependencies(options, context);
  const report = formatProblems(problems);
  if (report !== undefined) process.stderr.write(report);
  return edges;
};
