/**
 * A worker thread of summarize-in-parallel.ts: reads the recipes it is given, and posts back
 * the content key and summary of each that succeeds — the key of the very bytes it parsed. A
 * recipe that fails is left out on purpose — the plugin summarises it again on its main thread,
 * where its error is reported like any other.
 *
 * They go back in the summary cache's compact form, as JSON strings of BATCH_SIZE recipes: the
 * plugin stores that form anyway, and at Wolfi scale the thread's structured clone of the
 * summaries took 730 ms to read on the other side, against 85 ms to parse them as a string.
 *
 * A fed thread also takes the recipes the plugin read, with their keys, as they come
 * (FeedMessage). A thread given every recipe of the tree (and the seeding graph's inputs) then
 * resolves the seeding graph into the cache (seeding-graph-ahead.ts) and says whether it did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { contentKey } from './content-key';
import { createRecipeSummarizer } from './recipe-summarizer';
import { storeSummary } from './stored-summary';
import { BATCH_SIZE, type FeedMessage, type SummarizedRecipe, type SummarizeTask, type ThreadMessage } from './summarize-in-parallel';

const { files, fed, workspaceRoot, pipelineDir, seedingGraph } = workerData as SummarizeTask;
const post = (message: ThreadMessage) => parentPort!.postMessage(message);
const summarize = createRecipeSummarizer(workspaceRoot, pipelineDir);
const summaries = new Map<string, { key: string; summary: RecipeSummary }>();
let batch: SummarizedRecipe[] = [];

/** Summarises one recipe: from the bytes and key the plugin read, or read and keyed here. */
function summarizeOne(file: string, read?: { key: string; bytes: Uint8Array }): void {
  try {
    // what arrives is a plain Uint8Array (a Buffer's prototype does not cross threads)
    const bytes = read === undefined ? readFileSync(join(workspaceRoot, file)) : Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
    const key = read?.key ?? contentKey(file, bytes);
    const summary = summarize(file, bytes.toString('utf8'));
    batch.push([file, key, storeSummary(summary)]);
    if (seedingGraph !== undefined) summaries.set(file, { key, summary });
  } catch {
    // reported by the main thread (see above)
  }
  if (batch.length === BATCH_SIZE) {
    post({ batch: JSON.stringify(batch) });
    batch = [];
  }
}

function finish(): void {
  post({ batch: JSON.stringify(batch) });
  post({ done: true });
  if (seedingGraph !== undefined) {
    const { resolveSeedingGraphAhead } = require('./seeding-graph-ahead') as typeof import('./seeding-graph-ahead');
    let resolved = false;
    try {
      resolved = resolveSeedingGraphAhead(seedingGraph, summaries, workspaceRoot);
    } catch {
      // createDependencies resolves for itself, and reports what went wrong
    }
    post({ seedingGraph: resolved });
  }
}

for (const file of files) summarizeOne(file);
if (!fed) finish();
else {
  const onFeed = (message: FeedMessage) => {
    if ('recipes' in message) {
      for (const [file, key, bytes] of message.recipes) summarizeOne(file, key !== null && bytes !== null ? { key, bytes } : undefined);
      return;
    }
    // without a listener, the port no longer keeps this thread alive
    parentPort!.off('message', onFeed);
    finish();
  };
  parentPort!.on('message', onFeed);
}
