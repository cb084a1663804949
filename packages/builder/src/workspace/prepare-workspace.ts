/**
 * The build's workspace on the host, mounted at /home/build in the sandbox: the source
 * directory's regular files (minus `.melangeignore` matches, as melange copies them) and an
 * empty melange-out/<name> for every output package.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fg from 'fast-glob';

export interface WorkspaceLayout {
  /** host path mounted at /home/build */
  dir: string;
  /** host path of /home/build/melange-out */
  outDir: string;
  /** host path of each package's destdir */
  packageDir(name: string): string;
}

export interface PrepareWorkspaceOptions {
  dir: string;
  /** copied into the workspace unless emptyWorkspace */
  sourceDir?: string;
  emptyWorkspace?: boolean;
  packageNames: string[];
}

export function prepareWorkspace(opts: PrepareWorkspaceOptions): WorkspaceLayout {
  mkdirSync(opts.dir, { recursive: true });
  if (opts.sourceDir && !opts.emptyWorkspace) copySourceDir(opts.sourceDir, opts.dir);
  const outDir = join(opts.dir, 'melange-out');
  const layout: WorkspaceLayout = { dir: opts.dir, outDir, packageDir: (name) => join(outDir, name) };
  for (const name of opts.packageNames) mkdirSync(layout.packageDir(name), { recursive: true });
  return layout;
}

function copySourceDir(from: string, to: string): void {
  const ignoreFile = join(from, '.melangeignore');
  const ignore = existsSync(ignoreFile)
    ? readFileSync(ignoreFile, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .flatMap(ignorePatterns)
    : [];
  const files = fg.sync('**/*', { cwd: from, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore });
  for (const rel of files.sort()) {
    const target = join(to, rel);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(from, rel), target);
  }
}

/** gitignore-style entry → globs: `foo` matches at any depth, `/foo` only at the top, `dir/` a tree. */
function ignorePatterns(entry: string): string[] {
  const anchored = entry.startsWith('/');
  const body = entry.replace(/^\/+/, '').replace(/\/+$/, '');
  const base = anchored || body.includes('/') ? body : `**/${body}`;
  return [base, `${base}/**`];
}
