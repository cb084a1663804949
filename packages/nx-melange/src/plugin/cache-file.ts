/**
 * The plugin's cache files in Nx's workspace data folder (plugin-cache-dir.ts). A cache is an
 * optimisation, so a file that is missing, unreadable or half-written reads as no cache; writes
 * go to a temp file in the same folder and are renamed into place, so a crash never leaves a
 * truncated cache, and a cache that cannot be written is skipped.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function readCacheFile<T>(path: string | undefined): T | undefined {
  if (path === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeCacheFile(path: string | undefined, body: unknown): void {
  if (path === undefined) return;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, JSON.stringify(body));
    renameSync(temp, path);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // not ours to remove (something else is at the temp path): the cache is just not written
    }
  }
}
