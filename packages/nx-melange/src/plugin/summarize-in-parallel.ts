/**
 * Summarising every recipe is most of a cold graph's cost (3,401 recipes at Wolfi scale), and
 * recipes are independent, so a cold run deals them out to worker threads, one per core but
 * one. A run with no caches at all starts them first and feeds them each recipe as the plugin
 * reads it for its content key (bytes and key); otherwise each thread reads its recipes itself
 * and names the key of the bytes it parsed. Either way a summary is used only if its key is the
 * one the plugin took. The calling thread does not summarise a share itself: measured on two
 * cores, that was slower (5.1–5.3 s against 3.9–4.0 s for the corpus), because its heap already
 * holds everything else the plugin keeps, and garbage collection of that heap took more than
 * the work saved. Summaries come back as JSON strings in the cache's compact form, a batch at a
 * time: a structured clone of them took 730 ms to read here.
 *
 * Only successes come back: a recipe that fails, or a thread that dies, leaves its recipes to
 * the caller's serial path, which reports errors the one way it always does. Fewer than a
 * thread's worth of recipes (an edit or two) are left to that path as well.
 *
 * A single thread given the seeding graph's inputs holds every summary, so it goes on to
 * resolve the graph into the cache (seeding-graph-ahead.ts) after sending them.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SeedingGraphAhead } from './seeding-graph-ahead';
import type { CachedRecipe } from './recipe-summary-cache';

/** `[file, content key of the bytes summarised, summary in the cache's compact form]`, as the summary cache stores it */
export type SummarizedRecipe = CachedRecipe;

/** Recipes a thread summarised, and the JSON they came as (which the summary cache writes as it is). */
export interface SummarizedBatch {
  json: string;
  recipes: SummarizedRecipe[];
}

/** What one thread is given (its workerData). */
export interface SummarizeTask {
  /** recipes the thread reads itself */
  files: string[];
  /** more recipes come as FeedMessages, until `{ end: true }` */
  fed: boolean;
  workspaceRoot: string;
  pipelineDir: string;
  /** only for a thread that summarises every recipe of the tree */
  seedingGraph?: SeedingGraphAhead;
}

/**
 * Recipes handed to a fed thread: `[file, content key, bytes]` of a recipe the plugin read, or
 * `[file, null, null]` of one it did not (the thread reads and keys it itself).
 */
export type FeedMessage = { recipes: [string, string | null, Uint8Array | null][] } | { end: true };

/**
 * What a thread posts: its summaries in batches (each a JSON array of SummarizedRecipe), then
 * that it is done, then — if it was given the graph's inputs — whether it resolved the graph.
 */
export type ThreadMessage = { batch: string } | { done: true } | { seedingGraph: boolean };

/**
 * Recipes per batch: the plugin turns each batch into projects while the threads go on, so only
 * the last is left when they finish (at Wolfi scale, 0.3 s of the plugin's thread taken out of
 * the cold graph's critical path).
 */
export const BATCH_SIZE = 400;

export interface SummarizeManyOptions {
  /** receives the recipes that succeeded, a thread's batch at a time */
  onBatch: (batch: SummarizedBatch) => void;
  /** given only when the files are every recipe of the tree (seeding-graph-ahead.ts) */
  seedingGraph?: SeedingGraphAhead;
  /**
   * The caller reads the files and hands each to the run (SummarizeRun.feed) as it goes, then
   * calls end(): at Wolfi scale the plugin reads every recipe for its content keys anyway, and
   * reading and keying them again took the summarising thread 0.15–0.2 s.
   */
  fed?: boolean;
}

export interface SummarizeRun {
  /** settles once every thread has sent all it summarised, or died */
  done: Promise<void>;
  /**
   * Present when a thread resolves the seeding graph: settles true once the graph is in the
   * cache, false when it was not resolved (a recipe failed, the thread died).
   */
  seedingGraph?: Promise<boolean>;
  /**
   * For a fed run: one of its files, with its key and bytes if the caller read it (else the
   * thread reads it). Bytes that own all their memory move to the thread, and are empty here after.
   */
  feed(file: string, read?: { key: string; bytes: Uint8Array }): void;
  /** For a fed run: every file has been fed (or never will be; a file not fed is not summarised). */
  end(): void;
}

/**
 * Summarises `files` (workspace-relative) on threads that read them themselves; undefined when
 * the batch is too small to be worth a thread.
 */
export type SummarizeMany = (files: readonly string[], workspaceRoot: string, pipelineDir: string, options: SummarizeManyOptions) => SummarizeRun | undefined;

/** Below this many recipes per thread, starting a thread (loading the recipe model) costs more than it saves. */
const MIN_RECIPES_PER_THREAD = 150;
const MAX_THREADS = 4;

/** The compiled worker; absent when this module runs from TypeScript sources (unit tests), which then summarise serially. */
const WORKER_SCRIPT = join(__dirname, 'summarize-worker.js');

export const summarizeInParallel: SummarizeMany = (files, workspaceRoot, pipelineDir, options) => {
  // One core stays with the plugin's own thread (content keys, projects) and Nx: on two cores,
  // the corpus took 2.4–2.55 s to infer with one summarising thread and 2.8–2.85 s with two, as
  // each thread pays the recipe model's warm-up (JIT, caches) on its own.
  const threads = Math.min(availableParallelism() - 1, MAX_THREADS, Math.floor(files.length / MIN_RECIPES_PER_THREAD));
  return threads < 1 ? undefined : summarizeOnThreads(threads, files, workspaceRoot, pipelineDir, options);
};

/** summarizeInParallel on a given number of threads; undefined when the worker script is not there. */
export function summarizeOnThreads(
  threads: number,
  files: readonly string[],
  workspaceRoot: string,
  pipelineDir: string,
  { onBatch, seedingGraph, fed = false }: SummarizeManyOptions,
): SummarizeRun | undefined {
  if (!existsSync(WORKER_SCRIPT)) return undefined;
  const chunks: string[][] = Array.from({ length: threads }, () => []);
  const threadOf = new Map<string, number>();
  files.forEach((file, i) => {
    if (fed) threadOf.set(file, i % threads);
    else chunks[i % threads].push(file);
  });
  const workers = chunks.map((chunk) => {
    const task: SummarizeTask = { files: chunk, fed, workspaceRoot, pipelineDir, seedingGraph: threads === 1 ? seedingGraph : undefined };
    return new Worker(WORKER_SCRIPT, { workerData: task });
  });
  const runs = workers.map((worker) => threadRun(worker, onBatch));
  // Fed recipes go out in small groups: a thread starts on the first while the rest are read.
  const feeding: Extract<FeedMessage, { recipes: unknown }>['recipes'][] = workers.map(() => []);
  const flush = (thread: number) => {
    if (feeding[thread].length === 0) return;
    const transfer = feeding[thread].flatMap(([, , bytes]) => (bytes === null ? [] : [bytes.buffer as ArrayBuffer]));
    workers[thread].postMessage({ recipes: feeding[thread] } satisfies FeedMessage, transfer);
    feeding[thread] = [];
  };
  let ended = !fed;
  return {
    done: Promise.all(runs.map((run) => run.done)).then(() => undefined),
    seedingGraph: threads === 1 && seedingGraph !== undefined ? runs[0].seedingGraph : undefined,
    feed: (file, read) => {
      const thread = threadOf.get(file);
      if (ended || thread === undefined) return;
      // Moved to the thread: bytes that own all their memory as they are, a view (of Buffer's
      // shared pool, say) as a copy of its own.
      const bytes = read === undefined ? null : ownsItsMemory(read.bytes) ? read.bytes : new Uint8Array(read.bytes);
      feeding[thread].push([file, read?.key ?? null, bytes]);
      if (feeding[thread].length === FEED_SIZE) flush(thread);
    },
    end: () => {
      if (ended) return;
      ended = true;
      workers.forEach((worker, thread) => {
        flush(thread);
        worker.postMessage({ end: true } satisfies FeedMessage);
      });
    },
  };
}

function ownsItsMemory(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
}

/** Recipes per feed message. */
const FEED_SIZE = 50;

/** A thread's answers; a thread that fails or exits early answers nothing more (no summaries, no graph). */
function threadRun(worker: Worker, onBatch: SummarizeManyOptions['onBatch']): { done: Promise<void>; seedingGraph: Promise<boolean> } {
  let finished!: () => void;
  let resolved!: (done: boolean) => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const seedingGraph = new Promise<boolean>((resolve) => (resolved = resolve));
  worker.on('message', (message: ThreadMessage) => {
    if ('batch' in message) {
      onBatch({ json: message.batch, recipes: JSON.parse(message.batch) as SummarizedRecipe[] });
    } else if ('done' in message) {
      finished();
      // What is left (the seeding graph) is for createDependencies, which waits for it; a
      // process that ends before asking need not.
      worker.unref();
    } else resolved(message.seedingGraph);
  });
  const gone = () => {
    finished();
    resolved(false);
  };
  worker.once('error', gone);
  worker.once('exit', gone);
  return { done, seedingGraph };
}
