/**
 * The payload of a package as a list of entries, in the order melange's fs.WalkDir emits them:
 * depth first, each directory's children sorted by name (so `a`, `a/b`, `a.txt`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApkFormatError } from './errors';

export type DataEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface DataEntry {
  /** relative path, no `./` prefix, no trailing slash */
  path: string;
  type: DataEntryType;
  /** permission bits plus setuid/setgid/sticky */
  mode: number;
  uid: number;
  gid: number;
  /** file content, for entries given in memory */
  content?: Buffer;
  /** file content on disk, for entries from a directory walk */
  sourcePath?: string;
  /** file size (taken from content or the walk) */
  size?: number;
  /** symlink target, or for a hardlink the package path of the first link */
  linkTarget?: string;
  xattrs?: Record<string, Buffer>;
  devmajor?: number;
  devminor?: number;
}

/** xattrs that describe the build host, not the package (melange drops the same ones). */
const IGNORED_XATTRS = new Set(['security.selinux', 'com.apple.provenance', 'com.apple.quarantine', 'system.nfs4_acl']);

export function keepXattr(name: string): boolean {
  return !IGNORED_XATTRS.has(name);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Byte order of the UTF-8 encodings, as Go sorts names. JavaScript's own string order agrees
 * except where surrogate pairs meet characters above U+E000, so only then encode.
 */
export function compareNames(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares paths component by component, which is the order of a sorted depth-first walk. */
export function compareWalkOrder(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = compareNames(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

function checkEntryPath(p: string): void {
  const bad =
    p === '' ||
    p.startsWith('/') ||
    p.startsWith('./') ||
    p.endsWith('/') ||
    p.split('/').some((c) => c === '' || c === '.' || c === '..') ||
    p.includes('\0');
  if (bad) throw new ApkFormatError(`data entry path "${p}" must be relative, without "./", "..", "//" or a trailing "/"`);
}

/**
 * Entries given in memory, validated and put in walk order, with any missing parent
 * directories added (0755, root) so apk never has to invent one.
 */
export function normalizeEntries(entries: DataEntry[]): DataEntry[] {
  const byPath = new Map<string, DataEntry>();
  for (const e of entries) {
    checkEntryPath(e.path);
    if (byPath.has(e.path)) throw new ApkFormatError(`data entry "${e.path}" appears twice`);
    byPath.set(e.path, e);
  }
  for (const e of entries) {
    const parts = e.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const existing = byPath.get(dir);
      if (!existing) byPath.set(dir, { path: dir, type: 'dir', mode: 0o755, uid: 0, gid: 0 });
      else if (existing.type !== 'dir') throw new ApkFormatError(`data entry "${e.path}" is inside "${dir}", which is not a directory`);
    }
  }
  return relinkHardlinks([...byPath.values()].sort((a, b) => compareWalkOrder(a.path, b.path)));
}

/**
 * In a tar the first name of a hard-linked file carries the content and the later names link to
 * it. Entries may name any member of the group as the target, so make the first in walk order
 * the file, as a directory walk would.
 */
function relinkHardlinks(sorted: DataEntry[]): DataEntry[] {
  const index = new Map(sorted.map((e, i) => [e.path, i]));
  const groups = new Map<string, number[]>();
  sorted.forEach((e, i) => {
    if (e.type !== 'hardlink') return;
    const t = index.get(e.linkTarget ?? '');
    if (t === undefined || sorted[t]!.type !== 'file') {
      throw new ApkFormatError(`hardlink "${e.path}" points to "${e.linkTarget}", which is not a file of this package`);
    }
    groups.set(sorted[t]!.path, [...(groups.get(sorted[t]!.path) ?? []), i]);
  });
  const out = [...sorted];
  for (const [target, links] of groups) {
    const t = index.get(target)!;
    const first = Math.min(t, ...links);
    if (first === t) continue;
    const file = out[t]!;
    out[first] = { ...file, path: out[first]!.path };
    for (const i of [t, ...links]) {
      if (i === first) continue;
      const { content, sourcePath, ...meta } = out[i]!;
      out[i] = { ...meta, type: 'hardlink', linkTarget: out[first]!.path, size: file.content?.length ?? file.size ?? 0 };
    }
  }
  return out;
}

const S_IFMT = 0o170000;

/**
 * Walks a directory tree (not following symlinks) into entries, detecting hard links by inode
 * so the second and later names become hardlink entries, as melange does.
 */
export async function walkDataDir(root: string): Promise<DataEntry[]> {
  return walkDataDirSync(root);
}

/**
 * Synchronous on purpose: thousands of small lstat round trips through the thread pool cost more
 * than they overlap, and the pool is busy deflating.
 */
export function walkDataDirSync(root: string): DataEntry[] {
  const out: DataEntry[] = [];
  const seen = new Map<string, string>();
  function visit(rel: string): void {
    const abs = rel ? path.join(root, rel) : root;
    const names = fs.readdirSync(abs).sort(compareNames);
    for (const name of names) {
      const childRel = rel ? `${rel}/${name}` : name;
      const childAbs = path.join(abs, name);
      const st = fs.lstatSync(childAbs);
      const base = { path: childRel, mode: st.mode & 0o7777 & ~S_IFMT, uid: st.uid, gid: st.gid };
      if (st.isDirectory()) {
        out.push({ ...base, type: 'dir' });
        visit(childRel);
      } else if (st.isSymbolicLink()) {
        out.push({ ...base, type: 'symlink', linkTarget: fs.readlinkSync(childAbs) });
      } else if (st.isFile()) {
        const inode = `${st.dev}:${st.ino}`;
        const first = st.nlink > 1 ? seen.get(inode) : undefined;
        if (first !== undefined) {
          out.push({ ...base, type: 'hardlink', linkTarget: first, sourcePath: childAbs, size: st.size });
        } else {
          if (st.nlink > 1) seen.set(inode, childRel);
          out.push({ ...base, type: 'file', sourcePath: childAbs, size: st.size });
        }
      } else if (st.isCharacterDevice() || st.isBlockDevice()) {
        out.push({
          ...base,
          type: st.isCharacterDevice() ? 'char' : 'block',
          devmajor: Math.floor(st.rdev / 256) & 0xfff,
          devminor: (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00),
        });
      } else if (st.isFIFO()) {
        out.push({ ...base, type: 'fifo' });
      } else {
        throw new ApkFormatError(`cannot package "${childRel}": sockets are not packageable`, { file: childAbs });
      }
    }
  }
  visit('');
  return out;
}
