/**
 * The data member: a tar of the payload (terminated by two zero blocks), gzipped as one member
 * while streaming (deflate in parallel blocks), with sha256 taken over the compressed bytes as
 * they come out (that is the `datahash`) and SHA-1 of each file taken before its header (the PAX checksum record precedes
 * the data, as melange writes it).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import type { DataEntry } from './data-entries';
import { keepXattr } from './data-entries';
import { ApkFormatError } from './errors';
import { ParallelGzip } from './parallel-gzip';
import { encodeTarHeader, END_OF_ARCHIVE, paddingFor, TAR_TYPE, type TarHeader } from './tar-header';

/** How build-time owners become package owners. */
export interface OwnerMap {
  /** default `{1000: 0}`: melange's `build` user owns nothing in a package */
  uids?: Record<number, number>;
  gids?: Record<number, number>;
  /** default `{0: 'root'}`; ids without a name get an empty uname */
  userNames?: Record<number, string>;
  groupNames?: Record<number, string>;
}

const DEFAULT_OWNERS: Required<OwnerMap> = {
  uids: { 1000: 0 },
  gids: { 1000: 0 },
  userNames: { 0: 'root' },
  groupNames: { 0: 'root' },
};

export interface DataMember {
  /** the gzip member in pieces, to be written in order */
  chunks: Buffer[];
  size: number;
  /** hex sha256 of the member: the .PKGINFO datahash */
  sha256: string;
  /** sum of file sizes and symlink target lengths (directories excluded: their size is the host filesystem's) */
  installedSize: number;
}

/** Files larger than this are hashed in one pass and streamed in a second, not held in memory. */
const IN_MEMORY_LIMIT = 32 << 20;

/** The whole file in `scratch`, or undefined when it does not fit. */
function readInto(scratch: Buffer, file: string): Buffer | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > scratch.length) return undefined;
    let n = 0;
    while (n < size) {
      const got = fs.readSync(fd, scratch, n, size - n, null);
      if (got === 0) break;
      n += got;
    }
    return scratch.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

async function sha1OfFile(file: string): Promise<string> {
  const h = crypto.createHash('sha1');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

// one-shot hashing: no Hash object per file, which matters for trees of many small files
const sha1 = (b: Buffer | string): string => crypto.hash('sha1', b, 'hex');

export async function writeDataMember(entries: DataEntry[], sourceDateEpoch: number, ownerMap: OwnerMap = {}): Promise<DataMember> {
  const owners = { ...DEFAULT_OWNERS, ...ownerMap };
  const sink = new ParallelGzip();
  // One read buffer for every file: the sink has copied a file's bytes before the next is read.
  const scratch = Buffer.allocUnsafe(IN_MEMORY_LIMIT);
  let installedSize = 0;
  const fileChecksums = new Map<string, string>();
  const fileSizes = new Map<string, number>();

  for (const e of entries) {
    const uid = owners.uids[e.uid] ?? e.uid;
    const gid = owners.gids[e.gid] ?? e.gid;
    const header: TarHeader = {
      name: e.path,
      type: TAR_TYPE[e.type],
      mode: e.mode & 0o7777,
      uid,
      gid,
      size: 0,
      mtime: sourceDateEpoch,
      uname: owners.userNames[uid] ?? '',
      gname: owners.groupNames[gid] ?? '',
    };
    const pax: Record<string, Buffer | string> = {};
    let content: Buffer | undefined;
    let streamFrom: string | undefined;

    switch (e.type) {
      case 'file': {
        const size = e.content?.length ?? e.size;
        if (e.content === undefined && e.sourcePath === undefined) {
          throw new ApkFormatError(`data entry "${e.path}" is a file with neither content nor sourcePath`);
        }
        content = e.content ?? (size === undefined || size <= IN_MEMORY_LIMIT ? readInto(scratch, e.sourcePath!) : undefined);
        if (content) {
          pax['APK-TOOLS.checksum.SHA1'] = sha1(content);
          header.size = content.length;
        } else {
          streamFrom = e.sourcePath!;
          pax['APK-TOOLS.checksum.SHA1'] = await sha1OfFile(streamFrom);
          header.size = (await fs.promises.stat(streamFrom)).size;
        }
        fileChecksums.set(e.path, pax['APK-TOOLS.checksum.SHA1'] as string);
        fileSizes.set(e.path, header.size);
        installedSize += header.size;
        break;
      }
      case 'hardlink': {
        if (!e.linkTarget) throw new ApkFormatError(`hardlink entry "${e.path}" has no linkTarget`);
        const target = fileChecksums.get(e.linkTarget);
        if (target === undefined) {
          throw new ApkFormatError(`hardlink "${e.path}" points to "${e.linkTarget}", which is not an earlier file of this package`);
        }
        header.linkname = e.linkTarget;
        // melange checksums a hard link like the file it names (its walk sees a regular file)
        pax['APK-TOOLS.checksum.SHA1'] = target;
        // counted again, as melange's walk sees each name of the file
        installedSize += fileSizes.get(e.linkTarget)!;
        break;
      }
      case 'symlink':
        if (e.linkTarget === undefined || e.linkTarget === '') throw new ApkFormatError(`symlink entry "${e.path}" has no target`);
        header.linkname = e.linkTarget;
        pax['APK-TOOLS.checksum.SHA1'] = sha1(e.linkTarget);
        installedSize += Buffer.byteLength(e.linkTarget);
        break;
      case 'char':
      case 'block':
        header.devmajor = e.devmajor ?? 0;
        header.devminor = e.devminor ?? 0;
        break;
      case 'dir':
      case 'fifo':
        break;
    }
    if ((e.type === 'file' || e.type === 'dir') && e.xattrs) {
      for (const [k, v] of Object.entries(e.xattrs)) if (keepXattr(k)) pax[`SCHILY.xattr.${k}`] = v;
    }
    if (Object.keys(pax).length) header.pax = pax;

    await sink.write(encodeTarHeader(header));
    if (content) {
      await sink.write(content);
    } else if (streamFrom) {
      let written = 0;
      for await (const chunk of fs.createReadStream(streamFrom, { highWaterMark: 1 << 20 })) {
        written += (chunk as Buffer).length;
        await sink.write(chunk as Buffer);
      }
      if (written !== header.size) throw new ApkFormatError(`"${e.path}" changed size while being packaged`, { file: streamFrom });
    }
    await sink.write(paddingFor(header.size));
  }
  await sink.write(END_OF_ARCHIVE);
  const { chunks, size, sha256 } = await sink.end();
  return { chunks, size, sha256, installedSize };
}
