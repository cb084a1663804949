/**
 * One digest for a folder of files (our compiled code, the pipelines), for the cache keys that
 * must change when any of the files does. Each file's content key is remembered by its size and
 * times (content-keys.ts, in one cache file per folder), so an unchanged folder is listed and
 * stat'ed, not read.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readContentKeys } from './content-keys';

/** The file, in cache folder `cacheDir`, where the content keys of `dir`'s files are remembered. */
export function treeKeysCacheFile(cacheDir: string, dir: string): string {
  return join(cacheDir, `stagecraft-tree-keys-${createHash('sha1').update(dir).digest('hex').slice(0, 12)}.json`);
}

/**
 * sha1 (hex) over the sorted relative paths and contents of the files under `dir` that `keep`
 * accepts; a missing dir digests as empty.
 */
export function treeDigest(dir: string, { keep = () => true, cacheDir }: { keep?: (file: string) => boolean; cacheDir: string | undefined }): string {
  let files: string[];
  try {
    files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
      .filter(keep)
      .sort();
  } catch {
    files = [];
  }
  const { keys, unreadable } = readContentKeys(dir, files, cacheDir === undefined ? undefined : treeKeysCacheFile(cacheDir, dir));
  const hash = createHash('sha1');
  for (const file of files) hash.update(`${keys.get(file) ?? `${file}@${unreadable.get(file)?.message}`}\0`);
  return hash.digest('hex');
}
