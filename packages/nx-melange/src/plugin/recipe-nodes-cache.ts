/**
 * The whole createNodes answer of the last run, for an unchanged tree. The summary cache spares
 * parsing, but a warm run would still load every summary (13 MB at Wolfi scale) and rebuild
 * every project; this file holds the projects themselves, under a key of everything they are
 * made from: each recipe's path and content, the inference context (options, workspace
 * pipelines, parser code), the host arch, the code inputs and the plugin's own code.
 * Only complete runs are stored: a run with a broken recipe is answered fresh every time, so
 * its errors are always reported.
 */
import { createHash } from 'node:crypto';
import type { CreateNodesResult } from '@nx/devkit';
import { readCacheFile, writeCacheFile } from './cache-file';
import { hashTree } from './inference-context-hash';

export const RECIPE_NODES_CACHE_FILE = 'stagecraft-nodes.json';

export type RecipeNodes = Array<readonly [string, CreateNodesResult]>;

interface CacheFile {
  key: string;
  nodes: RecipeNodes;
}

export function recipeNodesKey(parts: {
  /** inference context hash (inference-context-hash.ts) */
  context: string;
  hostArch: string;
  codeInputs: unknown;
  /** folder of the plugin's compiled code, which shapes every project */
  pluginDir: string;
  /** the summary key (`<file>@<content hash>`) of every recipe, in file order */
  recipes: readonly string[];
}): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify([parts.context, parts.hostArch, parts.codeInputs, parts.recipes]));
  hashTree(hash, 'plugin', parts.pluginDir);
  return hash.digest('hex');
}

export function readRecipeNodesCache(path: string | undefined, key: string): RecipeNodes | undefined {
  const file = readCacheFile<CacheFile>(path);
  return file?.key === key && Array.isArray(file.nodes) ? file.nodes : undefined;
}

export function writeRecipeNodesCache(path: string | undefined, key: string, nodes: RecipeNodes): void {
  writeCacheFile(path, { key, nodes } satisfies CacheFile);
}
