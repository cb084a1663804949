/**
 * Summarising every recipe is most of a cold graph's cost (3,401 recipes at Wolfi scale), and
 * recipes are independent, so a cold run deals them out to worker threads, one per core (Nx's
 * main process sits idle while the plugin infers). The calling thread only waits: measured on
 * two cores, summarising a share there as well was slower (5.1–5.3 s against 3.9–4.0 s for the
 * corpus), because its heap already holds the texts and everything else the plugin keeps, and
 * garbage collection of that heap took more than the work saved.
 *
 * Only successes come back: a recipe that fails, or a thread that dies, leaves its recipes to
 * the caller's serial path, which reports errors the one way it always does. Fewer than two
 * threads' worth of recipes (an edit or two) are left to that path as well.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RecipeSummary } from '@stagecraft/melange-config';

export interface RecipeText {
  file: string;
  text: string;
}

/** Summaries of as many of `recipes` as succeed, by file. */
export type SummarizeMany = (recipes: RecipeText[], pipelineDir: string) => Promise<Map<string, RecipeSummary>>;

/** Below this many recipes per thread, starting a thread (loading the recipe model) costs more than it saves. */
const MIN_RECIPES_PER_THREAD = 150;
const MAX_THREADS = 4;

/** The compiled worker; absent when this module runs from TypeScript sources (unit tests), which then summarise serially. */
const WORKER_SCRIPT = join(__dirname, 'summarize-worker.js');

export const summarizeInParallel: SummarizeMany = async (recipes, pipelineDir) => {
  const threads = Math.min(availableParallelism(), MAX_THREADS, Math.floor(recipes.length / MIN_RECIPES_PER_THREAD));
  const summaries = new Map<string, RecipeSummary>();
  if (threads < 2 || !existsSync(WORKER_SCRIPT)) return summaries;
  // Dealt round-robin from a size-sorted list, so every thread gets a similar amount of text.
  const chunks: RecipeText[][] = Array.from({ length: threads }, () => []);
  [...recipes].sort((a, b) => b.text.length - a.text.length).forEach((recipe, i) => chunks[i % threads].push(recipe));
  for (const result of await Promise.all(chunks.map((chunk) => inWorker(chunk, pipelineDir)))) {
    for (const [file, summary] of result) summaries.set(file, summary);
  }
  return summaries;
};

function inWorker(recipes: RecipeText[], pipelineDir: string): Promise<[string, RecipeSummary][]> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SCRIPT, { workerData: { recipes, pipelineDir } });
    worker.once('message', (summaries: [string, RecipeSummary][]) => resolve(summaries));
    worker.once('error', () => resolve([]));
    worker.once('exit', () => resolve([]));
  });
}
