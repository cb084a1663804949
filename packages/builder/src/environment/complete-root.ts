/**
 * What a package manager and the packages' maintainer scripts would have made in a root that the
 * store's plain file trees lack, limited to what builds need: merged-/usr links, the command
 * names Debian sets up with update-alternatives (sh, cc, awk…), the sandbox's mount points,
 * and an /etc/passwd that names the build user. Only ever adds what is missing.
 */
import { lstat, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const MERGED_USR_LINKS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

/** command → candidates in order of preference, all relative to /usr/bin */
const ALTERNATIVES: [string, string[]][] = [
  ['sh', ['dash', 'bash', 'busybox']],
  ['cc', ['gcc', 'clang']],
  ['c++', ['g++', 'clang++']],
  ['cpp', ['cpp-12']],
  ['awk', ['gawk', 'mawk', 'busybox']],
  ['pkg-config', ['pkgconf']],
  ['yacc', ['bison.yacc', 'byacc']],
  ['lex', ['flex']],
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
  const bin = join(rootDir, 'usr/bin');
  if (await exists(bin)) {
    for (const [command, candidates] of ALTERNATIVES) {
      if (await exists(join(bin, command))) continue;
      for (const candidate of candidates) {
        if (await exists(join(bin, candidate))) {
          await symlink(candidate, join(bin, command));
          added.push(`/usr/bin/${command} -> ${candidate}`);
          break;
        }
      }
    }
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
