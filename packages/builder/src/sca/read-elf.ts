/**
 * Reads the few ELF facts dependency generation needs: the program interpreter, DT_NEEDED and
 * DT_SONAME. Only the headers and the dynamic section are read (positional reads), so scanning
 * a package with large binaries does not load them into memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface ElfInfo {
  class: 32 | 64;
  /** ET_EXEC = 2, ET_DYN = 3, ET_REL = 1 */
  type: number;
  machine: number;
  /** PT_INTERP, e.g. `/lib64/ld-linux-x86-64.so.2` */
  interpreter?: string;
  needed: string[];
  soname?: string;
}

export const ET_EXEC = 2;
export const ET_DYN = 3;

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_SONAME = 14;

/** An ELF file whose headers point outside the file or contradict each other. */
export class ElfFormatError extends Error {
  override name = 'ElfFormatError';
  constructor(readonly file: string, reason: string) {
    super(`${file}: not a readable ELF file: ${reason}`);
  }
}

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

class PositionalReader {
  constructor(private readonly fd: number, private readonly file: string) {}

  read(offset: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    const got = readSync(this.fd, buf, 0, length, offset);
    if (got !== length) throw new ElfFormatError(this.file, `short read at offset ${offset}`);
    return buf;
  }

  /** A NUL-terminated string; reads in chunks because names are short but unbounded. */
  cstring(offset: number): string {
    const parts: Buffer[] = [];
    for (let at = offset; ; at += 256) {
      const chunk = Buffer.alloc(256);
      const got = readSync(this.fd, chunk, 0, 256, at);
      if (got <= 0) throw new ElfFormatError(this.file, `unterminated string at offset ${offset}`);
      const nul = chunk.subarray(0, got).indexOf(0);
      if (nul >= 0) {
        parts.push(chunk.subarray(0, nul));
        return Buffer.concat(parts).toString('utf8');
      }
      parts.push(chunk.subarray(0, got));
    }
  }
}

/** True when the first bytes are the ELF magic. */
export function hasElfMagic(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

/** Returns undefined for a file that is not ELF at all; throws ElfFormatError for a broken one. */
export function readElf(file: string): ElfInfo | undefined {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const got = readSync(fd, head, 0, 64, 0);
    if (got < 52 || !hasElfMagic(head)) return undefined;
    return parseElf(new PositionalReader(fd, file), head, file);
  } finally {
    closeSync(fd);
  }
}

function parseElf(r: PositionalReader, head: Buffer, file: string): ElfInfo {
  const cls = head[4] === 2 ? 64 : head[4] === 1 ? 32 : undefined;
  if (!cls) throw new ElfFormatError(file, `unknown class ${head[4]}`);
  const le = head[5] === 1;
  if (!le && head[5] !== 2) throw new ElfFormatError(file, `unknown byte order ${head[5]}`);
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  const word = cls === 64 ? u64 : u32;

  const type = u16(head, 16);
  const machine = u16(head, 18);
  const phoff = cls === 64 ? u64(head, 32) : u32(head, 28);
  const phentsize = u16(head, cls === 64 ? 54 : 42);
  const phnum = u16(head, cls === 64 ? 56 : 44);
  const info: ElfInfo = { class: cls, type, machine, needed: [] };
  if (phoff === 0 || phnum === 0) return info;

  const table = r.read(phoff, phentsize * phnum);
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * phentsize;
    segments.push(
      cls === 64
        ? { type: u32(table, o), offset: u64(table, o + 8), vaddr: u64(table, o + 16), filesz: u64(table, o + 32) }
        : { type: u32(table, o), offset: u32(table, o + 4), vaddr: u32(table, o + 8), filesz: u32(table, o + 16) },
    );
  }

  const interp = segments.find((s) => s.type === PT_INTERP);
  if (interp) info.interpreter = r.cstring(interp.offset);

  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  if (!dynamic) return info;
  const entrySize = cls === 64 ? 16 : 8;
  const dyn = r.read(dynamic.offset, dynamic.filesz - (dynamic.filesz % entrySize));
  const neededOffsets: number[] = [];
  let sonameOffset: number | undefined;
  let strtabAddr: number | undefined;
  for (let o = 0; o + entrySize <= dyn.length; o += entrySize) {
    const tag = word(dyn, o);
    const val = word(dyn, o + entrySize / 2);
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) neededOffsets.push(val);
    else if (tag === DT_SONAME) sonameOffset = val;
    else if (tag === DT_STRTAB) strtabAddr = val;
  }
  if (strtabAddr === undefined) return info;
  // DT_STRTAB is a virtual address: map it to a file offset through the PT_LOAD that holds it.
  const load = segments.find((s) => s.type === PT_LOAD && strtabAddr! >= s.vaddr && strtabAddr! < s.vaddr + s.filesz);
  if (!load) throw new ElfFormatError(file, 'DT_STRTAB is outside every loadable segment');
  const strtab = strtabAddr - load.vaddr + load.offset;
  info.needed = neededOffsets.map((o) => r.cstring(strtab + o));
  if (sonameOffset !== undefined) info.soname = r.cstring(strtab + sonameOffset);
  return info;
}
