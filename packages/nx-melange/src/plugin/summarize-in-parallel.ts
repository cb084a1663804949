/**
 * Summarising every recipe is most of a cold graph's cost (3,401 recipes at Wolfi scale), and
 * recipes are independent, so a cold run deals them out to worker threads, one per core but
 * one. The threads read the recipes themselves, so a run with no caches at all starts them
 * before it takes the recipes' content keys on its own thread; each thread names the key of
 * the bytes it parsed, and a summary is used only if that is the key the plugin took. The calling thread does not summarise a
 * share itself: measured on two cores, that was slower (5.1–5.3 s against 3.9–4.0 s for the
 * corpus), because its heap already holds everything else the plugin keeps, and garbage
 * collection of that heap took more than the work saved. Summaries come back as one JSON
 * string in the cache's compact form: a structured clone of them took 730 ms to read here.
 *
 * Only successes come back: a recipe that fails, or a thread that dies, leaves its recipes to
 * the caller's serial path, which reports errors the one way it always does. Fewer than a
 * thread's worth of recipes (an edit or two) are left to that path as well.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StoredSummary } from './stored-summary';

/** `[file, content key of the bytes summarised, summary in the cache's compact form]` */
export type SummarizedRecipe = [string, string, StoredSummary];

/** A recipe summarised on a thread: the content key of the bytes it read, and its stored summary. */
export interface SummarizedAhead {
  key: string;
  stored: StoredSummary;
}

/**
 * Summarises `files` (workspace-relative) on threads that read them themselves, and resolves to
 * those that succeeded, by file; undefined when the batch is too small to be worth a thread.
 */
export type SummarizeMany = (files: readonly string[], workspaceRoot: string, pipelineDir: string) => Promise<Map<string, SummarizedAhead>> | undefined;

/** Below this many recipes per thread, starting a thread (loading the recipe model) costs more than it saves. */
const MIN_RECIPES_PER_THREAD = 150;
const MAX_THREADS = 4;

/** The compiled worker; absent when this module runs from TypeScript sources (unit tests), which then summarise serially. */
const WORKER_SCRIPT = join(__dirname, 'summarize-worker.js');

export const summarizeInParallel: SummarizeMany = (files, workspaceRoot, pipelineDir) => {
  // One core stays with the plugin's own thread (content keys, projects) and Nx: on two cores,
  // the corpus took 2.4–2.55 s to infer with one summarising thread and 2.8–2.85 s with two, as
  // each thread pays the recipe model's warm-up (JIT, caches) on its own.
  const threads = Math.min(availableParallelism() - 1, MAX_THREADS, Math.floor(files.length / MIN_RECIPES_PER_THREAD));
  if (threads < 1 || !existsSync(WORKER_SCRIPT)) return undefined;
  const chunks: string[][] = Array.from({ length: threads }, () => []);
  files.forEach((file, i) => chunks[i % threads].push(file));
  const workers = chunks.map((chunk) => new Worker(WORKER_SCRIPT, { workerData: { files: chunk, workspaceRoot, pipelineDir } }));
  return Promise.all(workers.map(resultOf)).then((results) => {
    const summaries = new Map<string, SummarizedAhead>();
    for (const result of results) for (const [file, key, stored] of result) summaries.set(file, { key, stored });
    return summaries;
  });
};

function resultOf(worker: Worker): Promise<SummarizedRecipe[]> {
  return new Promise((resolve) => {
    worker.once('message', (summaries: string) => resolve(JSON.parse(summaries) as SummarizedRecipe[]));
    worker.once('error', () => resolve([]));
    worker.once('exit', () => resolve([]));
  });
}
