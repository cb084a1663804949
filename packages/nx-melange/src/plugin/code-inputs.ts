/**
 * Nx does not hash a plugin's or executor's own code (docs/nx24.md §0.8), so a builder fix
 * would replay stale packages from the cache. Each build therefore names our code as an input,
 * in the form that fits where that code lives:
 * - inside the workspace, outside node_modules (this monorepo: packages/<p>, linked into
 *   node_modules by npm workspaces): the compiled JavaScript that actually runs, as a
 *   `{workspaceRoot}/packages/<p>/dist/**∕*.js` fileset. dist/ is git-ignored, so the fileset
 *   says `includeIgnored`, or Nx would hash nothing;
 * - under the workspace's node_modules (a user's workspace with @stagecraft/* installed from a
 *   registry): the npm package, as `externalDependencies`, which Nx hashes by the version and
 *   integrity in the lockfile;
 * - anywhere else (a workspace whose nx.json loads the plugin from another checkout, as the
 *   corpus and e2e workspaces do): neither works — Nx cannot hash files outside the workspace,
 *   and an external dependency missing from the lockfile fails every hash — so a digest of
 *   the compiled code, taken when the plugin loads, rides in a `runtime` input's command.
 * The npm packages our code runs with follow the same rule: `externalDependencies` (so an
 * unrelated lockfile change does not rebuild everything, §0.8) when they come from the
 * workspace's lockfile, their versions in the digest when they come from the other checkout.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { InputDefinition } from './build-target';
import { compiledCodeDigest } from './compiled-code-digest';
import { pluginCacheDir } from './plugin-cache-dir';

/** The packages whose code runs when a recipe is built or its graph is inferred. */
export const STAGECRAFT_CODE_PACKAGES = [
  '@stagecraft/melange-config',
  '@stagecraft/apk',
  '@stagecraft/builder',
  '@stagecraft/nx-melange',
];

/** npm packages our builder and recipe model run with. */
export const STAGECRAFT_NPM_DEPENDENCIES = ['yaml', 'tar-stream', 'fast-glob'];

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
  const elsewhere: [string, string][] = [];
  const root = realpathOrSelf(workspaceRoot);
  for (const name of STAGECRAFT_CODE_PACKAGES) {
    const dir = locate(name);
    const rel = dir === undefined ? undefined : relative(root, dir);
    if (dir === undefined || rel === undefined || rel === '' || rel.startsWith('..')) {
      if (dir !== undefined) elsewhere.push([name, dir]);
    } else if (rel.split(sep).includes('node_modules')) {
      external.push(name);
    } else {
      filesets.push({ fileset: `{workspaceRoot}/${rel.split(sep).join('/')}/dist/**/*.js`, includeIgnored: true });
    }
  }
  const inputs = [...filesets];
  if (elsewhere.length === 0) {
    inputs.push({ externalDependencies: [...external, ...STAGECRAFT_NPM_DEPENDENCIES] });
  } else {
    // Listing none (rather than leaving the input out) keeps Nx from hashing every package of
    // the workspace's lockfile, which has nothing to do with our code here.
    inputs.push({ externalDependencies: external });
    const npm = STAGECRAFT_NPM_DEPENDENCIES.flatMap((name): [string, string][] => {
      const dir = locate(name);
      return dir === undefined ? [] : [[name, dir]];
    });
    inputs.push({ runtime: `echo stagecraft-code-${digestCode(elsewhere, npm)}` });
  }
  return inputs;
}

/**
 * sha1 over every compiled .js file of our packages and the package.json of each npm
 * dependency, by package name: where the checkout sits is not part of what the code does.
 */
function digestCode(packages: readonly [string, string][], npmPackages: readonly [string, string][]): string {
  const hash = createHash('sha1');
  for (const [name, dir] of npmPackages) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(join(dir, 'package.json')));
  }
  for (const [name, dir] of packages) hash.update(`${name}\0${compiledCodeDigest(join(dir, 'dist'), { cacheDir: pluginCacheDir() })}\0`);
  return hash.digest('hex').slice(0, 16);
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
