import { mkdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { assembleRoot, RootConflictError } from './assemble-root';

/** Writes a package tree: `{ 'usr/bin/x': 'text', 'usr/bin/y': { symlink: 'x' } }`. */
async function tree(base: string, name: string, files: Record<string, string | { symlink: string }>) {
  const dir = join(base, name);
  await mkdir(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    if (typeof content === 'string') await writeFile(join(dir, path), content);
    else await symlink(content.symlink, join(dir, path));
  }
  return { name, dir };
}

describe('assembleRoot', () => {
  it('hard-links files, recreates symlinks and merges shared directories', async () => {
    const base = tempDir('assemble');
    const make = await tree(base, 'make', { 'usr/bin/make': 'ELF make', 'usr/share/doc/make/copyright': 'GPL' });
    const dash = await tree(base, 'dash', { 'usr/bin/dash': 'ELF dash', 'usr/bin/sh': { symlink: 'dash' } });
    const root = join(base, 'root');
    const stats = await assembleRoot([make, dash], root);
    expect(stats).toEqual({ files: 3, dirs: 5, symlinks: 1, copied: 0 });
    expect((await stat(join(root, 'usr/bin/make'))).ino).toBe((await stat(join(make.dir, 'usr/bin/make'))).ino);
    expect(await readlink(join(root, 'usr/bin/sh'))).toBe('dash');
  });

  it('accepts byte-identical files and identical symlinks from two packages', async () => {
    const base = tempDir('assemble');
    const a = await tree(base, 'a', { 'etc/shared.conf': 'same', 'usr/lib/l': { symlink: 'x' } });
    const b = await tree(base, 'b', { 'etc/shared.conf': 'same', 'usr/lib/l': { symlink: 'x' } });
    await expect(assembleRoot([a, b], join(base, 'root'))).resolves.toMatchObject({ files: 1, symlinks: 1 });
  });

  it('reports every conflicting path with both package names', async () => {
    const base = tempDir('assemble');
    const a = await tree(base, 'gawk', { 'usr/bin/awk': 'gawk', 'usr/bin/x': { symlink: 'one' } });
    const b = await tree(base, 'mawk', { 'usr/bin/awk': 'mawk', 'usr/bin/x': { symlink: 'two' } });
    const error = await assembleRoot([a, b], join(base, 'root')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RootConflictError);
    expect((error as RootConflictError).message).toBe(
      'packages conflict in the build root:\n' +
        '  /usr/bin/awk: gawk and mawk (different contents)\n' +
        '  /usr/bin/x: gawk and mawk (different targets)',
    );
  });

  it('reports a file placed where another package has a directory', async () => {
    const base = tempDir('assemble');
    const a = await tree(base, 'a', { 'usr/lib/thing/file': 'x' });
    const b = await tree(base, 'b', { 'usr/lib/thing': 'y' });
    await expect(assembleRoot([a, b], join(base, 'root'))).rejects.toThrow('/usr/lib/thing: a and b (dir vs file)');
  });
});
