import { mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { completeRoot } from './complete-root';

async function rootWith(commands: string[]) {
  const root = tempDir('complete');
  await mkdir(join(root, 'usr/bin'), { recursive: true });
  await mkdir(join(root, 'usr/lib'), { recursive: true });
  for (const c of commands) await writeFile(join(root, 'usr/bin', c), '');
  return root;
}

describe('completeRoot', () => {
  it('makes the merged-/usr links and the alternatives Debian postinst scripts would', async () => {
    const root = await rootWith(['dash', 'bash', 'gcc', 'cpp', 'gawk', 'automake-1.16', 'aclocal-1.16', 'which.debianutils']);
    const added = await completeRoot(root);
    expect(added).toEqual([
      '/bin -> usr/bin',
      '/lib -> usr/lib',
      '/usr/bin/sh -> /usr/bin/dash',
      '/usr/bin/cc -> /usr/bin/gcc',
      '/usr/lib/cpp -> /usr/bin/cpp',
      '/usr/bin/awk -> /usr/bin/gawk',
      '/usr/bin/nawk -> /usr/bin/gawk',
      '/usr/bin/which -> /usr/bin/which.debianutils',
      '/usr/bin/automake -> /usr/bin/automake-1.16',
      '/usr/bin/aclocal -> /usr/bin/aclocal-1.16',
      '/etc/passwd',
      '/etc/group',
    ]);
    expect(await readFile(join(root, 'etc/passwd'), 'utf8')).toContain('build:x:1000:1000:build:/home/build:/bin/sh');
  });

  it('keeps what the packages already provide', async () => {
    const root = await rootWith(['bash', 'busybox']);
    await symlink('busybox', join(root, 'usr/bin/sh'));
    await mkdir(join(root, 'etc'));
    await writeFile(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
    expect(await completeRoot(root)).toEqual(['/bin -> usr/bin', '/lib -> usr/lib', '/usr/bin/awk -> /usr/bin/busybox', '/etc/group']);
    expect(await readlink(join(root, 'usr/bin/sh'))).toBe('busybox');
  });
});
