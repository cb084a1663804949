/**
 * Content keys (`<file>@<sha1>`) of workspace files: a recipe's names its summary and its part
 * of every cache key; a lock file's is its part of the seeding graph's key. Reading and hashing
 * every recipe was the largest part of an unchanged tree's cost (3,401 files, ~180 ms), and
 * Wolfi's published lock alone is 7 MB, so keys are remembered with the size, modification and
 * change times they were taken at, and a file whose three still match is not read again — the
 * rule of git's index. A file changed within the clock's resolution of the moment its key was
 * taken could keep all three; such a key is not trusted ("racy", as git calls it), and the file
 * is read again until its times are safely older than the key.
 *
 * Where the caller has Nx's own hash of each file (nx-file-hashes.ts), a key is also remembered
 * with that hash, and a file whose hash Nx still reports is not even stat'ed: 3,401 stats were
 * 60–90 ms of a warm graph. The hash is remembered only with a key that is not racy, so the
 * hash and the key describe the same bytes.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { readCacheFile, writeCacheFile } from './cache-file';
import { contentKey } from './content-key';

/** One cache file per set of files asked together: a run rewrites its file with the files it asked for. */
export const RECIPE_KEYS_CACHE_FILE = 'stagecraft-recipe-keys.json';
export const LOCK_KEYS_CACHE_FILE = 'stagecraft-lock-keys.json';

/** How much older than its key a file's times must be for the key to be trusted: coarser than any file system's clock. */
const RACY_MARGIN_MS = 2000;

/** `[size, mtimeMs, ctimeMs, takenAtMs, key]`, and Nx's hash of the file when it had one */
type KnownKey = [number, number, number, number, string] | [number, number, number, number, string, string];

interface KeysFile {
  entries: Record<string, KnownKey>;
}

export interface ContentKeys {
  /** content key of every readable file */
  keys: Map<string, string>;
  /** why a file could not be read; it has no key */
  unreadable: Map<string, Error>;
  /** the file's bytes, read now if its key came from the cache, and checked against that key */
  text(file: string): Buffer;
}

/** A file changed between taking its key and reading it (for a recipe's summary, a lock's packages). */
export class FileChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed while Nx was computing the project graph; run the command again`);
    this.name = 'FileChangedError';
  }
}

export interface ContentKeysOptions {
  /** the time keys taken now are taken at (tests move it) */
  now?: number;
  /** Nx's hash of each file by workspace-relative path, where known (nx-file-hashes.ts) */
  fileHashes?: ReadonlyMap<string, string>;
  /**
   * Called with each readable file's key as it is taken, and its bytes when they were read for
   * it. The bytes are then the caller's, to keep or to move to a thread: they are not kept here
   * (text() reads the file again), which at Wolfi scale spares the plugin's thread 21 MB.
   */
  onKey?: (file: string, key: string, bytes: Buffer | undefined) => void;
}

/** The content keys of `files`, remembered in `cachePath`. */
export function readContentKeys(
  workspaceRoot: string,
  files: Iterable<string>,
  cachePath: string | undefined,
  { now = Date.now(), fileHashes, onKey }: ContentKeysOptions = {},
): ContentKeys {
  const known = readCacheFile<KeysFile>(cachePath)?.entries ?? {};
  const entries: Record<string, KnownKey> = {};
  const keys = new Map<string, string>();
  const unreadable = new Map<string, Error>();
  const texts = new Map<string, Buffer>();
  let changed = false;
  for (const file of files) {
    const previous = Object.hasOwn(known, file) ? known[file] : undefined;
    const hash = fileHashes?.get(file);
    if (previous !== undefined && hash !== undefined && previous[5] === hash) {
      keys.set(file, previous[4]);
      entries[file] = previous;
      onKey?.(file, previous[4], undefined);
      continue;
    }
    const path = join(workspaceRoot, file);
    try {
      // a file with no key yet is read at once, with the stat of what was opened
      const first = previous === undefined ? readWithStat(path) : undefined;
      const stat = first?.stat ?? statSync(path);
      const racy = Math.max(stat.mtimeMs, stat.ctimeMs) >= now - RACY_MARGIN_MS;
      if (
        previous !== undefined &&
        // a hash other than the one remembered is a change the times did not show
        (hash === undefined || previous[5] === undefined) &&
        previous[0] === stat.size &&
        previous[1] === stat.mtimeMs &&
        previous[2] === stat.ctimeMs &&
        Math.max(stat.mtimeMs, stat.ctimeMs) < previous[3] - RACY_MARGIN_MS
      ) {
        keys.set(file, previous[4]);
        entries[file] = previous;
        if (hash !== undefined && !racy) {
          entries[file] = [previous[0], previous[1], previous[2], previous[3], previous[4], hash];
          changed = true;
        }
        onKey?.(file, previous[4], undefined);
        continue;
      }
      const text = first?.bytes ?? readFileSync(path);
      const key = contentKey(file, text);
      keys.set(file, key);
      if (onKey === undefined) texts.set(file, text);
      onKey?.(file, key, text);
      entries[file] = hash !== undefined && !racy ? [stat.size, stat.mtimeMs, stat.ctimeMs, now, key, hash] : [stat.size, stat.mtimeMs, stat.ctimeMs, now, key];
      changed = true;
    } catch (error) {
      unreadable.set(file, error as Error);
    }
  }
  if (changed || Object.keys(known).length !== Object.keys(entries).length) writeCacheFile(cachePath, { entries } satisfies KeysFile);

  return {
    keys,
    unreadable,
    text(file) {
      const read = texts.get(file);
      if (read !== undefined) return read;
      const text = readFileSync(join(workspaceRoot, file));
      if (contentKey(file, text) !== keys.get(file)) throw new FileChangedError(file);
      texts.set(file, text);
      return text;
    },
  };
}

/**
 * A file's bytes and the stat of the file they were read from: one open and one fstat, where a
 * stat and then a read were two lookups of the path. The bytes own all their memory (no view
 * of Buffer's shared pool), so they can move to a thread as they are.
 */
function readWithStat(path: string): { stat: Stats; bytes: Buffer } {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    const bytes = Buffer.allocUnsafeSlow(stat.size);
    let length = 0;
    for (let read = -1; length < bytes.length && read !== 0; length += read) read = readSync(fd, bytes, length, bytes.length - length, length);
    return { stat, bytes: length === bytes.length ? bytes : bytes.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}
