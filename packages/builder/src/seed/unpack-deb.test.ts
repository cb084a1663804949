import { mkdir, readFile, readdir, writeFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { runTool } from './run-tool';
import { MergeUsrError } from '../store/merge-usr';
import { unpackDeb } from './unpack-deb';

/** Builds a real .deb with dpkg-deb from a small tree, as the archive's packages are built. */
async function buildDeb(files: Record<string, string | { symlink: string }>): Promise<string> {
  const base = tempDir('deb');
  const tree = join(base, 'tree');
  await mkdir(join(tree, 'DEBIAN'), { recursive: true });
  await writeFile(join(tree, 'DEBIAN/control'), 'Package: demo\nVersion: 1.0-1\nArchitecture: all\nMaintainer: t <t@example.org>\nDescription: demo\n');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(tree, path, '..'), { recursive: true });
    if (typeof content === 'string') await writeFile(join(tree, path), content);
    else await symlink(content.symlink, join(tree, path));
  }
  const deb = join(base, 'demo.deb');
  const result = await runTool('dpkg-deb', ['--root-owner-group', '--build', tree, deb]);
  expect(result.stderr).toBe('');
  return deb;
}

describe('unpackDeb', () => {
  it('moves /bin and /lib contents into /usr (merged-/usr)', async () => {
    const deb = await buildDeb({ 'bin/dash': 'sh', 'bin/sh': { symlink: 'dash' }, 'lib/x86_64-linux-gnu/libc.so.6': 'libc', 'usr/bin/make': 'make' });
    const dest = tempDir('unpacked');
    await unpackDeb(deb, dest);
    expect((await readdir(dest)).sort()).toEqual(['usr']);
    expect((await readdir(join(dest, 'usr/bin'))).sort()).toEqual(['dash', 'make', 'sh']);
    expect(await readFile(join(dest, 'usr/lib/x86_64-linux-gnu/libc.so.6'), 'utf8')).toBe('libc');
  });

  it('leaves out documentation, manuals and translations but keeps the copyright', async () => {
    const deb = await buildDeb({
      'usr/bin/make': 'make',
      'usr/share/doc/make/copyright': 'GPL',
      'usr/share/doc/make/NEWS.gz': 'news',
      'usr/share/man/man1/make.1.gz': 'man',
      'usr/share/locale/de/LC_MESSAGES/make.mo': 'mo',
    });
    const dest = tempDir('unpacked');
    await unpackDeb(deb, dest);
    expect((await readdir(join(dest, 'usr/share'))).sort()).toEqual(['doc']);
    expect(await readdir(join(dest, 'usr/share/doc/make'))).toEqual(['copyright']);
  });

  it('refuses a package that has the same file under /bin and /usr/bin', async () => {
    const deb = await buildDeb({ 'bin/true': 'a', 'usr/bin/true': 'b' });
    await expect(unpackDeb(deb, tempDir('unpacked'))).rejects.toThrow(MergeUsrError);
  });

  it('names the file when it is not a .deb', async () => {
    const dest = tempDir('unpacked');
    const bogus = join(dest, 'bogus.deb');
    await writeFile(bogus, 'not an archive');
    await expect(unpackDeb(bogus, join(dest, 'out'))).rejects.toThrow(`${bogus}: dpkg-deb --extract failed`);
  });
});
