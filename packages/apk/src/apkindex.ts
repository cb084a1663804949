/**
 * APKINDEX.tar.gz: [signature member] + one gzip member with a terminated tar of `APKINDEX` then
 * `DESCRIPTION` (apko's layout: mode 0644, mtime 0). The signature covers every byte after the
 * signature member.
 */
import * as fs from 'node:fs';
import { writeFileAtomic } from './atomic-write';
import { apkIndexEntryFrom } from './index-entry';
import { ApkFormatError, type ApkLocation } from './errors';
import { gzipMember, readGzipMember } from './gzip-members';
import type { SigningKey } from './keys';
import { formatIndexText, parseIndexText, type IndexEntry } from './apkindex-text';
import { signatureMember } from './control-member';
import { checkSignatures, parseSignatureName, signatureEntryName, signBytes, type Signature, type SignatureCheck, type VerifyOptions } from './signature';
import { encodeTarHeader, END_OF_ARCHIVE, paddingFor } from './tar-header';
import { parseTar } from './tar-parse';
import type { ApkPackage } from './read-package';
import { readInputBytes } from './read-input';

export interface WriteIndexOptions {
  signingKey?: SigningKey;
  description?: string;
}

function indexTar(text: Buffer, description: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of [
    ['APKINDEX', text],
    ['DESCRIPTION', description],
  ] as const) {
    parts.push(encodeTarHeader({ name, type: '0', mode: 0o644, uid: 0, gid: 0, size: content.length, mtime: 0 }), content, paddingFor(content.length));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

/** The APKINDEX.tar.gz bytes for `entries` in the given order. */
export function writeIndex(entries: IndexEntry[], opts: WriteIndexOptions = {}): Buffer {
  const body = gzipMember(indexTar(Buffer.from(formatIndexText(entries), 'utf8'), Buffer.from(opts.description ?? '', 'utf8')));
  if (!opts.signingKey) return body;
  const sig = signBytes(body, opts.signingKey, 'RSA256');
  return Buffer.concat([signatureMember(signatureEntryName(opts.signingKey, 'RSA256'), sig, 0), body]);
}

export async function writeIndexFile(file: string, entries: IndexEntry[], opts: WriteIndexOptions = {}): Promise<void> {
  await writeFileAtomic(file, writeIndex(entries, opts));
}

export interface ReadIndexOptions extends VerifyOptions {
  fileName?: string;
}

export interface ApkIndex {
  entries: IndexEntry[];
  description: string;
  signatures: SignatureCheck[];
}

export function readIndex(input: Buffer | string, opts: ReadIndexOptions = {}): ApkIndex {
  const file = typeof input === 'string' ? input : opts.fileName;
  const where: ApkLocation = file ? { file } : {};
  const bytes = readInputBytes(input, 'index', where);
  const first = readGzipMember(bytes, 0, { ...where, part: 'first gzip member' });
  const firstTar = parseTar(first.content, { ...where, part: 'first member tar' }, true);
  const signatures: Signature[] = [];
  let body = first;
  if (firstTar.entries.length > 0 && firstTar.entries.every((e) => e.name.startsWith('.SIGN.'))) {
    for (const e of firstTar.entries) {
      const parsed = parseSignatureName(e.name);
      if (!parsed) throw new ApkFormatError(`unrecognised signature entry "${e.name}"`, { ...where, part: 'signature member' });
      signatures.push({ ...parsed, signature: Buffer.from(first.content.subarray(e.dataOffset, e.dataOffset + e.size)) });
    }
    if (first.end >= bytes.length) throw new ApkFormatError('truncated: nothing after the signature member', where);
    body = readGzipMember(bytes, first.end, { ...where, part: 'index member' });
  }
  if (body.end !== bytes.length) {
    // apk reads one index member; trailing members would be unsigned data
    readGzipMember(bytes, body.end, { ...where, part: 'trailing data' });
    throw new ApkFormatError('more than one gzip member after the signature', where);
  }
  const checks = checkSignatures(bytes.subarray(body.start), signatures, opts, where);
  const tar = body === first ? firstTar : parseTar(body.content, { ...where, part: 'index tar' }, true);
  let text: string | undefined;
  let description = '';
  for (const e of tar.entries) {
    const content = body.content.subarray(e.dataOffset, e.dataOffset + e.size);
    if (e.name === 'APKINDEX') text = content.toString('utf8');
    else if (e.name === 'DESCRIPTION') description = content.toString('utf8');
  }
  if (text === undefined) throw new ApkFormatError('no APKINDEX file in the index archive', where);
  return { entries: parseIndexText(text, { ...where, part: 'APKINDEX' }), description, signatures: checks };
}

/**
 * melange's merge: an existing entry with the same name and version is replaced in place, new
 * ones are appended in the order given. The old packages are never re-read.
 */
export function mergeIndex(existing: IndexEntry[] | Buffer, newEntries: IndexEntry[], opts: ReadIndexOptions = {}): IndexEntry[] {
  const base = Buffer.isBuffer(existing) ? readIndex(existing, opts).entries : existing;
  const out = [...base];
  const at = new Map<string, number>();
  out.forEach((e, i) => at.set(`${e.name}\0${e.version}`, i));
  for (const e of newEntries) {
    const key = `${e.name}\0${e.version}`;
    const i = at.get(key);
    if (i !== undefined) out[i] = e;
    else {
      at.set(key, out.length);
      out.push(e);
    }
  }
  return out;
}

/**
 * Adds packages to the index at `file` (created if missing), verifying the existing index with
 * `trustedKeys` when given, and rewrites it atomically.
 */
export async function updateIndexFile(
  file: string,
  packages: (Buffer | string | ApkPackage)[],
  opts: WriteIndexOptions & ReadIndexOptions = {},
): Promise<IndexEntry[]> {
  const existing = fs.existsSync(file) ? readIndex(file, opts).entries : [];
  const merged = mergeIndex(existing, packages.map((p) => apkIndexEntryFrom(p)));
  await writeIndexFile(file, merged, opts);
  return merged;
}
