/**
 * Extraction of a package file without holding it in memory: the signature and control members
 * are read from the head of the file, the data member is streamed through gunzip and a tar
 * parser straight to disk while its compressed bytes are hashed. For toolchain packages whose
 * data is larger than is comfortable (or possible: a Buffer stops at 4 GiB) in one piece.
 *
 * The datahash is known only at the end, as in apk itself: on DatahashMismatchError the
 * destination holds what was written so far, so extract into a fresh directory.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import * as tarStream from 'tar-stream';
import { ApkFormatError, DatahashMismatchError, type ApkLocation } from './errors';
import { EntryApplier, extractPackageData, ownersByDefault, type EntryToApply, type ExtractOptions, type ExtractResult } from './extract';
import { identityOf, readPackageHead, type PackageHead } from './read-package';
import { checkSignatures } from './signature';
import type { DataEntryType } from './data-entries';

const TYPES: Record<string, DataEntryType> = {
  file: 'file',
  'contiguous-file': 'file',
  link: 'hardlink',
  symlink: 'symlink',
  directory: 'dir',
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
};

function readHead(file: string, size: number, where: ApkLocation): PackageHead {
  const fd = fs.openSync(file, 'r');
  try {
    for (let want = Math.min(size, 256 << 10); ; want = Math.min(size, want * 4)) {
      const prefix = Buffer.allocUnsafe(want);
      const got = fs.readSync(fd, prefix, 0, want, 0);
      try {
        return readPackageHead(prefix.subarray(0, got), where);
      } catch (e) {
        // a control member longer than the prefix looks truncated: read more, unless there is no more
        if (!(e instanceof ApkFormatError) || !/truncated|nothing after/.test(e.message) || want >= size) throw e;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

export async function extractPackageFile(file: string, destDir: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
  const where: ApkLocation = { file };
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new ApkFormatError(`cannot read package: ${(e as Error).message}`, where);
  }
  if (size === 0) throw new ApkFormatError('empty file, not an APK', where);
  const head = readHead(file, size, where);
  // Legacy packages sign control and data together: nothing to gain from streaming them.
  if (head.info.datahash === undefined) return extractPackageData(file, destDir, opts);
  const controlBytes = readRange(file, head.control.start, head.control.end);
  const checks = checkSignatures(controlBytes, head.signatures, opts, where);
  if (head.control.end >= size) throw new ApkFormatError('truncated: no data member after the control member', where);

  const applier = new EntryApplier(destDir, ownersByDefault(opts), file);
  const hash = crypto.createHash('sha256');
  const source = fs.createReadStream(file, { start: head.control.end, highWaterMark: 1 << 20 });
  source.on('data', (c) => hash.update(c as Buffer));
  const gunzip = zlib.createGunzip();
  const extract = tarStream.extract();
  const dataError = (e: Error & { code?: string }): ApkFormatError => {
    if (e instanceof ApkFormatError) return e;
    if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) return new ApkFormatError('truncated data member (the file ends early)', where);
    return new ApkFormatError(`corrupt data member: ${e.message}`, where);
  };
  const feeding = pipeline(source, gunzip, extract).catch((e: Error) => {
    throw dataError(e);
  });
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const type = TYPES[h.type ?? 'file'];
      if (!type) throw new ApkFormatError(`unsupported tar entry type "${h.type}" for "${h.name}"`, { ...where, part: 'data member' });
      const e: EntryToApply = {
        path: h.name.replace(/^\.\//, '').replace(/\/+$/, ''),
        type,
        mode: (h.mode ?? 0o644) & 0o7777,
        uid: h.uid ?? 0,
        gid: h.gid ?? 0,
        mtime: Math.floor((h.mtime?.getTime() ?? 0) / 1000),
        // tar-stream hands PAX records over untyped, as `pax`
        xattrNames: Object.keys((h as { pax?: Record<string, string> }).pax ?? {})
          .filter((k) => k.startsWith('SCHILY.xattr.'))
          .map((k) => k.slice('SCHILY.xattr.'.length)),
        ...(h.linkname ? { linkTarget: h.linkname } : {}),
      };
      const abs = applier.begin(e);
      if (abs === undefined) {
        entry.resume();
        continue;
      }
      await pipeline(entry, fs.createWriteStream(abs, { flags: 'wx', mode: 0o600 }));
      applier.endFile(abs, e);
    }
  } catch (e) {
    source.destroy();
    await feeding.catch(() => undefined);
    throw dataError(e as Error);
  }
  await feeding;
  const actual = hash.digest('hex');
  if (actual !== head.info.datahash) throw new DatahashMismatchError(head.info.datahash, actual, where);
  applier.finish();
  return {
    package: {
      info: head.info,
      identity: identityOf(controlBytes),
      signatures: checks,
      controlFiles: head.controlFiles,
      dataEntries: [],
      fileSize: size,
      members: {
        ...(head.signatureRange ? { signature: head.signatureRange } : {}),
        control: [head.control.start, head.control.end],
        data: [head.control.end, size],
      },
    },
    skipped: applier.skipped,
  };
}

function readRange(file: string, start: number, end: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.allocUnsafe(end - start);
    fs.readSync(fd, b, 0, b.length, start);
    return b;
  } finally {
    fs.closeSync(fd);
  }
}
