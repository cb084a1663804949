/**
 * A worker thread of summarize-in-parallel.ts: summarises the recipes it is given and posts
 * back those that succeed. A recipe that fails is left out on purpose — the plugin summarises
 * it again on its main thread, where its error is reported like any other.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { createRecipeSummarizer } from './recipe-summarizer';
import type { RecipeText } from './summarize-in-parallel';

const { recipes, pipelineDir } = workerData as { recipes: RecipeText[]; pipelineDir: string };
const summarize = createRecipeSummarizer('', pipelineDir);
const summaries: [string, RecipeSummary][] = [];
for (const { file, text } of recipes) {
  try {
    summaries.push([file, summarize(file, text)]);
  } catch {
    // reported by the main thread (see above)
  }
}
parentPort!.postMessage(summaries);
