/**
 * Hands what createNodes learned of each recipe — its content key and summary — to
 * createDependencies without sending it through Nx. Project metadata travels through the plugin
 * worker's IPC, Nx's merge (which records a source-map entry per nested key),
 * project-graph.json and `nx graph` output: with whole summaries in it the corpus graph grew to
 * 49 MB plus 21 MB of source maps. Projects therefore carry nothing of ours; keys and summaries
 * stay in this process, where Nx runs both hooks of a plugin (one worker per plugin, or
 * in-process).
 *
 * A summary that is not here — createNodes answered from its nodes cache without reading any,
 * or the hook runs in a fresh process (the executor) — comes from the summary cache file, and
 * failing that from the recipe itself; never from a stale copy, since the key names the
 * content it was made from. Keys that are not here are the caller's to take again
 * (content-keys.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecipeSummary } from '@stagecraft/melange-config';
import type { SummarizeRecipe } from './create-recipe-nodes';
import { contentKey } from './content-key';
import { FileChangedError } from './content-keys';
import type { RecipeSummaryCache } from './recipe-summary-cache';

export class RecipeSummaries {
  private current = new Map<string, RecipeSummary>();
  private currentKeys: ReadonlyMap<string, string> = new Map();
  private next = new Map<string, RecipeSummary>();
  private loadStore: () => RecipeSummaryCache | undefined = () => undefined;
  private store: RecipeSummaryCache | undefined | null = null;

  /**
   * Starts collecting the summaries of a new createNodes run. `store` opens the summary cache
   * of this run's context; it is called at most once, on the first summary not collected.
   */
  beginRun(store?: () => RecipeSummaryCache | undefined): void {
    this.next = new Map();
    this.loadStore = store ?? (() => undefined);
    this.store = null;
  }

  add(key: string, summary: RecipeSummary): void {
    this.next.set(key, summary);
  }

  /**
   * Makes the collected run, with `keys` (content key by recipe file), the one createDependencies
   * reads; the previous one is dropped.
   */
  endRun(keys: ReadonlyMap<string, string> = new Map()): void {
    this.current = this.next;
    this.currentKeys = keys;
  }

  /** The content keys of `files` as the last run took them, or undefined when it lacks any. */
  keysOf(files: readonly string[]): ReadonlyMap<string, string> | undefined {
    return files.every((file) => this.currentKeys.has(file)) ? this.currentKeys : undefined;
  }

  /**
   * The summary for `key` (`<file>@<content hash>`). Missing: the summary cache, else read and
   * summarise `file` again, refusing if its content no longer matches the key (the tree
   * changed under Nx).
   */
  get(key: string, file: string, workspaceRoot: string, summarize: () => SummarizeRecipe): RecipeSummary {
    const known = this.current.get(key);
    if (known !== undefined) return known;
    if (this.store === null) this.store = this.loadStore();
    const stored = this.store?.get(key);
    if (stored !== undefined) {
      this.current.set(key, stored);
      return stored;
    }
    const text = readFileSync(join(workspaceRoot, file));
    if (contentKey(file, text) !== key) {
      throw new FileChangedError(file);
    }
    const summary = summarize()(file, text.toString('utf8'));
    this.current.set(key, summary);
    return summary;
  }
}
