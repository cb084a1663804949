/**
 * Where the plugin's cache files live: Nx's workspace data folder. Apart from cache-file.ts
 * because it loads a module of Nx's — already loaded in the plugin worker, but not in the
 * summarising threads, which are handed the folder instead.
 */
// Nx's own module (what @nx/devkit/internal re-exports); going through @nx/devkit would load
// all of the devkit for one path.
import { workspaceDataDirectory } from 'nx/src/utils/cache-directory';

/**
 * Nx's workspace data folder; undefined when caching is off. Same switch as Nx's own plugins:
 * NX_CACHE_PROJECT_GRAPH=false means infer from scratch.
 */
export function pluginCacheDir(): string | undefined {
  return process.env.NX_CACHE_PROJECT_GRAPH === 'false' ? undefined : workspaceDataDirectory;
}
