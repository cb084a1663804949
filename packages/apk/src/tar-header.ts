/**
 * Tar headers byte-for-byte as Go's archive/tar writes them, because melange (and therefore
 * every package apk users have seen) is written by it: ustar when the entry fits, PAX with a
 * `<dir>/PaxHeaders.0/<base>` extended header when it carries records or does not fit,
 * zero-padded octal fields with a NUL terminator, checksum as six digits, NUL, space.
 */

export const BLOCK = 512;

export type TarType = '0' | '1' | '2' | '3' | '4' | '5' | '6';

export const TAR_TYPE = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
} as const satisfies Record<string, TarType>;

export interface TarHeader {
  name: string;
  type: TarType;
  /** permission bits plus setuid/setgid/sticky (no file-type bits) */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** seconds since the epoch */
  mtime: number;
  linkname?: string;
  uname?: string;
  gname?: string;
  devmajor?: number;
  devminor?: number;
  /** extra PAX records; values are bytes (xattr values may be binary) */
  pax?: Record<string, Buffer | string>;
}

const NAME_SIZE = 100;
const PREFIX_SIZE = 155;

const isASCII = (s: string) => /^[\x00-\x7f]*$/.test(s);
const toASCII = (s: string) => s.replace(/[^\x00-\x7f]/g, '');

const OCTAL_LIMIT: Record<number, number> = { 7: 8 ** 6, 8: 8 ** 7, 12: 8 ** 11 };

function fitsInOctal(width: number, x: number): boolean {
  return x >= 0 && (width >= 22 || x < (OCTAL_LIMIT[width] ?? 8 ** (width - 1)));
}

/** Zeroed bytes from the shared pool: headers are small and many, so this spares the GC. */
const zeroed = (n: number): Buffer => Buffer.allocUnsafe(n).fill(0);

function putString(block: Buffer, off: number, width: number, s: string): void {
  const n = block.write(s, off, width, 'latin1');
  if (n < width) block[off + n] = 0;
  // Go avoids a truncated name that ends in '/', which some readers take for a directory.
  if (s.length > width && block[off + width - 1] === 0x2f) {
    const kept = s.slice(0, width - 1).replace(/\/+$/, '').length;
    block[off + kept] = 0;
  }
}

function putOctal(block: Buffer, off: number, width: number, x: number): void {
  putString(block, off, width, (fitsInOctal(width, x) ? x : 0).toString(8).padStart(width - 1, '0'));
}

interface BlockFields {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  type: string;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  prefix: string;
  /** Go's writeRawFile leaves devmajor/devminor as NUL bytes for PAX extended headers */
  rawDev: boolean;
}

/** Writes one 512-byte header block at `at` (the bytes there must be zero). */
function encodeBlock(b: Buffer, at: number, f: BlockFields): void {
  putString(b, at, 100, f.name);
  putOctal(b, at + 100, 8, f.mode);
  putOctal(b, at + 108, 8, f.uid);
  putOctal(b, at + 116, 8, f.gid);
  putOctal(b, at + 124, 12, f.size);
  putOctal(b, at + 136, 12, f.mtime);
  b[at + 156] = f.type.charCodeAt(0);
  putString(b, at + 157, 100, f.linkname);
  b.write('ustar\x0000', at + 257, 'latin1');
  putString(b, at + 265, 32, f.uname);
  putString(b, at + 297, 32, f.gname);
  if (!f.rawDev) {
    putOctal(b, at + 329, 8, f.devmajor);
    putOctal(b, at + 337, 8, f.devminor);
  }
  putString(b, at + 345, PREFIX_SIZE, f.prefix);
  b.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + BLOCK; i++) sum += b[i]!;
  putOctal(b, at + 148, 7, sum);
  b[at + 155] = 0x20;
}

function splitUSTARPath(name: string): [string, string] | undefined {
  let length = name.length;
  if (length <= NAME_SIZE || !isASCII(name)) return undefined;
  if (length > PREFIX_SIZE + 1) length = PREFIX_SIZE + 1;
  else if (name[length - 1] === '/') length--;
  const i = name.slice(0, length).lastIndexOf('/');
  const nlen = name.length - i - 1;
  if (i <= 0 || nlen > NAME_SIZE || nlen === 0 || i > PREFIX_SIZE) return undefined;
  return [name.slice(0, i), name.slice(i + 1)];
}

/** One PAX record, `<len> <key>=<value>\n`, where len counts itself. */
export function formatPaxRecord(key: string, value: Buffer | string): Buffer {
  const vlen = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  const base = Buffer.byteLength(key) + vlen + 3;
  let size = base + String(base).length;
  if (String(size).length + base !== size) size = String(size).length + base;
  if (typeof value === 'string') return Buffer.from(`${size} ${key}=${value}\n`, 'utf8');
  return Buffer.concat([Buffer.from(`${size} ${key}=`, 'utf8'), value, Buffer.from('\n')]);
}

function dirJoin(name: string): string {
  const slash = name.lastIndexOf('/');
  const dir = slash >= 0 ? name.slice(0, slash) : '';
  const base = name.slice(slash + 1);
  return dir ? `${dir}/PaxHeaders.0/${base}` : `PaxHeaders.0/${base}`;
}

/**
 * The header blocks for one entry (a PAX extended header first when needed). The entry's data
 * and its padding to 512 bytes are the caller's to write.
 */
export function encodeTarHeader(h: TarHeader): Buffer {
  const linkname = h.linkname ?? '';
  const uname = h.uname ?? '';
  const gname = h.gname ?? '';
  const derived: Record<string, string> = {};
  let ustarOK = true;
  let split: [string, string] | undefined;

  if (!isASCII(h.name) || h.name.length > NAME_SIZE) {
    split = splitUSTARPath(h.name);
    if (!split) ustarOK = false;
    derived['path'] = h.name;
  }
  for (const [value, width, key] of [
    [linkname, NAME_SIZE, 'linkpath'],
    [uname, 32, 'uname'],
    [gname, 32, 'gname'],
  ] as const) {
    if (!isASCII(value) || value.length > width) {
      ustarOK = false;
      derived[key] = value;
    }
  }
  for (const [value, width, key] of [
    [h.uid, 8, 'uid'],
    [h.gid, 8, 'gid'],
    [h.size, 12, 'size'],
    [h.mtime, 12, 'mtime'],
  ] as const) {
    if (!fitsInOctal(width, value)) {
      ustarOK = false;
      derived[key] = String(value);
    }
  }
  const userRecords = h.pax ?? {};
  if (Object.keys(userRecords).length > 0) ustarOK = false;

  const main: BlockFields = {
    name: h.name,
    mode: h.mode,
    uid: h.uid,
    gid: h.gid,
    size: h.size,
    mtime: h.mtime,
    type: h.type,
    linkname,
    uname,
    gname,
    devmajor: h.devmajor ?? 0,
    devminor: h.devminor ?? 0,
    prefix: '',
    rawDev: false,
  };
  if (ustarOK) {
    if (split) {
      main.prefix = split[0];
      main.name = split[1];
    }
    const out = zeroed(BLOCK);
    encodeBlock(out, 0, main);
    return out;
  }

  const records: Record<string, Buffer | string> = { ...userRecords, ...derived };
  const keys = Object.keys(records).sort();
  const data = Buffer.concat(keys.map((k) => formatPaxRecord(k, records[k]!)));
  let paxName = toASCII(dirJoin(h.name));
  if (paxName.length > NAME_SIZE) paxName = paxName.slice(0, NAME_SIZE);
  paxName = paxName.replace(/\/+$/, '');
  const dataBlocks = Math.ceil(data.length / BLOCK);
  const out = zeroed(BLOCK * (2 + dataBlocks));
  encodeBlock(out, 0, {
    name: paxName,
    mode: 0,
    uid: 0,
    gid: 0,
    size: data.length,
    mtime: 0,
    type: 'x',
    linkname: '',
    uname: '',
    gname: '',
    devmajor: 0,
    devminor: 0,
    prefix: '',
    rawDev: true,
  });
  data.copy(out, BLOCK);
  main.name = toASCII(h.name);
  main.linkname = toASCII(linkname);
  main.uname = toASCII(uname);
  main.gname = toASCII(gname);
  encodeBlock(out, BLOCK * (1 + dataBlocks), main);
  return out;
}

/** Zero bytes that pad `size` bytes of entry data up to a block boundary. */
export function paddingFor(size: number): Buffer {
  const rem = size % BLOCK;
  return rem === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rem);
}

/** The two zero blocks that end a tar archive. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);
