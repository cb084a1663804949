/**
 * Nx does not hash a plugin's or executor's own code (docs/nx24.md §0.8), so a builder fix
 * would replay stale packages from the cache. Each build therefore names our code as an input,
 * in one of two forms depending on where that code lives:
 * - inside the workspace, outside node_modules (this monorepo, where packages/<p> are linked
 *   into node_modules by npm workspaces): the compiled JavaScript that actually runs, as a
 *   `{workspaceRoot}/packages/<p>/dist/**∕*.js` fileset. dist/ is git-ignored, so the fileset
 *   must say `includeIgnored`, or Nx would hash nothing;
 * - anywhere else (a user's workspace with @stagecraft/* installed from a registry): the npm
 *   package itself, as `externalDependencies`, which Nx hashes by the version and integrity in
 *   the lockfile — files outside the workspace cannot be filesets.
 */
import { realpathSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { InputDefinition } from './build-target';

/** The packages whose code runs when a recipe is built or its graph is inferred. */
export const STAGECRAFT_CODE_PACKAGES = [
  '@stagecraft/melange-config',
  '@stagecraft/apk',
  '@stagecraft/builder',
  '@stagecraft/nx-melange',
];

/** Where a package's package.json lives, real path; undefined when it cannot be resolved. */
export type LocatePackage = (name: string) => string | undefined;

export const locateInstalledPackage: LocatePackage = (name) => {
  try {
    return dirname(realpathSync(require.resolve(`${name}/package.json`)));
  } catch {
    return undefined;
  }
};

export function codeInputsFor(workspaceRoot: string, locate: LocatePackage = locateInstalledPackage): InputDefinition[] {
  const filesets: InputDefinition[] = [];
  const external: string[] = [];
  const root = realpathOrSelf(workspaceRoot);
  for (const name of STAGECRAFT_CODE_PACKAGES) {
    const dir = locate(name);
    const rel = dir === undefined ? undefined : relative(root, dir);
    const insideWorkspace =
      rel !== undefined && rel !== '' && !rel.startsWith('..') && !rel.split(sep).includes('node_modules');
    if (insideWorkspace) {
      filesets.push({ fileset: `{workspaceRoot}/${rel.split(sep).join('/')}/dist/**/*.js`, includeIgnored: true });
    } else {
      external.push(name);
    }
  }
  return external.length > 0 ? [...filesets, { externalDependencies: external }] : filesets;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
