/**
 * Roots are merged-/usr: /bin, /lib… are symlinks into /usr (completeRoot makes them). Packages
 * that still ship files under /bin or /lib (Debian bookworm's, busybox's) get those files moved
 * to /usr once, when they enter the store, so packages of both kinds can share one root.
 */
import { lstat, mkdir, readdir, rename, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

export class MergeUsrError extends Error {
  override name = 'MergeUsrError';
}

/** Top-level directories that merged-/usr turns into symlinks to their /usr counterparts. */
export const MERGED_USR_DIRS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

async function moveInto(from: string, to: string, label: string, relative: string): Promise<void> {
  const existing = await lstat(to).catch(() => undefined);
  if (!existing) {
    await rename(from, to);
    return;
  }
  const incoming = await lstat(from);
  if (existing.isDirectory() && incoming.isDirectory()) {
    for (const name of await readdir(from)) await moveInto(join(from, name), join(to, name), label, `${relative}/${name}`);
    await rmdir(from);
    return;
  }
  throw new MergeUsrError(`${label}: /${relative} and /usr/${relative} both exist; cannot merge /usr`);
}

/** `label` names the package in errors. */
export async function mergeUsr(treeDir: string, label: string): Promise<void> {
  for (const dir of MERGED_USR_DIRS) {
    const top = join(treeDir, dir);
    const stats = await lstat(top).catch(() => undefined);
    if (!stats?.isDirectory()) continue;
    await mkdir(join(treeDir, 'usr'), { recursive: true });
    await moveInto(top, join(treeDir, 'usr', dir), label, dir);
  }
}
