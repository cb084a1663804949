/**
 * The plugin's cache files in Nx's workspace data folder. A cache is an optimisation, so a file
 * that is missing, unreadable or half-written reads as no cache; writes go to a temp file in
 * the same folder and are renamed into place, so a crash never leaves a truncated cache, and a
 * cache that cannot be written is skipped.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
// Nx's own module (what @nx/devkit/internal re-exports), already loaded in the plugin worker;
// going through @nx/devkit would load all of the devkit for one path.
import { workspaceDataDirectory } from 'nx/src/utils/cache-directory';

/**
 * Nx's workspace data folder, where the cache files live; undefined when caching is off. Same
 * switch as Nx's own plugins: NX_CACHE_PROJECT_GRAPH=false means infer from scratch.
 */
export function pluginCacheDir(): string | undefined {
  return process.env.NX_CACHE_PROJECT_GRAPH === 'false' ? undefined : workspaceDataDirectory;
}

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
    rmSync(temp, { force: true });
  }
}
