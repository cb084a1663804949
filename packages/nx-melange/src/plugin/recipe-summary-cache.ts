/**
 * Parsed recipes cached by content, the way Nx's own plugins cache inference (@nx/js, @nx/vite):
 * one JSON file in Nx's workspace data folder. An entry's key is the recipe's path and content
 * hash; the whole file is valid only for one `context` (hash of the plugin options, the
 * workspace pipelines and the parser's code), because a summary depends on all three. Only
 * entries used by the last run are written back, so deleted recipes do not accumulate.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { readCacheFile, removeOrphanedTempFiles, tempPathFor, writeCacheFile } from './cache-file';
import { loadSummary, storeSummary, type StoredSummary } from './stored-summary';

export const RECIPE_SUMMARY_CACHE_FILE = 'stagecraft-recipes.json';

/** `[file, key, summary in stored form]`: the form the summarising threads send too, so their batches are written as they came */
export type CachedRecipe = [string, string, StoredSummary];

interface CacheFile {
  context: string;
  recipes: CachedRecipe[];
}

export class RecipeSummaryCache {
  /** stored form of every entry this run used, which is what save() writes */
  private readonly used = new Map<string, StoredSummary>();
  private readonly loaded = new Map<string, RecipeSummary>();
  /** stored forms handed in by setStored or appendBatch, read into summaries when asked for */
  private readonly added = new Map<string, StoredSummary>();
  private changed = false;
  /** the file being written ahead by appendBatch, and the keys already in it */
  private ahead: { fd: number; temp: string; written: Set<string>; first: boolean } | undefined | null;

  private constructor(
    private readonly path: string | undefined,
    private readonly context: string,
    private readonly stored: ReadonlyMap<string, StoredSummary>,
  ) {}

  /** Reads the cache file; a missing, unreadable or other-context file is an empty cache. */
  static load(path: string, context: string): RecipeSummaryCache {
    const file = readCacheFile<CacheFile>(path);
    const usable = file?.context === context && Array.isArray(file.recipes);
    return new RecipeSummaryCache(path, context, new Map(usable ? file.recipes.map(([, key, stored]) => [key, stored]) : []));
  }

  /** A cache that never reads or writes (NX_CACHE_PROJECT_GRAPH=false). */
  static disabled(): RecipeSummaryCache {
    return new RecipeSummaryCache(undefined, '', new Map());
  }

  has(key: string): boolean {
    return this.loaded.has(key) || this.stored.has(key) || this.added.has(key);
  }

  get(key: string): RecipeSummary | undefined {
    const known = this.loaded.get(key);
    if (known !== undefined) return known;
    const stored = this.stored.get(key) ?? this.added.get(key);
    if (stored === undefined) return undefined;
    const summary = loadSummary(stored, fileOf(key));
    this.loaded.set(key, summary);
    this.used.set(key, stored);
    return summary;
  }

  set(key: string, summary: RecipeSummary): void {
    this.loaded.set(key, summary);
    this.used.set(key, storeSummary(summary));
    this.changed = true;
  }

  /** Adds a summary already in stored form (summarised on another thread), without reading it into a summary until asked for. */
  setStored(key: string, stored: StoredSummary): void {
    this.added.set(key, stored);
    this.used.set(key, stored);
    this.changed = true;
  }

  /**
   * setStored for a thread's batch, which is also written to the cache file at once, as the
   * JSON the thread sent (`json`, the array `recipes` was parsed from): save() then writes only
   * the rest. At Wolfi scale, writing the 5.7 MB file at the end held a cold graph back by
   * 0.1–0.2 s; written batch by batch, it is written while the threads work. Every recipe of
   * the batch is kept, including one whose content changed after the thread read it (its entry
   * is simply never asked for).
   */
  appendBatch(json: string, recipes: readonly CachedRecipe[]): void {
    for (const [, key, stored] of recipes) this.setStored(key, stored);
    if (this.path === undefined || this.ahead === null || recipes.length === 0) return;
    try {
      if (this.ahead === undefined) {
        mkdirSync(dirname(this.path), { recursive: true });
        removeOrphanedTempFiles(this.path);
        const temp = tempPathFor(this.path, 'ahead');
        const fd = openSync(temp, 'w');
        this.ahead = { fd, temp, written: new Set(), first: true };
        writeSync(fd, `{"context":${JSON.stringify(this.context)},"recipes":[`);
      }
      const { fd, written } = this.ahead;
      writeSync(fd, `${this.ahead.first ? '' : ','}${json.slice(json.indexOf('[') + 1, json.lastIndexOf(']'))}`);
      this.ahead.first = false;
      for (const [, key] of recipes) written.add(key);
    } catch {
      this.abandonAhead();
    }
  }

  /** Writes the entries this run used, and only when they differ from what was read: a warm run with no edits writes nothing. */
  save(): void {
    const ahead = this.ahead;
    if (ahead) {
      try {
        for (const [key, stored] of this.used) {
          if (ahead.written.has(key)) continue;
          writeSync(ahead.fd, `${ahead.first ? '' : ','}${JSON.stringify([fileOf(key), key, stored])}`);
          ahead.first = false;
        }
        writeSync(ahead.fd, ']}');
        closeSync(ahead.fd);
        this.ahead = null;
        renameSync(ahead.temp, this.path!);
        return;
      } catch {
        this.abandonAhead();
      }
    }
    if (!this.changed && this.used.size === this.stored.size) return;
    writeCacheFile(this.path, {
      context: this.context,
      recipes: [...this.used].map(([key, stored]): CachedRecipe => [fileOf(key), key, stored]),
    } satisfies CacheFile);
  }

  /** Gives up writing ahead (a file system error): save() writes the file whole instead. */
  private abandonAhead(): void {
    if (this.ahead) {
      try {
        closeSync(this.ahead.fd);
      } catch {
        // already closed
      }
      rmSync(this.ahead.temp, { force: true });
    }
    this.ahead = null;
  }
}

/** The recipe file a content key names (`<file>@<hash>`). */
function fileOf(key: string): string {
  return key.slice(0, key.lastIndexOf('@'));
}
