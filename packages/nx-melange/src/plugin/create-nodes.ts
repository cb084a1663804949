/**
 * The plugin's Nx hooks, wired to the real recipe model, Nx's workspace data folder and the
 * seeding resolver. Everything they do is in the modules they call.
 */
import { join } from 'node:path';
import type { CreateDependencies, CreateNodes } from '@nx/devkit';
import { workspaceDataDirectory } from '@nx/devkit/internal';
import { createRecipeNodesFunction, type SummarizeRecipe } from './create-recipe-nodes';
import { normalizeInferenceOptions, type MelangePluginOptions } from './inference-options';
import { RecipeSummaries } from './recipe-summaries';
import { RECIPE_GLOB } from './recipe-location';
import { createRecipeSummarizer } from './recipe-summarizer';
import { formatProblems, resolveSeedingDependencies } from './seeding-dependencies';

export const INFERENCE_CACHE_FILE = 'stagecraft-recipes.json';
export const SEEDING_GRAPH_CACHE_FILE = 'stagecraft-seeding-graph.json';

// Same switch as Nx's own plugins: NX_CACHE_PROJECT_GRAPH=false means infer from scratch.
const cachePath = (name: string) =>
  process.env.NX_CACHE_PROJECT_GRAPH === 'false' ? undefined : join(workspaceDataDirectory, name);

const summaries = new RecipeSummaries();

export const createNodes: CreateNodes<MelangePluginOptions> = [
  RECIPE_GLOB,
  createRecipeNodesFunction({
    createSummarizer: createRecipeSummarizer,
    summaries,
    cacheFile: () => cachePath(INFERENCE_CACHE_FILE),
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
        (summarize ??= createRecipeSummarizer(context.workspaceRoot, pipelineDir)),
      ),
    // The resolver is ../graph, compiled beside this file.
    { file: cachePath(SEEDING_GRAPH_CACHE_FILE), resolverDir: join(__dirname, '..', 'graph') },
  );
  const report = formatProblems(problems);
  if (report !== undefined) process.stderr.write(report);
  return edges;
};
