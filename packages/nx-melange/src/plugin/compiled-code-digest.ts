/**
 * Digests of our compiled code, for the cache keys and build inputs that must change when the
 * code does. Only the JavaScript that runs counts (dist/ also holds declarations and source
 * maps, three times the bytes), and each folder is digested once per process: the code a
 * process runs does not change under it, and the plugin's three keys (inference, seeding graph,
 * build inputs) share the folders they cover.
 */
import { join } from 'node:path';
import { treeDigest } from './tree-digest';

/** The compiled nx-melange package (this module's parent folder): plugin, resolver, executor and cache formats. */
export const NX_MELANGE_CODE_DIR = join(__dirname, '..');

const digests = new Map<string, string>();

/** sha1 (hex) over the sorted relative paths and contents of every `.js` file under `dir`; a missing dir digests as empty. */
export function compiledCodeDigest(dir: string, { cacheDir }: { cacheDir: string | undefined }): string {
  let digest = digests.get(dir);
  if (digest === undefined) {
    digest = treeDigest(dir, { keep: (file) => file.endsWith('.js'), cacheDir });
    digests.set(dir, digest);
  }
  return digest;
}
