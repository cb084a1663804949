/**
 * Unpacks a .deb's data into a directory, as dpkg would place the files, but without running
 * maintainer scripts (they need dpkg's database and a booted system). Debian bookworm packages
 * still ship files under /bin, /lib…; a merged-/usr system (which is what the root gets) has those
 * only as symlinks into /usr, so mergeUsr moves them there, once per package in the store.
 * Documentation, manuals and translations are left out, as Debian's minimal images do with
 * dpkg path-excludes: builds do not read them, and they are a third of a toolchain root's files.
 * The copyright files stay, since they are the packages' licences.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mergeUsr } from '../store/merge-usr';
import { runTool } from './run-tool';

export class DebUnpackError extends Error {
  override name = 'DebUnpackError';
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
  await mergeUsr(destDir, debPath);
  await pruneDocumentation(destDir);
}
