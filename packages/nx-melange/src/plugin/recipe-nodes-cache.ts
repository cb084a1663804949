/**
 * The whole createNodes answer of the last run, for an unchanged tree. The summary cache spares
 * parsing, but a warm run would still load every summary (13 MB at Wolfi scale) and rebuild
 * every project; this file holds the projects themselves, under a key of everything they are
 * made from: each recipe's path and content, the inference context (options, workspace
 * pipelines, parser and plugin code), the host arch and the code inputs.
 * Only complete runs are stored: a run with a broken recipe is answered fresh every time, so
 * its errors are always reported.
 */
import { createHash } from 'node:crypto';
import type { CreateNodesResult } from '@nx/devkit';
import { readCacheFile, writeCacheFile } from './cache-file';

export const RECIPE_NODES_CACHE_FILE = 'stagecraft-nodes.json';

export type RecipeNodes = Array<readonly [string, CreateNodesResult]>;

interface CacheFile {
  key: string;
  nodes: RecipeNodes;
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

export function readRecipeNodesCache(path: string | undefined, key: string): RecipeNodes | undefined {
  const file = readCacheFile<CacheFile>(path);
  return file?.key === key && Array.isArray(file.nodes) ? file.nodes : undefined;
}

export function writeRecipeNodesCache(path: string | undefined, key: string, nodes: RecipeNodes): void {
  writeCacheFile(path, { key, nodes } satisfies CacheFile);
}
