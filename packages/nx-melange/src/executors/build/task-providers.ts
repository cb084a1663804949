/**
 * The projects one build draws packages from: its edges in the full seeding graph, which the
 * plugin cached beside the reduced graph Nx holds, under the same key. When that cache does not
 * match the tree the task graph was made from (caching off, or a file changed since), the graph
 * is resolved again here, from the summary cache or the recipes themselves.
 */
import { join } from 'node:path';
import type { ProjectConfiguration } from '@nx/devkit';
import { ARCHS } from '@stagecraft/melange-config';
import { resolveSeedingEdges } from '../../graph/resolve-seeding-graph';
import { pluginCacheDir } from '../../plugin/plugin-cache-dir';
import { locateInstalledPackage } from '../../plugin/code-inputs';
import { NX_MELANGE_CODE_DIR } from '../../plugin/compiled-code-digest';
import type { SummarizeRecipe } from '../../plugin/create-recipe-nodes';
import { inferenceContextHash } from '../../plugin/inference-context-hash';
import { normalizeInferenceOptions, type MelangePluginOptions } from '../../plugin/inference-options';
import { readContentKeys, RECIPE_KEYS_CACHE_FILE } from '../../plugin/content-keys';
import { RecipeSummaries } from '../../plugin/recipe-summaries';
import { createRecipeSummarizer } from '../../plugin/recipe-summarizer';
import { RECIPE_SUMMARY_CACHE_FILE, RecipeSummaryCache } from '../../plugin/recipe-summary-cache';
import { seedingProvidersOf } from '../../plugin/seeding-dependencies';

export function taskProviders(
  project: string,
  rawOptions: MelangePluginOptions | undefined,
  projects: Record<string, ProjectConfiguration>,
  workspaceRoot: string,
): Set<string> {
  const cacheDir = pluginCacheDir();
  const pipelineDir = join(workspaceRoot, normalizeInferenceOptions(rawOptions).pipelineDir);
  const summaries = new RecipeSummaries();
  summaries.beginRun(() =>
    cacheDir === undefined
      ? undefined
      : RecipeSummaryCache.load(
          join(cacheDir, RECIPE_SUMMARY_CACHE_FILE),
          inferenceContextHash({ options: rawOptions, pipelineDir, parserDir: locateInstalledPackage('@stagecraft/melange-config'), cacheDir }),
        ),
  );
  summaries.endRun();
  let summarize: SummarizeRecipe | undefined;
  const providers = seedingProvidersOf(
    project,
    rawOptions,
    { projects, workspaceRoot },
    {
      keysOf: (files) => readContentKeys(workspaceRoot, files, cacheDir && join(cacheDir, RECIPE_KEYS_CACHE_FILE)).keys,
      summaryOf: (recipe) =>
        summaries.get(recipe.summaryKey, recipe.recipe, workspaceRoot, () => (summarize ??= createRecipeSummarizer(workspaceRoot, pipelineDir))),
    },
    { dir: cacheDir, codeDir: NX_MELANGE_CODE_DIR },
    () => ({ resolveSeedingEdges, archs: ARCHS }),
  );
  return new Set(providers);
}
