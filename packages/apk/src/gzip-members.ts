/**
 * Concatenated gzip members, split at their exact byte boundaries. APK signatures and hashes
 * cover the *compressed* bytes of one member, so a reader must know where each member starts
 * and ends, not just the inflated stream.
 */
import * as zlib from 'node:zlib';
import { ApkFormatError, type ApkLocation } from './errors';

export interface GzipMember {
  /** offset of the member's first byte (0x1f) in the file */
  start: number;
  /** offset just past its trailer */
  end: number;
  /** the inflated content */
  content: Buffer;
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

function skipZeroTerminated(bytes: Buffer, pos: number, where: ApkLocation): number {
  const nul = bytes.indexOf(0, pos);
  if (nul < 0) throw new ApkFormatError('truncated gzip header', where);
  return nul + 1;
}

/** Reads the gzip member that starts at `start`. */
export function readGzipMember(bytes: Buffer, start: number, where: ApkLocation): GzipMember {
  const at = { ...where, part: `${where.part ?? 'gzip member'} at byte ${start}` };
  if (bytes.length - start < 18) {
    if (bytes[start] === 0x1f && (bytes.length - start < 2 || bytes[start + 1] === 0x8b)) {
      throw new ApkFormatError('truncated gzip member', at);
    }
    throw new ApkFormatError('not gzip data (an .apk and APKINDEX.tar.gz are gzip streams)', at);
  }
  if (bytes[start] !== 0x1f || bytes[start + 1] !== 0x8b) {
    throw new ApkFormatError('not gzip data (an .apk and APKINDEX.tar.gz are gzip streams)', at);
  }
  if (bytes[start + 2] !== 8) throw new ApkFormatError(`unsupported gzip compression method ${bytes[start + 2]}`, at);
  const flags = bytes[start + 3]!;
  let pos = start + 10;
  if (flags & FEXTRA) pos += 2 + bytes.readUInt16LE(pos);
  if (flags & FNAME) pos = skipZeroTerminated(bytes, pos, at);
  if (flags & FCOMMENT) pos = skipZeroTerminated(bytes, pos, at);
  if (flags & FHCRC) pos += 2;
  if (pos >= bytes.length) throw new ApkFormatError('truncated gzip header', at);
  let content: Buffer;
  let consumed: number;
  try {
    // Output buffers sized from the input: few chunks to join, yet small members stay small.
    const chunkSize = Math.min(Math.max(64 << 10, (bytes.length - pos) * 4), 64 << 20);
    const r = zlib.inflateRawSync(bytes.subarray(pos), { info: true, chunkSize }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    content = r.buffer;
    consumed = r.engine.bytesWritten;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new ApkFormatError('truncated gzip member (compressed data ends early)', at);
    throw new ApkFormatError(`corrupt gzip data: ${(e as Error).message}`, at);
  }
  const trailer = pos + consumed;
  if (trailer + 8 > bytes.length) throw new ApkFormatError('truncated gzip member (trailer missing)', at);
  const crc = bytes.readUInt32LE(trailer);
  const isize = bytes.readUInt32LE(trailer + 4);
  if (zlib.crc32(content) !== crc) throw new ApkFormatError('gzip CRC mismatch (corrupt member)', at);
  if ((content.length & 0xffffffff) >>> 0 !== isize) throw new ApkFormatError('gzip length mismatch (corrupt member)', at);
  return { start, end: trailer + 8, content };
}

/** Every member of a concatenated gzip file, in order. */
export function splitGzipMembers(bytes: Buffer, where: ApkLocation): GzipMember[] {
  if (bytes.length === 0) throw new ApkFormatError('empty file', where);
  const members: GzipMember[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const m = readGzipMember(bytes, pos, where);
    members.push(m);
    pos = m.end;
  }
  return members;
}

/** One gzip member at level 6 with mtime 0, so the same input always gives the same bytes. */
export function gzipMember(content: Buffer): Buffer {
  return zlib.gzipSync(content, { level: 6 });
}
