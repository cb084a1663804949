/**
 * The resolved seeding graph of the last run, cached the way the summaries are: resolving is
 * global (one recipe's provides can move another's edges), so there is one entry, valid for
 * exactly the inputs it was computed from — every project's stage and recipe content key, the
 * plugin options, the lock files' bytes and the resolver's code. An unchanged tree then costs
 * a hash and a read instead of a resolution (several seconds at Wolfi scale).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hashTree } from './inference-context-hash';

export interface CachedSeedingGraph {
  /** `[source, target]` project pairs */
  edges: [string, string][];
  /** messages per project, `''` for those of no project */
  problems: [string, string[]][];
}

interface CacheFile extends CachedSeedingGraph {
  key: string;
}

export function seedingGraphKey(parts: {
  options: unknown;
  /** `[project, stage, summary key]` of every recipe project */
  recipes: [string, string, string][];
  /** lock file contents (or a marker for an unreadable one), by source ref */
  locks: [string, string | Buffer][];
  /** folder of the resolver's code */
  resolverDir: string;
}): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify(parts.options ?? null));
  hash.update(JSON.stringify([...parts.recipes].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))));
  for (const [ref, content] of parts.locks) {
    hash.update(`\0${ref}\0`);
    hash.update(content);
  }
  hashTree(hash, 'resolver', parts.resolverDir);
  return hash.digest('hex');
}

export function readSeedingGraphCache(path: string | undefined, key: string): CachedSeedingGraph | undefined {
  if (path === undefined) return undefined;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    return file.key === key ? { edges: file.edges, problems: file.problems } : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic (temp file + rename in the same folder); a cache that cannot be written is skipped. */
export function writeSeedingGraphCache(path: string | undefined, key: string, graph: CachedSeedingGraph): void {
  if (path === undefined) return;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, JSON.stringify({ key, ...graph } satisfies CacheFile));
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}
