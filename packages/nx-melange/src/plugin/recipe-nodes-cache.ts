/**
 * What an unchanged tree's projects are made of. The summary cache spares parsing, but a warm
 * run would still load every summary (5.7 MB at Wolfi scale, 13 MB before it was compacted);
 * this file holds only what the projects show of each recipe — name, version, description,
 * license, architectures, repositories: 0.5 MB — from which the projects are rebuilt (cheaper
 * than reading them whole: 4 MB of JSON). Its key is everything the projects are made from:
 * each recipe's path and content, the inference context (options, workspace pipelines,
 * parser and plugin code), the host arch and the code inputs. Only complete runs are stored:
 * a run with a broken recipe is answered fresh every time, so its errors are always reported.
 */
import { createHash } from 'node:crypto';
import { readCacheFile, writeCacheFile } from './cache-file';
import type { ProjectFacts } from './recipe-project';

export const RECIPE_NODES_CACHE_FILE = 'stagecraft-nodes.json';

interface CacheFile {
  key: string;
  /** by recipe file */
  facts: Record<string, ProjectFacts>;
}

export function recipeNodesKey(parts: {
  /** inference context hash (inference-context-hash.ts; it covers the plugin's own code) */
  context: string;
  hostArch: string;
  codeInputs: unknown;
  /** the summary key (`<file>@<content hash>`) of every recipe, in file order */
  recipes: readonly string[];
}): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify([parts.context, parts.hostArch, parts.codeInputs, parts.recipes]));
  return hash.digest('hex');
}

export function readRecipeNodesCache(path: string | undefined, key: string): Map<string, ProjectFacts> | undefined {
  const file = readCacheFile<CacheFile>(path);
  return file?.key === key && typeof file.facts === 'object' && file.facts !== null ? new Map(Object.entries(file.facts)) : undefined;
}

export function writeRecipeNodesCache(path: string | undefined, key: string, facts: Map<string, ProjectFacts>): void {
  writeCacheFile(path, { key, facts: Object.fromEntries(facts) } satisfies CacheFile);
}
