import type { IndexEntry } from './apkindex-text';
import { readPackage, type ApkPackage } from './read-package';

/** The index record of a package read earlier. */
export function indexEntryOf(pkg: ApkPackage): IndexEntry {
  const i = pkg.info;
  const e: IndexEntry = {
    name: i.name,
    version: i.version,
    arch: i.arch,
    size: pkg.fileSize,
    installedSize: i.size,
    description: i.description,
    url: i.url,
    license: i.license,
    depends: i.depends,
    provides: i.provides,
    installIf: i.installIf ?? [],
    checksum: pkg.identity,
  };
  if (i.origin) e.origin = i.origin;
  if (i.maintainer) e.maintainer = i.maintainer;
  if (i.builddate) e.buildTime = i.builddate;
  if (i.commit) e.commit = i.commit;
  if (i.providerPriority) e.providerPriority = i.providerPriority;
  return e;
}

/** The index record of a package file or bytes (its data is hashed, not unpacked). */
export function indexEntryFromPackage(input: Buffer | string, fileName?: string): IndexEntry {
  return indexEntryOf(readPackage(input, { skipData: true, requireSignature: false, ...(fileName ? { fileName } : {}) }));
}

export function apkIndexEntryFrom(p: Buffer | string | ApkPackage): IndexEntry {
  return typeof p === 'string' || Buffer.isBuffer(p) ? indexEntryFromPackage(p) : indexEntryOf(p);
}
