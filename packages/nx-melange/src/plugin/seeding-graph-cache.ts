/**
 * The resolved seeding graph of the last run, cached the way the summaries are: resolving is
 * global (one recipe's provides can move another's edges), so there is one entry, valid for
 * exactly the inputs it was computed from — every project's stage and recipe content key, the
 * plugin options, the lock files' bytes and the resolver's code. An unchanged tree then costs
 * a hash and a read instead of a resolution (a second or more at Wolfi scale).
 *
 * Two files under one key: what Nx gets (the transitive reduction and the problems), read by
 * every graph computation, and every resolved edge, read only by the build executor, which
 * needs each package its build draws from — at Wolfi scale 11,426 edges against 85,459.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readCacheFile, writeCacheFile } from './cache-file';
import { compiledCodeDigest } from './compiled-code-digest';

export const SEEDING_GRAPH_CACHE_FILE = 'stagecraft-seeding-graph.json';
export const SEEDING_EDGES_CACHE_FILE = 'stagecraft-seeding-edges.json';

/** `[source, target]` project pair */
export type ProjectEdge = [string, string];

export interface CachedSeedingGraph {
  /** every resolved edge: a build draws from each of its targets */
  edges: ProjectEdge[];
  /** the transitive reduction of `edges`, as handed to Nx */
  reduced: ProjectEdge[];
  /** messages per project, `''` for those of no project */
  problems: [string, string[]][];
}

export type SeedingGraphPart = 'for-nx' | 'all-edges';

interface GraphFile {
  key: string;
  reduced: ProjectEdge[];
  problems: [string, string[]][];
}

interface EdgesFile {
  key: string;
  /** every edge, as each source's targets in edge order (half the size of a list of pairs) */
  targets: Record<string, string[]>;
}

export function seedingGraphKey(parts: {
  options: unknown;
  /** `[project, stage, summary key]` of every recipe project */
  recipes: [string, string, string][];
  /** lock file content keys (or a marker for an unreadable one), by source ref */
  locks: [string, string | Buffer][];
  /** folder of the compiled resolver and plugin, which define the graph and these files' format */
  codeDir: string;
  /** where the code folder's digest keeps its file keys (compiled-code-digest.ts) */
  cacheDir: string | undefined;
}): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify(parts.options ?? null));
  hash.update(JSON.stringify([...parts.recipes].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))));
  for (const [ref, content] of parts.locks) {
    hash.update(`\0${ref}\0`);
    hash.update(content);
  }
  hash.update(`\0code\0${compiledCodeDigest(parts.codeDir, { cacheDir: parts.cacheDir })}`);
  return hash.digest('hex');
}

/** The cached part for `key`, from the cache folder `dir`; undefined when absent or stale. */
export function readSeedingGraphCache(dir: string | undefined, key: string, part: 'for-nx'): Omit<CachedSeedingGraph, 'edges'> | undefined;
export function readSeedingGraphCache(dir: string | undefined, key: string, part: 'all-edges'): Pick<CachedSeedingGraph, 'edges'> | undefined;
export function readSeedingGraphCache(
  dir: string | undefined,
  key: string,
  part: SeedingGraphPart,
): Partial<CachedSeedingGraph> | undefined {
  if (dir === undefined) return undefined;
  if (part === 'for-nx') {
    const file = readCacheFile<GraphFile>(join(dir, SEEDING_GRAPH_CACHE_FILE));
    return file?.key === key ? { reduced: file.reduced, problems: file.problems } : undefined;
  }
  const file = readCacheFile<EdgesFile>(join(dir, SEEDING_EDGES_CACHE_FILE));
  if (file?.key !== key) return undefined;
  return { edges: Object.entries(file.targets).flatMap(([source, targets]) => targets.map((target): ProjectEdge => [source, target])) };
}

export function writeSeedingGraphCache(dir: string | undefined, key: string, graph: CachedSeedingGraph): void {
  if (dir === undefined) return;
  const targets: Record<string, string[]> = {};
  for (const [source, target] of graph.edges) (targets[source] ??= []).push(target);
  writeCacheFile(join(dir, SEEDING_EDGES_CACHE_FILE), { key, targets } satisfies EdgesFile);
  writeCacheFile(join(dir, SEEDING_GRAPH_CACHE_FILE), { key, reduced: graph.reduced, problems: graph.problems } satisfies GraphFile);
}
