/**
 * Parsed recipes cached by content, the way Nx's own plugins cache inference (@nx/js, @nx/vite):
 * one JSON file in Nx's workspace data folder. An entry's key is the recipe's path and content
 * hash; the whole file is valid only for one `context` (hash of the plugin options, the
 * workspace pipelines and the parser's code), because a summary depends on all three. Only
 * entries used by the last run are written back, so deleted recipes do not accumulate.
 */
import type { RecipeSummary } from '@stagecraft/melange-config';
import { readCacheFile, writeCacheFile } from './cache-file';
import { loadSummary, storeSummary, type StoredSummary } from './stored-summary';

export const RECIPE_SUMMARY_CACHE_FILE = 'stagecraft-recipes.json';

interface CacheFile {
  context: string;
  /** by key, in the compact form of stored-summary.ts (the key names the recipe file) */
  entries: Record<string, StoredSummary>;
}

export class RecipeSummaryCache {
  /** stored form of every entry this run used, which is what save() writes */
  private readonly used = new Map<string, StoredSummary>();
  private readonly loaded = new Map<string, RecipeSummary>();
  /** stored forms handed in by setStored, read into summaries when asked for */
  private readonly added = new Map<string, StoredSummary>();
  private changed = false;

  private constructor(
    private readonly path: string | undefined,
    private readonly context: string,
    private readonly stored: Record<string, StoredSummary>,
  ) {}

  /** Reads the cache file; a missing, unreadable or other-context file is an empty cache. */
  static load(path: string, context: string): RecipeSummaryCache {
    const file = readCacheFile<CacheFile>(path);
    const usable = file?.context === context && typeof file.entries === 'object' && file.entries !== null;
    return new RecipeSummaryCache(path, context, usable ? file.entries : {});
  }

  /** A cache that never reads or writes (NX_CACHE_PROJECT_GRAPH=false). */
  static disabled(): RecipeSummaryCache {
    return new RecipeSummaryCache(undefined, '', {});
  }

  has(key: string): boolean {
    return this.loaded.has(key) || Object.hasOwn(this.stored, key) || this.added.has(key);
  }

  get(key: string): RecipeSummary | undefined {
    const known = this.loaded.get(key);
    if (known !== undefined) return known;
    const stored = Object.hasOwn(this.stored, key) ? this.stored[key] : this.added.get(key);
    if (stored === undefined) return undefined;
    const summary = loadSummary(stored, key.slice(0, key.lastIndexOf('@')));
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

  /** Writes the entries this run used, and only when they differ from what was read: a warm run with no edits writes nothing. */
  save(): void {
    if (!this.changed && this.used.size === Object.keys(this.stored).length) return;
    writeCacheFile(this.path, { context: this.context, entries: Object.fromEntries(this.used) } satisfies CacheFile);
  }
}
