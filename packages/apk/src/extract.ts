/**
 * Unpacks a package's data into a directory without letting the package write outside it: no
 * absolute or `..` paths, no writing through a symlink that leads out of the directory, hard
 * links only to paths inside. Owners are applied only when running as root, so extraction
 * also works unprivileged; modes and mtimes always are.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApkFormatError } from './errors';
import { readPackage, type ApkPackage, type PackageDataEntry, type ReadPackageOptions } from './read-package';

export interface ExtractOptions extends ReadPackageOptions {
  /** default: only when running as root */
  preserveOwners?: boolean;
}

export interface ExtractResult {
  package: ApkPackage;
  /** entries that could not be recreated here (device nodes or xattrs without privilege…) */
  skipped: { path: string; reason: string }[];
}

function safeRelative(p: string, file: string | undefined): string {
  const parts = p.split('/').filter((c) => c !== '' && c !== '.');
  if (p.startsWith('/') || parts.some((c) => c === '..') || parts.length === 0 || p.includes('\0')) {
    throw new ApkFormatError(`refusing to extract "${p}": path leaves the destination`, file ? { file } : {});
  }
  return parts.join('/');
}

/**
 * Throws unless every existing parent of `rel` is a directory inside `root`. A parent may be a
 * symlink (merged /usr: `lib -> usr/lib`) as long as it resolves inside the root.
 */
function assertParentsInside(root: string, rel: string, file: string | undefined): void {
  const parts = rel.split('/');
  let cur = root;
  for (let i = 0; i < parts.length - 1; i++) {
    cur = path.join(cur, parts[i]!);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(cur);
    } catch {
      return;
    }
    const shown = parts.slice(0, i + 1).join('/');
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = fs.realpathSync(cur);
      } catch {
        throw new ApkFormatError(`refusing to extract "${rel}": "${shown}" is a dangling symlink`, file ? { file } : {});
      }
      if (real !== root && !real.startsWith(root + path.sep)) {
        throw new ApkFormatError(`refusing to extract "${rel}": "${shown}" is a symlink leading outside the destination`, file ? { file } : {});
      }
      if (!fs.statSync(real).isDirectory()) throw new ApkFormatError(`refusing to extract "${rel}": "${shown}" is not a directory`, file ? { file } : {});
    } else if (!st.isDirectory()) {
      throw new ApkFormatError(`refusing to extract "${rel}": "${shown}" is not a directory`, file ? { file } : {});
    }
  }
}

function isSymlinkToDirInside(root: string, abs: string): boolean {
  try {
    if (!fs.lstatSync(abs).isSymbolicLink()) return false;
    const real = fs.realpathSync(abs);
    return (real === root || real.startsWith(root + path.sep)) && fs.statSync(real).isDirectory();
  } catch {
    return false;
  }
}

function removeExisting(abs: string, keepDir: boolean): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    if (keepDir) return;
    fs.rmSync(abs, { recursive: true, force: true });
  } else {
    fs.unlinkSync(abs);
  }
}

/** What extraction needs to know of one data entry; content comes separately. */
export interface EntryToApply {
  path: string;
  type: PackageDataEntry['type'];
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkTarget?: string;
  xattrNames: string[];
}

/** Applies entries one at a time under `root`, with every check above; `finish` fixes directories. */
export class EntryApplier {
  readonly skipped: ExtractResult['skipped'] = [];
  private readonly dirs: [string, EntryToApply][] = [];
  readonly root: string;

  constructor(
    destDir: string,
    private readonly owners: boolean,
    private readonly file: string | undefined,
  ) {
    fs.mkdirSync(destDir, { recursive: true });
    this.root = fs.realpathSync(destDir);
  }

  /**
   * Creates everything but a file's content; returns the path a file's content goes to (already
   * cleared), or undefined when there is no content to write.
   */
  begin(e: EntryToApply): string | undefined {
    const rel = safeRelative(e.path, this.file);
    assertParentsInside(this.root, rel, this.file);
    const abs = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (e.xattrNames.length) this.skipped.push({ path: e.path, reason: `xattrs ${e.xattrNames.join(', ')} not applied` });
    switch (e.type) {
      case 'dir':
        if (isSymlinkToDirInside(this.root, abs)) return undefined; // keep merged-/usr links; the target keeps its mode
        removeExisting(abs, true);
        fs.mkdirSync(abs, { recursive: true });
        if (this.owners) fs.chownSync(abs, e.uid, e.gid);
        this.dirs.push([abs, e]);
        return undefined;
      case 'file':
        removeExisting(abs, false);
        return abs;
      case 'symlink':
        removeExisting(abs, false);
        fs.symlinkSync(e.linkTarget ?? '', abs);
        if (this.owners) fs.lchownSync(abs, e.uid, e.gid);
        fs.lutimesSync(abs, e.mtime, e.mtime);
        return undefined;
      case 'hardlink': {
        const target = path.join(this.root, safeRelative(e.linkTarget ?? '', this.file));
        assertParentsInside(this.root, path.relative(this.root, target), this.file);
        removeExisting(abs, false);
        fs.linkSync(target, abs);
        return undefined;
      }
      default:
        this.skipped.push({ path: e.path, reason: `${e.type} nodes are not created by extraction` });
        return undefined;
    }
  }

  /** After a file's content is written: owner, then mode (chown clears setuid bits), then mtime. */
  endFile(abs: string, e: EntryToApply): void {
    if (this.owners) fs.chownSync(abs, e.uid, e.gid);
    fs.chmodSync(abs, e.mode);
    fs.utimesSync(abs, e.mtime, e.mtime);
  }

  /**
   * Directories last and deepest first: creating their children changed their mtimes, and a
   * read-only directory must stay writable until it is filled.
   */
  finish(): void {
    for (const [abs, e] of this.dirs.reverse()) {
      fs.chmodSync(abs, e.mode);
      fs.utimesSync(abs, e.mtime, e.mtime);
    }
  }
}

export function ownersByDefault(opts: ExtractOptions): boolean {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return opts.preserveOwners ?? asRoot;
}

/** Unpacks a package held in memory (or read whole from `input`); see extractPackageFile for big ones. */
export function extractPackageData(input: Buffer | string | ApkPackage, destDir: string, opts: ExtractOptions = {}): ExtractResult {
  const pkg = typeof input === 'string' || Buffer.isBuffer(input) ? readPackage(input, { ...opts, skipData: false }) : input;
  const file = typeof input === 'string' ? input : opts.fileName;
  const applier = new EntryApplier(destDir, ownersByDefault(opts), file);
  for (const e of pkg.dataEntries) {
    const abs = applier.begin({ ...e, xattrNames: Object.keys(e.xattrs) });
    if (abs === undefined) continue;
    fs.writeFileSync(abs, e.content(), { mode: 0o600, flag: 'wx' });
    applier.endFile(abs, { ...e, xattrNames: [] });
  }
  applier.finish();
  return { package: pkg, skipped: applier.skipped };
}
