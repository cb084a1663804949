/**
 * What a package manager and the packages' maintainer scripts would have made in a root that the
 * store's plain file trees lack, limited to what builds need: merged-/usr links, the command
 * names Debian sets up with update-alternatives (sh, cc, awk…), the sandbox's mount points,
 * and an /etc/passwd that names the build user. Only ever adds what is missing.
 */
import { lstat, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const MERGED_USR_LINKS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

/**
 * Debian's update-alternatives links in the seed's packages (from their postinst scripts):
 * link (relative to the root) → candidates in order of preference, each a pattern for a file in
 * /usr/bin, since some carry a version (`automake-1.16`). The first present wins.
 */
const ALTERNATIVES: [string, RegExp[]][] = [
  ['usr/bin/sh', [/^dash$/, /^bash$/, /^busybox$/]],
  ['usr/bin/cc', [/^gcc$/, /^clang$/]],
  ['usr/bin/c++', [/^g\+\+$/, /^clang\+\+$/]],
  ['usr/bin/c89', [/^c89-gcc$/]],
  ['usr/bin/c99', [/^c99-gcc$/]],
  ['usr/lib/cpp', [/^cpp$/]],
  ['usr/bin/awk', [/^gawk$/, /^mawk$/, /^busybox$/]],
  ['usr/bin/nawk', [/^gawk$/, /^mawk$/]],
  ['usr/bin/which', [/^which\.debianutils$/]],
  ['usr/bin/automake', [/^automake-[\d.]+$/]],
  ['usr/bin/aclocal', [/^aclocal-[\d.]+$/]],
  ['usr/bin/lzma', [/^xz$/]],
  ['usr/bin/unlzma', [/^unxz$/]],
  ['usr/bin/pkg-config', [/^pkgconf$/]],
  ['usr/bin/yacc', [/^bison\.yacc$/, /^byacc$/]],
  ['usr/bin/lex', [/^flex$/]],
];

const MOUNT_POINTS = ['dev', 'proc', 'tmp', 'home/build', 'var/cache/melange'];

const exists = (path: string) => lstat(path).then(() => true, () => false);

export async function completeRoot(rootDir: string): Promise<string[]> {
  const added: string[] = [];
  for (const dir of MERGED_USR_LINKS) {
    if (!(await exists(join(rootDir, dir))) && (await exists(join(rootDir, 'usr', dir)))) {
      await symlink(`usr/${dir}`, join(rootDir, dir));
      added.push(`/${dir} -> usr/${dir}`);
    }
  }
  const commands = (await readdir(join(rootDir, 'usr/bin')).catch(() => [] as string[])).sort().reverse();
  for (const [link, candidates] of ALTERNATIVES) {
    if (await exists(join(rootDir, link))) continue;
    const chosen = candidates.map((pattern) => commands.find((name) => pattern.test(name))).find((name) => name !== undefined);
    if (!chosen) continue;
    await mkdir(dirname(join(rootDir, link)), { recursive: true });
    await symlink(`/usr/bin/${chosen}`, join(rootDir, link));
    added.push(`/${link} -> /usr/bin/${chosen}`);
  }
  for (const dir of MOUNT_POINTS) await mkdir(join(rootDir, dir), { recursive: true });
  await mkdir(join(rootDir, 'etc'), { recursive: true });
  if (!(await exists(join(rootDir, 'etc/passwd')))) {
    await writeFile(join(rootDir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nbuild:x:1000:1000:build:/home/build:/bin/sh\n');
    added.push('/etc/passwd');
  }
  if (!(await exists(join(rootDir, 'etc/group')))) {
    await writeFile(join(rootDir, 'etc/group'), 'root:x:0:\nbuild:x:1000:\n');
    added.push('/etc/group');
  }
  return added;
}
