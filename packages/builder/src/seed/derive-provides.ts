/**
 * The names melange's dependency scan gives APKs (`so:libz.so.1=1`, `cmd:make`, `pc:zlib`),
 * derived for a Debian package from its file list and shlibs control file. Packages built in
 * stage1 get `so:` dependencies from their ELF files; stage2 must find those in the seed.
 * Versions are left off where only a Debian version would fit (apk cannot order those); the
 * seed's provider priority lets the solver choose such unversioned names.
 */
import { isValidVersion } from '@stagecraft/apk';

export interface DebContents {
  /** paths as in the data archive, without the leading `./` */
  files: string[];
  /** the DEBIAN/shlibs control file, empty when the package has none */
  shlibs: string;
}

const COMMAND_DIRS = ['bin/', 'sbin/', 'usr/bin/', 'usr/sbin/'];
const PKGCONFIG = /^usr\/(?:lib\/(?:[^/]+\/)?|share\/)pkgconfig\/([^/]+)\.pc$/;

export function deriveProvides(contents: DebContents): string[] {
  const provides = new Set<string>();
  for (const line of contents.shlibs.split('\n')) {
    // `libz 1 zlib1g (>= 1:1.2.3)`; lines for other package types start with `udeb:`
    const match = /^([^\s:]+)\s+(\S+)\s+\S/.exec(line.trim());
    if (!match) continue;
    const [, library, version] = match;
    provides.add(isValidVersion(version) ? `so:${library}.so.${version}=${version}` : `so:${library}.so.${version}`);
  }
  for (const file of contents.files) {
    const dir = COMMAND_DIRS.find((d) => file.startsWith(d) && !file.slice(d.length).includes('/') && file.length > d.length);
    if (dir) provides.add(`cmd:${file.slice(dir.length)}`);
    const pc = PKGCONFIG.exec(file);
    if (pc) provides.add(`pc:${pc[1]}`);
  }
  return [...provides].sort();
}
