/**
 * The plugin's cache files in Nx's workspace data folder (plugin-cache-dir.ts). A cache is an
 * optimisation, so a file that is missing, unreadable or half-written reads as no cache; writes
 * go to a temp file in the same folder and are renamed into place, so a crash never leaves a
 * truncated cache, and a cache that cannot be written is skipped. A temp file is named with its
 * writer's pid: what a killed writer left (Ctrl-C during a cold graph leaves a 5 MB summary
 * file half-written) is removed by the next write of the same cache.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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
  const temp = tempPathFor(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    removeOrphanedTempFiles(path);
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

/** `<cache file>.<pid>[.<purpose>].tmp`: where this process writes `path` before renaming it into place. */
export function tempPathFor(path: string, purpose?: string): string {
  return `${path}.${process.pid}${purpose === undefined ? '' : `.${purpose}`}.tmp`;
}

/** Removes the temp files of `path` whose writer is no longer running. */
export function removeOrphanedTempFiles(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, name.indexOf('.', prefix.length)));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    rmSync(join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, as another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
