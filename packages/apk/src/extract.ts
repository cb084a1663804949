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

export function extractPackageData(input: Buffer | string | ApkPackage, destDir: string, opts: ExtractOptions = {}): ExtractResult {
  const pkg = typeof input === 'string' || Buffer.isBuffer(input) ? readPackage(input, { ...opts, skipData: false }) : input;
  const file = typeof input === 'string' ? input : opts.fileName;
  fs.mkdirSync(destDir, { recursive: true });
  const root = fs.realpathSync(destDir);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const owners = opts.preserveOwners ?? asRoot;
  const skipped: ExtractResult['skipped'] = [];
  const dirs: [string, PackageDataEntry][] = [];

  for (const e of pkg.dataEntries) {
    const rel = safeRelative(e.path, file);
    assertParentsInside(root, rel, file);
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    switch (e.type) {
      case 'dir':
        if (isSymlinkToDirInside(root, abs)) continue; // keep merged-/usr links; the target keeps its mode
        removeExisting(abs, true);
        fs.mkdirSync(abs, { recursive: true });
        dirs.push([abs, e]);
        break;
      case 'file':
        removeExisting(abs, false);
        fs.writeFileSync(abs, e.content(), { mode: 0o600, flag: 'wx' });
        break;
      case 'symlink':
        removeExisting(abs, false);
        fs.symlinkSync(e.linkTarget ?? '', abs);
        break;
      case 'hardlink': {
        const target = path.join(root, safeRelative(e.linkTarget ?? '', file));
        assertParentsInside(root, path.relative(root, target), file);
        removeExisting(abs, false);
        fs.linkSync(target, abs);
        break;
      }
      default:
        skipped.push({ path: e.path, reason: `${e.type} nodes are not created by extraction` });
        continue;
    }
    if (Object.keys(e.xattrs).length) skipped.push({ path: e.path, reason: `xattrs ${Object.keys(e.xattrs).join(', ')} not applied` });
    if (e.type === 'symlink') {
      if (owners) fs.lchownSync(abs, e.uid, e.gid);
      fs.lutimesSync(abs, e.mtime, e.mtime);
      continue;
    }
    if (e.type === 'hardlink') continue;
    if (owners) fs.chownSync(abs, e.uid, e.gid);
    // after chown: chown clears setuid/setgid bits
    if (e.type === 'file') {
      fs.chmodSync(abs, e.mode);
      fs.utimesSync(abs, e.mtime, e.mtime);
    }
  }
  // Directories last and deepest first: creating their children changed their mtimes, and a
  // read-only directory must stay writable until it is filled.
  for (const [abs, e] of dirs.reverse()) {
    fs.chmodSync(abs, e.mode);
    fs.utimesSync(abs, e.mtime, e.mtime);
  }
  return { package: pkg, skipped };
}
