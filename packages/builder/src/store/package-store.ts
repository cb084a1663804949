/**
 * Content-addressed store of unpacked packages: `<dir>/entries/<key>/` holds one package's file
 * tree, keyed by the package's digest (an APK's identity, a .deb's sha256). An entry appears
 * only by an atomic rename of a fully unpacked temp dir, so a reader never sees half an entry;
 * concurrent builds racing to add the same key keep whichever rename lands first.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive, ownerPid } from './process-alive';

export interface PackageStore {
  dir: string;
}

export class StoreKeyError extends Error {
  override name = 'StoreKeyError';
}

const KEY = /^[a-z0-9][a-z0-9._-]*$/;

export function storeEntryPath(store: PackageStore, key: string): string {
  if (!KEY.test(key)) throw new StoreKeyError(`"${key}" is not a store key (lowercase letters, digits, . _ -)`);
  return join(store.dir, 'entries', key);
}

/**
 * Removes temp dirs left by processes that died mid-unpack. A temp dir's name carries its
 * owner's pid; a live owner's dir is left alone.
 */
export async function cleanAbandonedTemps(store: PackageStore): Promise<string[]> {
  const tempRoot = join(store.dir, 'tmp');
  const names = await readdir(tempRoot).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = ownerPid(name);
    if (pid !== undefined && isAlive(pid)) continue;
    await rm(join(tempRoot, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export async function openStore(dir: string): Promise<PackageStore> {
  const store = { dir };
  for (const area of ['entries', 'roots', 'tmp']) await mkdir(join(dir, area), { recursive: true });
  await cleanAbandonedTemps(store);
  return store;
}

const exists = (path: string) => stat(path).then(() => true, () => false);

export async function hasStoreEntry(store: PackageStore, key: string): Promise<boolean> {
  return exists(storeEntryPath(store, key));
}

/** Fills a temp dir and renames it to `final`; if another process got there first, keeps theirs. */
async function publishDir(store: PackageStore, final: string, tempName: string, fill: (tempDir: string) => Promise<void>): Promise<string> {
  if (await exists(final)) return final;
  const temp = join(store.dir, 'tmp', `${tempName}.pid${process.pid}.${randomBytes(4).toString('hex')}`);
  await mkdir(temp, { recursive: true });
  try {
    await fill(temp);
    try {
      await rename(temp, final);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another build renamed the same key first; its copy is as good as ours.
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await exists(final))) return final;
      throw error;
    }
    return final;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Returns the entry for `key`, calling `unpack(tempDir)` to fill it when the store lacks it.
 * `unpack` writes the package's file tree into the empty tempDir it is given.
 */
export async function ensureStoreEntry(store: PackageStore, key: string, unpack: (tempDir: string) => Promise<void>): Promise<string> {
  return publishDir(store, storeEntryPath(store, key), key, unpack);
}

/**
 * Returns the shared root for `key` (a digest of the package set), calling `assemble(tempDir)`
 * to build it when missing. Roots are mounted read-only, so builds with the same package set
 * can share one, and a warm build pays no assembly at all.
 */
export async function ensureStoreRoot(store: PackageStore, key: string, assemble: (tempDir: string) => Promise<void>): Promise<string> {
  if (!KEY.test(key)) throw new StoreKeyError(`"${key}" is not a store key (lowercase letters, digits, . _ -)`);
  return publishDir(store, join(store.dir, 'roots', key), `root-${key}`, assemble);
}
