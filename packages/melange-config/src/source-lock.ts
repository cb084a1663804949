/**
 * A lock file pins an outside source of packages (a `seed:` distribution such as Debian, or a
 * `published:` APK repository of an earlier release) to exact packages and digests, per
 * architecture. The seeding graph reads what a source provides from it; the builder fetches
 * exactly these files. Versions are the source's own (Debian versions for a Debian seed).
 */
import type { Arch } from './recipe-summary';

export interface LockedPackage {
  name: string;
  version: string;
  /** names this package offers besides its own, apk style (`so:libc.so.6`, `cc`, `foo=1.2`) */
  provides: string[];
  /** runtime dependencies, apk dependency strings (alternatives already chosen) */
  depends: string[];
  /** hex sha256 of the package file */
  sha256: string;
  size: number;
  /** path of the file relative to the arch's `baseUrl` */
  filename: string;
}

export interface LockedArch {
  /** where `filename`s are fetched from (`http://deb.debian.org/debian`, `file:///…`) */
  baseUrl: string;
  packages: LockedPackage[];
}

export interface SourceLock {
  lockVersion: 1;
  /** `debian`: .deb files from a Debian archive; `apk`: .apk files of an APK repository */
  type: 'debian' | 'apk';
  /** what was asked for when the lock was made (the roots of the closure) */
  requested: string[];
  archs: Partial<Record<Arch, LockedArch>>;
}
