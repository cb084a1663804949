/**
 * Writes an APK v2 package: [signature member] + control member + data member. The data member
 * is written first because .PKGINFO carries its sha256 (datahash) and the installed size.
 */
import { controlMember, signatureMember, type ControlFile } from './control-member';
import { normalizeEntries, walkDataDir, type DataEntry } from './data-entries';
import { writeDataMember, type OwnerMap } from './data-member';
import { ApkFormatError } from './errors';
import { writeFileAtomic } from './atomic-write';
import type { SigningKey } from './keys';
import { formatPkgInfo, validatePackageInfo, type PackageInfo } from './pkginfo';
import { signatureEntryName, signBytes } from './signature';

export interface Scriptlets {
  preInstall?: string;
  postInstall?: string;
  preDeinstall?: string;
  postDeinstall?: string;
  preUpgrade?: string;
  postUpgrade?: string;
  /** the `.trigger` script; its paths go in `info.triggers` */
  trigger?: string;
}

const SCRIPTLET_FILES: Record<keyof Scriptlets, string> = {
  preInstall: '.pre-install',
  postInstall: '.post-install',
  preDeinstall: '.pre-deinstall',
  postDeinstall: '.post-deinstall',
  preUpgrade: '.pre-upgrade',
  postUpgrade: '.post-upgrade',
  trigger: '.trigger',
};

export interface WritePackageOptions {
  /** metadata; `size` and `datahash` are computed and need not be set */
  info: Omit<PackageInfo, 'size' | 'datahash'> & Partial<Pick<PackageInfo, 'size' | 'datahash'>>;
  /** the payload directory (melange-out/<name>) … */
  dataDir?: string;
  /** … or the payload as entries */
  entries?: DataEntry[];
  scriptlets?: Scriptlets;
  /** more control files, e.g. `{ name: '.melange.yaml', content }` (mode 0644) */
  controlExtra?: { name: string; content: string | Buffer }[];
  signingKey?: SigningKey;
  /** mtime of every entry and the build date */
  sourceDateEpoch: number;
  ownerMap?: OwnerMap;
  /**
   * Extended attributes by package path, e.g. melange's `setcap` as
   * `{ 'usr/bin/ping': { 'security.capability': bytes } }`. Only files and directories carry
   * them; xattrs are not read from the host's disk (they would describe the host, not the recipe).
   */
  xattrs?: Record<string, Record<string, Buffer>>;
}

export interface WrittenPackage {
  bytes: Buffer;
  info: PackageInfo;
}

interface BuiltParts {
  parts: Buffer[];
  info: PackageInfo;
}

function controlFilesFor(opts: WritePackageOptions): ControlFile[] {
  const files: ControlFile[] = [];
  for (const [key, name] of Object.entries(SCRIPTLET_FILES) as [keyof Scriptlets, string][]) {
    const script = opts.scriptlets?.[key];
    if (script) files.push({ name, content: Buffer.from(script, 'utf8'), mode: 0o755 });
  }
  for (const f of opts.controlExtra ?? []) {
    files.push({ name: f.name, content: typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content, mode: 0o644 });
  }
  return files;
}

async function buildParts(opts: WritePackageOptions): Promise<BuiltParts> {
  if (!Number.isSafeInteger(opts.sourceDateEpoch) || opts.sourceDateEpoch < 0) {
    throw new ApkFormatError(`SOURCE_DATE_EPOCH ${opts.sourceDateEpoch} is not a non-negative integer`);
  }
  if ((opts.dataDir === undefined) === (opts.entries === undefined)) {
    throw new ApkFormatError('give exactly one of dataDir or entries');
  }
  validatePackageInfo({ ...opts.info, size: 0 });
  if (opts.scriptlets?.trigger && opts.info.triggers.length === 0) {
    throw new ApkFormatError('a trigger scriptlet needs trigger paths in info.triggers', { field: 'triggers' });
  }
  const entries = withXattrs(opts.entries ? normalizeEntries(opts.entries) : await walkDataDir(opts.dataDir!), opts.xattrs ?? {});
  const data = await writeDataMember(entries, opts.sourceDateEpoch, opts.ownerMap);
  const info: PackageInfo = { ...opts.info, size: data.installedSize, datahash: data.sha256 };
  const control = controlMember(formatPkgInfo(info), controlFilesFor(opts), opts.sourceDateEpoch);
  const parts = [control, ...data.chunks];
  if (opts.signingKey) {
    const sig = signBytes(control, opts.signingKey, 'RSA256');
    parts.unshift(signatureMember(signatureEntryName(opts.signingKey, 'RSA256'), sig, opts.sourceDateEpoch));
  }
  return { parts, info };
}

function withXattrs(entries: DataEntry[], xattrs: Record<string, Record<string, Buffer>>): DataEntry[] {
  const wanted = new Map(Object.entries(xattrs));
  if (wanted.size === 0) return entries;
  const out = entries.map((e) => {
    const x = wanted.get(e.path);
    if (!x) return e;
    wanted.delete(e.path);
    if (e.type !== 'file' && e.type !== 'dir') throw new ApkFormatError(`xattrs for "${e.path}": only files and directories carry xattrs, this is a ${e.type}`, { field: 'xattrs' });
    return { ...e, xattrs: { ...e.xattrs, ...x } };
  });
  const missing = [...wanted.keys()];
  if (missing.length) throw new ApkFormatError(`xattrs for ${missing.map((p) => `"${p}"`).join(', ')}: no such path in the package`, { field: 'xattrs' });
  return out;
}

/** Builds the package bytes and the final .PKGINFO (with size and datahash). */
export async function buildPackage(opts: WritePackageOptions): Promise<WrittenPackage> {
  const { parts, info } = await buildParts(opts);
  return { bytes: Buffer.concat(parts), info };
}

/** The package bytes. */
export async function writePackage(opts: WritePackageOptions): Promise<Buffer> {
  return (await buildPackage(opts)).bytes;
}

/** Writes the package to `file` atomically; returns the final .PKGINFO and the file size. */
export async function writePackageFile(file: string, opts: WritePackageOptions): Promise<{ info: PackageInfo; size: number }> {
  const { parts, info } = await buildParts(opts);
  await writeFileAtomic(file, parts);
  return { info, size: parts.reduce((n, p) => n + p.length, 0) };
}

/** melange's file name: `<name>-<version>.apk`. */
export function packageFileName(info: Pick<PackageInfo, 'name' | 'version'>): string {
  return `${info.name}-${info.version}.apk`;
}
