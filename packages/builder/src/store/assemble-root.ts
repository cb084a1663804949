/**
 * Builds a root filesystem from store entries by hard-linking every file into place, so a root
 * of a hundred packages costs directory entries, not copies. The links share inodes with the
 * store: the sandbox must mount the root read-only (it does) so a build cannot alter the store.
 */
import { copyFileSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface RootEntry {
  /** the package's name, used in conflict reports */
  name: string;
  /** the package's unpacked tree (a store entry) */
  dir: string;
}

export interface PathConflict {
  path: string;
  packages: [string, string];
  reason: string;
}

export class RootConflictError extends Error {
  override name = 'RootConflictError';
  constructor(readonly conflicts: PathConflict[]) {
    const shown = conflicts.slice(0, 20).map((c) => `  /${c.path}: ${c.packages[0]} and ${c.packages[1]} (${c.reason})`);
    const more = conflicts.length > shown.length ? [`  … and ${conflicts.length - shown.length} more`] : [];
    super(`packages conflict in the build root:\n${[...shown, ...more].join('\n')}`);
  }
}

export interface AssembleStats {
  files: number;
  dirs: number;
  symlinks: number;
  /** files copied because the store and the root are on different filesystems */
  copied: number;
}

type Placed = { owner: string; kind: 'dir' | 'file' | 'symlink'; source: string; target?: string };

function sameContent(a: string, b: string): boolean {
  const [sa, sb] = [lstatSync(a), lstatSync(b)];
  if (sa.ino === sb.ino && sa.dev === sb.dev) return true;
  if (sa.size !== sb.size) return false;
  return readFileSync(a).equals(readFileSync(b));
}

/**
 * Places every entry's files under destDir (which must be empty or absent). Packages may share
 * directories, identical symlinks and byte-identical files; anything else two packages both
 * place at one path is collected and reported together.
 *
 * Synchronous file system calls on purpose: a root is thousands of tiny link/symlink/mkdir calls,
 * and a round trip through libuv's thread pool for each costs more than the calls themselves.
 */
export async function assembleRoot(entries: RootEntry[], destDir: string): Promise<AssembleStats> {
  const stats: AssembleStats = { files: 0, dirs: 0, symlinks: 0, copied: 0 };
  const placed = new Map<string, Placed>();
  const conflicts: PathConflict[] = [];
  mkdirSync(destDir, { recursive: true });

  const placeTree = (entry: RootEntry, relative: string): void => {
    const children = readdirSync(join(entry.dir, relative), { withFileTypes: true });
    for (const child of children) {
      const rel = relative ? `${relative}/${child.name}` : child.name;
      const source = join(entry.dir, rel);
      const dest = join(destDir, rel);
      const kind = child.isDirectory() ? 'dir' : child.isSymbolicLink() ? 'symlink' : 'file';
      const previous = placed.get(rel);
      if (previous) {
        if (kind === 'dir' && previous.kind === 'dir') {
          placeTree(entry, rel);
          continue;
        }
        if (kind === 'symlink' && previous.kind === 'symlink' && previous.target === readlinkSync(source)) continue;
        if (kind === 'file' && previous.kind === 'file' && sameContent(previous.source, source)) continue;
        const reason = kind === previous.kind ? `different ${kind === 'file' ? 'contents' : 'targets'}` : `${previous.kind} vs ${kind}`;
        conflicts.push({ path: rel, packages: [previous.owner, entry.name], reason });
        continue;
      }
      if (kind === 'dir') {
        placed.set(rel, { owner: entry.name, kind, source });
        mkdirSync(dest, { mode: lstatSync(source).mode & 0o7777 });
        stats.dirs++;
        placeTree(entry, rel);
      } else if (kind === 'symlink') {
        const target = readlinkSync(source);
        placed.set(rel, { owner: entry.name, kind, source, target });
        symlinkSync(target, dest);
        stats.symlinks++;
      } else {
        placed.set(rel, { owner: entry.name, kind, source });
        try {
          linkSync(source, dest);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
          copyFileSync(source, dest);
          stats.copied++;
        }
        stats.files++;
      }
    }
  };

  for (const entry of entries) placeTree(entry, '');
  if (conflicts.length > 0) throw new RootConflictError(conflicts);
  return stats;
}
