/**
 * Unpacks a .deb's data into a directory, as dpkg would place the files, but without running
 * maintainer scripts (they need dpkg's database and a booted system). Debian bookworm packages
 * still ship files under /bin, /lib…; a merged-/usr system (which is what the root gets) has those
 * only as symlinks into /usr, so they are moved there here, once per package in the store.
 * Documentation, manuals and translations are left out, as Debian's minimal images do with
 * dpkg path-excludes: builds do not read them, and they are a third of a toolchain root's files.
 * The copyright files stay, since they are the packages' licences.
 */
import { lstat, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from './run-tool';

export class DebUnpackError extends Error {
  override name = 'DebUnpackError';
}

/** Top-level directories that merged-/usr turns into symlinks to their /usr counterparts. */
export const MERGED_USR_DIRS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

async function moveInto(from: string, to: string, debPath: string, relative: string): Promise<void> {
  const existing = await lstat(to).catch(() => undefined);
  if (!existing) {
    await rename(from, to);
    return;
  }
  const incoming = await lstat(from);
  if (existing.isDirectory() && incoming.isDirectory()) {
    for (const name of await readdir(from)) await moveInto(join(from, name), join(to, name), debPath, `${relative}/${name}`);
    await rmdir(from);
    return;
  }
  throw new DebUnpackError(`${debPath}: /${relative} and /usr/${relative} both exist; cannot merge /usr`);
}

const EXCLUDED_DIRS = ['usr/share/man', 'usr/share/info', 'usr/share/locale'];

async function pruneDocumentation(destDir: string): Promise<void> {
  for (const dir of EXCLUDED_DIRS) await rm(join(destDir, dir), { recursive: true, force: true });
  const docs = join(destDir, 'usr/share/doc');
  for (const name of await readdir(docs).catch(() => [] as string[])) {
    const dir = join(docs, name);
    if (!(await lstat(dir)).isDirectory()) continue;
    for (const file of await readdir(dir)) {
      if (file !== 'copyright') await rm(join(dir, file), { recursive: true, force: true });
    }
  }
}

export async function unpackDeb(debPath: string, destDir: string): Promise<void> {
  const result = await runTool('dpkg-deb', ['--extract', debPath, destDir]);
  if (result.code !== 0) throw new DebUnpackError(`${debPath}: dpkg-deb --extract failed: ${result.stderr.trim()}`);
  for (const dir of MERGED_USR_DIRS) {
    const top = join(destDir, dir);
    const stats = await lstat(top).catch(() => undefined);
    if (!stats?.isDirectory()) continue;
    await mkdir(join(destDir, 'usr'), { recursive: true });
    await moveInto(top, join(destDir, 'usr', dir), debPath, dir);
  }
  await pruneDocumentation(destDir);
}
