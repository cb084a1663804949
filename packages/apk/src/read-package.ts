/**
 * Reads and verifies an APK v2 package the way apk-tools 2.14 does: signature member (optional),
 * control member (identity = SHA-1 of its compressed bytes, signed digest), then the data
 * whose compressed bytes must hash to .PKGINFO's datahash.
 */
import * as crypto from 'node:crypto';
import { ApkFormatError, DatahashMismatchError, type ApkLocation } from './errors';
import { readGzipMember, splitGzipMembers, type GzipMember } from './gzip-members';
import { parsePkgInfo, type PackageInfo } from './pkginfo';
import { checkSignatures, parseSignatureName, type Signature, type SignatureCheck, type VerifyOptions } from './signature';
import { parseTar, type TarEntry } from './tar-parse';
import type { DataEntryType } from './data-entries';
import { readInputBytes } from './read-input';

export interface ReadPackageOptions extends VerifyOptions {
  /** name used in error messages when reading bytes */
  fileName?: string;
  /** skip inflating the data member (datahash is still checked); dataEntries will be empty */
  skipData?: boolean;
}

export interface PackageDataEntry {
  path: string;
  type: DataEntryType;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  size: number;
  mtime: number;
  linkTarget?: string;
  devmajor?: number;
  devminor?: number;
  xattrs: Record<string, Buffer>;
  /** the APK-TOOLS.checksum.SHA1 record (hex), when present */
  checksumSha1?: string;
  /** the file content (empty for non-files) */
  content(): Buffer;
}

export interface ControlFileRead {
  name: string;
  mode: number;
  content: Buffer;
}

export interface ApkPackage {
  info: PackageInfo;
  /** `Q1` + base64 SHA-1 of the control member: the index `C:` value */
  identity: string;
  signatures: SignatureCheck[];
  controlFiles: ControlFileRead[];
  dataEntries: PackageDataEntry[];
  /** the .apk file size in bytes: the index `S:` value */
  fileSize: number;
  /** byte ranges [start, end) of the members */
  members: { signature?: [number, number]; control: [number, number]; data: [number, number] };
}

const TYPE_BY_TAR: Record<string, DataEntryType> = {
  '0': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
};

export function identityOf(controlMember: Buffer): string {
  return 'Q1' + crypto.createHash('sha1').update(controlMember).digest('base64');
}

function toDataEntry(e: TarEntry, tar: Buffer): PackageDataEntry {
  const xattrs: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(e.pax)) if (k.startsWith('SCHILY.xattr.')) xattrs[k.slice('SCHILY.xattr.'.length)] = v;
  const out: PackageDataEntry = {
    path: e.name.replace(/^\.\//, '').replace(/\/+$/, ''),
    type: TYPE_BY_TAR[e.type]!,
    mode: e.mode,
    uid: e.uid,
    gid: e.gid,
    uname: e.uname,
    gname: e.gname,
    size: e.type === '0' ? e.size : 0,
    mtime: e.mtime,
    xattrs,
    content: () => (e.type === '0' ? tar.subarray(e.dataOffset, e.dataOffset + e.size) : Buffer.alloc(0)),
  };
  if (e.type === '1' || e.type === '2') out.linkTarget = e.linkname;
  if (e.type === '3' || e.type === '4') {
    out.devmajor = e.devmajor;
    out.devminor = e.devminor;
  }
  const sum = e.pax['APK-TOOLS.checksum.SHA1'];
  if (sum) out.checksumSha1 = sum.toString('latin1');
  return out;
}

/** The signature and control members: everything before the data, from a prefix of the file. */
export interface PackageHead {
  signatures: Signature[];
  signatureRange: [number, number] | undefined;
  /** the control member's byte range and content */
  control: GzipMember;
  controlFiles: ControlFileRead[];
  info: PackageInfo;
}

export function readPackageHead(bytes: Buffer, where: ApkLocation): PackageHead {
  const first = readGzipMember(bytes, 0, { ...where, part: 'first gzip member' });
  const firstTar = parseTar(first.content, { ...where, part: 'first member tar' }, true);
  const isSignature = firstTar.entries.length > 0 && firstTar.entries.every((e) => e.name.startsWith('.SIGN.'));

  const signatures: Signature[] = [];
  let control = first;
  let controlTar = firstTar;
  let signatureRange: [number, number] | undefined;
  if (isSignature) {
    for (const e of firstTar.entries) {
      const parsed = parseSignatureName(e.name);
      if (!parsed) throw new ApkFormatError(`unrecognised signature entry "${e.name}"`, { ...where, part: 'signature member' });
      signatures.push({ ...parsed, signature: Buffer.from(first.content.subarray(e.dataOffset, e.dataOffset + e.size)) });
    }
    signatureRange = [first.start, first.end];
    if (first.end >= bytes.length) throw new ApkFormatError('truncated: nothing after the signature member', where);
    control = readGzipMember(bytes, first.end, { ...where, part: 'control member' });
    controlTar = parseTar(control.content, { ...where, part: 'control member tar' }, true);
  }

  const controlFiles: ControlFileRead[] = controlTar.entries.map((e) => {
    if (!e.name.startsWith('.') || e.name.includes('/')) {
      throw new ApkFormatError(`"${e.name}" in the control member (control files are top-level dot-names)`, { ...where, part: 'control member' });
    }
    return { name: e.name, mode: e.mode, content: Buffer.from(control.content.subarray(e.dataOffset, e.dataOffset + e.size)) };
  });
  const pkginfoFile = controlFiles.find((f) => f.name === '.PKGINFO');
  if (!pkginfoFile) throw new ApkFormatError('control member has no .PKGINFO', { ...where, part: 'control member' });
  const info = parsePkgInfo(pkginfoFile.content.toString('utf8'), { ...where, part: '.PKGINFO' });

  return { signatures, signatureRange, control, controlFiles, info };
}

/** Reads a package from bytes or a path; throws the named errors of ./errors on bad input. */
export function readPackage(input: Buffer | string, opts: ReadPackageOptions = {}): ApkPackage {
  const file = typeof input === 'string' ? input : opts.fileName;
  const where: ApkLocation = file ? { file } : {};
  const bytes = readInputBytes(input, 'package', where);

  const { signatures, signatureRange, control, controlFiles, info } = readPackageHead(bytes, where);
  if (control.end >= bytes.length) throw new ApkFormatError('truncated: no data member after the control member', where);

  const controlBytes = bytes.subarray(control.start, control.end);
  const dataBytes = bytes.subarray(control.end);
  if (info.datahash !== undefined) {
    const actual = crypto.createHash('sha256').update(dataBytes).digest('hex');
    if (actual !== info.datahash) {
      // A cut-off file is the likelier story than altered data: say so when the gzip stream ends early.
      splitGzipMembers(dataBytes, { ...where, part: 'data member' });
      throw new DatahashMismatchError(info.datahash, actual, where);
    }
  }
  // Without datahash (legacy abuild packages) apk's signature covers control and data together.
  const signed = info.datahash !== undefined ? controlBytes : bytes.subarray(control.start);
  const checks = checkSignatures(signed, signatures, opts, where);

  let dataEntries: PackageDataEntry[] = [];
  if (!opts.skipData) {
    const members = splitGzipMembers(dataBytes, { ...where, part: 'data member' });
    const tar = members.length === 1 ? members[0]!.content : Buffer.concat(members.map((m) => m.content));
    const parsed = parseTar(tar, { ...where, part: 'data member tar' });
    dataEntries = parsed.entries.map((e) => toDataEntry(e, tar));
  }

  return {
    info,
    identity: identityOf(controlBytes),
    signatures: checks,
    controlFiles,
    dataEntries,
    fileSize: bytes.length,
    members: {
      ...(signatureRange ? { signature: signatureRange } : {}),
      control: [control.start, control.end],
      data: [control.end, bytes.length],
    },
  };
}

/**
 * Reads a package and checks everything apk would: signatures (required unless opts say
 * otherwise), datahash, and every file's APK-TOOLS.checksum.SHA1.
 */
export function verifyPackage(input: Buffer | string, opts: ReadPackageOptions = {}): ApkPackage {
  const pkg = readPackage(input, { ...opts, skipData: false });
  const file = typeof input === 'string' ? input : opts.fileName;
  for (const e of pkg.dataEntries) {
    if (e.checksumSha1 === undefined) continue;
    let actual: string | undefined;
    if (e.type === 'file') actual = crypto.createHash('sha1').update(e.content()).digest('hex');
    else if (e.type === 'symlink') actual = crypto.createHash('sha1').update(e.linkTarget ?? '').digest('hex');
    if (actual !== undefined && actual !== e.checksumSha1) {
      throw new ApkFormatError(`checksum of "${e.path}" is ${actual} but its APK-TOOLS.checksum.SHA1 record says ${e.checksumSha1}`, {
        ...(file ? { file } : {}),
        part: 'data member',
      });
    }
  }
  return pkg;
}
