/**
 * Digests of our compiled code, for the cache keys and build inputs that must change when the
 * code does. Only the JavaScript that runs counts (dist/ also holds declarations and source
 * maps, three times the bytes). Each file's content key is remembered by its size and times
 * (content-keys.ts, in one cache file per folder), so an unchanged build is listed and stat'ed,
 * not read; and each folder is digested once per process: the code a process runs does not
 * change under it, and the plugin's three keys (inference, seeding graph, build inputs) share
 * the folders they cover.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pluginCacheDir } from './cache-file';
import { readContentKeys } from './content-keys';

/** The compiled nx-melange package (this module's parent folder): plugin, resolver, executor and cache formats. */
export const NX_MELANGE_CODE_DIR = join(__dirname, '..');

const digests = new Map<string, string>();

/** The file, in cache folder `cacheDir`, where the content keys of `dir`'s files are remembered. */
export function codeKeysCacheFile(cacheDir: string, dir: string): string {
  return join(cacheDir, `stagecraft-code-keys-${createHash('sha1').update(dir).digest('hex').slice(0, 12)}.json`);
}

/**
 * sha1 (hex) over the sorted relative paths and contents of every `.js` file under `dir`; a
 * missing dir digests as empty.
 */
export function compiledCodeDigest(dir: string, { cacheDir }: { cacheDir: string | undefined } = { cacheDir: pluginCacheDir() }): string {
  let digest = digests.get(dir);
  if (digest === undefined) {
    let files: string[];
    try {
      files = (readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.js')).sort();
    } catch {
      files = [];
    }
    const { keys, unreadable } = readContentKeys(dir, files, cacheDir === undefined ? undefined : codeKeysCacheFile(cacheDir, dir));
    const hash = createHash('sha1');
    for (const file of files) hash.update(`${keys.get(file) ?? `${file}@${unreadable.get(file)?.message}`}\0`);
    digest = hash.digest('hex');
    digests.set(dir, digest);
  }
  return digest;
}
