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
import type { CreateDependencies, CreateNodes } from '@nx/devkit';
import { pluginCacheDir } from './cache-file';
import { createRecipeNodesFunction, type SummarizeRecipe } from './create-recipe-nodes';
import { normalizeInferenceOptions, type MelangePluginOptions } from './inference-options';
import { RecipeSummaries } from './recipe-summaries';
import { RECIPE_GLOB } from './recipe-location';
import { formatProblems, resolveSeedingDependencies, type LoadResolver } from './seeding-dependencies';

const summaries = new RecipeSummaries();

const createSummarizer = (workspaceRoot: string, pipelineDir: string): SummarizeRecipe =>
  (require('./recipe-summarizer') as typeof import('./recipe-summarizer')).createRecipeSummarizer(workspaceRoot, pipelineDir);

const loadResolver: LoadResolver = () => ({
  resolveSeedingEdges: (require('../graph/resolve-seeding-graph') as typeof import('../graph/resolve-seeding-graph')).resolveSeedingEdges,
  archs: (require('@stagecraft/melange-config') as typeof import('@stagecraft/melange-config')).ARCHS,
});

export const createNodes: CreateNodes<MelangePluginOptions> = [
  RECIPE_GLOB,
  createRecipeNodesFunction({
    createSummarizer,
    summaries,
    cacheDir: pluginCacheDir,
    summarizeMany: (...args) => (require('./summarize-in-parallel') as typeof import('./summarize-in-parallel')).summarizeInParallel(...args),
  }),
];

export const createDependencies: CreateDependencies<MelangePluginOptions> = (options, context) => {
  const pipelineDir = join(context.workspaceRoot, normalizeInferenceOptions(options).pipelineDir);
  let summarize: SummarizeRecipe | undefined;
  const { edges, problems } = resolveSeedingDependencies(
    options,
    context,
    (metadata) =>
      summaries.get(metadata.summaryKey, metadata.recipe, context.workspaceRoot, () =>
        (summarize ??= createSummarizer(context.workspaceRoot, pipelineDir)),
      ),
    // The resolver is ../graph, compiled beside this file.
    { dir: pluginCacheDir(), resolverDir: join(__dirname, '..', 'graph') },
    loadResolver,
  );
  const report = formatProblems(problems);
  if (report !== undefined) process.stderr.write(report);
  return edges;
};
