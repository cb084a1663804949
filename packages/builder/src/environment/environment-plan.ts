/**
 * The result of resolving a build environment: exactly which package files make up the root, with
 * their digests and where each came from. The provenance statement lists these entries as-is.
 */
import type { Arch } from '@stagecraft/melange-config';

export type PackageOrigin =
  /** a locked seed package (a .deb of the Debian seed, or an .apk of an APK seed) */
  | { kind: 'seed'; seed: string; url: string }
  /** an .apk from one of the APK repositories given to the build */
  | { kind: 'repository'; repository: string; url: string };

export interface EnvironmentPackage {
  name: string;
  version: string;
  format: 'deb' | 'apk';
  /** `sha256:<hex>` of the package file */
  digest: string;
  /** the file's size in bytes, when known from the index or lock */
  size?: number;
  origin: PackageOrigin;
}

export interface EnvironmentPlan {
  arch: Arch;
  /** what was asked for (apk dependency strings) */
  requested: string[];
  /** sorted by name */
  packages: EnvironmentPackage[];
}

export function sha256OfDigest(digest: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!match) throw new Error(`"${digest}" is not a sha256:<hex> digest`);
  return match[1];
}

/** The store key of a package: its format and file digest, so the same bytes are unpacked once. */
export function storeKeyOf(pkg: EnvironmentPackage): string {
  return `${pkg.format}-sha256-${sha256OfDigest(pkg.digest)}`;
}
