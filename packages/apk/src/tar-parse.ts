/**
 * A strict tar reader over bytes already in memory: ustar and PAX (local `x` records, global `g`
 * ignored), GNU long names (`L`/`K`), header checksums checked. Strict because a package that
 * apk would misread must be reported, not half-understood.
 */
import { ApkFormatError, type ApkLocation } from './errors';
import { BLOCK, type TarType } from './tar-header';

export interface TarEntry {
  name: string;
  type: TarType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  /** PAX records that applied to this entry (path/linkpath/size… already folded in) */
  pax: Record<string, Buffer>;
  /** offset of the first header block of this entry (its PAX header, if any) */
  headerOffset: number;
  /** offset of the entry data in the tar bytes */
  dataOffset: number;
}

export interface TarParseResult {
  entries: TarEntry[];
  /** offset just past the last entry's padded data */
  end: number;
  /** whether two zero blocks terminated the archive */
  terminated: boolean;
}

function cString(b: Buffer, off: number, len: number): string {
  const field = b.subarray(off, off + len);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? len : nul).toString('utf8');
}

function parseNumber(b: Buffer, off: number, len: number, what: string, where: ApkLocation): number {
  const field = b.subarray(off, off + len);
  if (field[0]! & 0x80) {
    // base-256 (GNU) for values that do not fit in octal
    let v = field[0]! & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + field[i]!;
    return v;
  }
  const s = field.toString('latin1').replace(/\0.*$/s, '').trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new ApkFormatError(`tar header ${what} field is not octal: "${s}"`, where);
  return parseInt(s, 8);
}

export function parsePaxRecords(data: Buffer, where: ApkLocation): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  let i = 0;
  while (i < data.length) {
    if (data[i] === 0) break;
    const space = data.indexOf(0x20, i);
    if (space < 0) throw new ApkFormatError('malformed PAX record (no length)', where);
    const len = Number(data.subarray(i, space).toString('latin1'));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length || data[i + len - 1] !== 0x0a) {
      throw new ApkFormatError('malformed PAX record (bad length)', where);
    }
    const rec = data.subarray(space + 1, i + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq < 0) throw new ApkFormatError('malformed PAX record (no "=")', where);
    out[rec.subarray(0, eq).toString('utf8')] = Buffer.from(rec.subarray(eq + 1));
    i += len;
  }
  return out;
}

function isZeroBlock(b: Buffer, off: number): boolean {
  for (let i = off; i < off + BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * Parses tar bytes. `allowUnterminated` accepts the APK control and signature tars, which end
 * without the two zero blocks.
 */
export function parseTar(bytes: Buffer, where: ApkLocation, allowUnterminated = false): TarParseResult {
  const entries: TarEntry[] = [];
  let off = 0;
  let pending: Record<string, Buffer> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let headerStart = -1;
  while (true) {
    if (off === bytes.length) {
      if (!allowUnterminated) throw new ApkFormatError('tar archive ends without end-of-archive blocks (truncated)', where);
      return { entries, end: off, terminated: false };
    }
    if (off + BLOCK > bytes.length) throw new ApkFormatError(`tar archive truncated inside a header at byte ${off}`, where);
    if (isZeroBlock(bytes, off)) {
      return { entries, end: off, terminated: true };
    }
    const at = { ...where, part: `${where.part ?? 'tar'} at byte ${off}` };
    const stored = parseNumber(bytes, off + 148, 8, 'checksum', at);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : bytes[off + i]!;
    if (sum !== stored) throw new ApkFormatError('tar header checksum mismatch (corrupt or not a tar)', at);
    if (headerStart < 0) headerStart = off;
    const typeByte = bytes[off + 156]!;
    const type = typeByte === 0 ? '0' : String.fromCharCode(typeByte);
    let size = parseNumber(bytes, off + 124, 12, 'size', at);
    const dataOffset = off + BLOCK;
    const next = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
    if (dataOffset + size > bytes.length) throw new ApkFormatError(`tar entry data truncated (needs ${size} bytes)`, at);
    const data = () => bytes.subarray(dataOffset, dataOffset + size);
    if (type === 'x') {
      pending = { ...pending, ...parsePaxRecords(data(), at) };
      off = next;
      continue;
    }
    if (type === 'g') {
      off = next;
      continue;
    }
    if (type === 'L' || type === 'K') {
      const s = data().toString('utf8').replace(/\0.*$/s, '');
      if (type === 'L') longName = s;
      else longLink = s;
      off = next;
      continue;
    }
    if (!'01234567'.includes(type)) throw new ApkFormatError(`unsupported tar entry type "${type}"`, at);
    const magic = bytes.subarray(off + 257, off + 263).toString('latin1');
    let name = cString(bytes, off, 100);
    if (magic === 'ustar\0') {
      const prefix = cString(bytes, off + 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    let linkname = cString(bytes, off + 157, 100);
    let uname = cString(bytes, off + 265, 32);
    let gname = cString(bytes, off + 297, 32);
    let uid = parseNumber(bytes, off + 108, 8, 'uid', at);
    let gid = parseNumber(bytes, off + 116, 8, 'gid', at);
    let mtime = parseNumber(bytes, off + 136, 12, 'mtime', at);
    if (longName !== undefined) name = longName;
    if (longLink !== undefined) linkname = longLink;
    const rec = (k: string) => pending[k]?.toString('utf8');
    if (rec('path') !== undefined) name = rec('path')!;
    if (rec('linkpath') !== undefined) linkname = rec('linkpath')!;
    if (rec('uname') !== undefined) uname = rec('uname')!;
    if (rec('gname') !== undefined) gname = rec('gname')!;
    if (rec('uid') !== undefined) uid = Number(rec('uid'));
    if (rec('gid') !== undefined) gid = Number(rec('gid'));
    if (rec('mtime') !== undefined) mtime = Math.floor(Number(rec('mtime')));
    let entryNext = next;
    if (rec('size') !== undefined) {
      size = Number(rec('size'));
      entryNext = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
      if (dataOffset + size > bytes.length) throw new ApkFormatError(`tar entry data truncated (needs ${size} bytes)`, at);
    }
    entries.push({
      name,
      type: (type === '7' ? '0' : type) as TarType,
      mode: parseNumber(bytes, off + 100, 8, 'mode', at) & 0o7777,
      uid,
      gid,
      size,
      mtime,
      linkname,
      uname,
      gname,
      devmajor: parseNumber(bytes, off + 329, 8, 'devmajor', at),
      devminor: parseNumber(bytes, off + 337, 8, 'devminor', at),
      pax: pending,
      headerOffset: headerStart,
      dataOffset,
    });
    pending = {};
    longName = undefined;
    longLink = undefined;
    headerStart = -1;
    if (entryNext > bytes.length) throw new ApkFormatError('tar entry padding truncated', at);
    off = entryNext;
  }
}
