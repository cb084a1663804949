/**
 * Dependency generation (melange's SCA, docs/melange-and-apk.md §5.6): walks one output
 * package's directory and derives the `so:`, `cmd:` and `pc:` names it provides and the ones
 * it needs at run time, then merges them with what the recipe declares.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, openSync, readSync, closeSync, existsSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { ET_DYN, readElf } from './read-elf';
import { parsePkgConfig } from './pkg-config';

export interface ScaOptions {
  /** `package.options.no-provides` */
  noProvides?: boolean;
  /** `package.options.no-depends` */
  noDepends?: boolean;
  /** `package.options.no-commands` */
  noCommands?: boolean;
}

export interface ScaInput {
  /** the package's payload directory on the host (melange-out/<name>) */
  dir: string;
  /** payload directories of the other output packages of the same build */
  siblingDirs: string[];
  /** `<version>-r<epoch>` */
  fullVersion: string;
  packageName: string;
  options?: ScaOptions;
  /** runtime dependencies and provides written in the recipe; always kept */
  configuredRuntime?: string[];
  configuredProvides?: string[];
}

export interface GeneratedDependencies {
  runtime: string[];
  provides: string[];
  /** provides of shared objects outside the library dirs, emitted as `# vendored` comments */
  vendored: string[];
}

interface Walked {
  /** path relative to the package root, `/`-separated */
  path: string;
  abs: string;
  kind: 'file' | 'symlink' | 'dir';
  mode: number;
}

const DEFAULT_LIB_DIRS = ['lib', 'usr/lib', 'lib64', 'usr/lib64'];
const COMMAND_DIRS = new Set(['bin', 'sbin', 'usr/bin', 'usr/sbin']);
// melange's versions differ here (bin/ + usr/bin/ vs usr/bin + usr/local/*); the union misses neither
const SHEBANG_DIRS = new Set(['bin', 'usr/bin', 'usr/local/bin', 'usr/local/sbin']);
const IGNORED_INTERPRETERS = new Set(['python', 'python3', 'sh', 'awk', 'luajit']);
const PKGCONFIG_DIRS = new Set([
  'usr/lib/pkgconfig',
  'usr/lib64/pkgconfig',
  'usr/share/pkgconfig',
  'usr/local/lib/pkgconfig',
  'usr/local/share/pkgconfig',
]);

export function generateDependencies(input: ScaInput): GeneratedDependencies {
  const entries = walk(input.dir);
  const libDirs = new Set([...DEFAULT_LIB_DIRS, ...ldSoConfDirs([input.dir, ...input.siblingDirs])]);
  const runtime = new Set<string>();
  const provides = new Set<string>();
  const vendored = new Set<string>();
  const commandRuntime = new Set<string>();
  const commandProvides = new Set<string>();

  for (const e of entries) {
    const dir = posix.dirname(e.path);
    if (e.kind === 'symlink') {
      if (basename(e.path).includes('.so')) {
        const soname = siblingSoname(input, e);
        if (soname) runtime.add(`so:${soname}`);
      }
      continue;
    }
    if (e.kind !== 'file') continue;

    const elf = readElfQuietly(e.abs);
    if (elf) {
      if (elf.interpreter) runtime.add(`so:${interpreterName(elf.interpreter)}`);
      for (const lib of elf.needed) if (lib.includes('.so.')) runtime.add(`so:${lib}`);
      if (elf.type === ET_DYN && elf.soname) {
        const entry = `so:${elf.soname}=${sonameVersion(elf.soname)}`;
        (libDirs.has(dir) ? provides : vendored).add(entry);
      }
    }
    if (COMMAND_DIRS.has(dir) && (e.mode & 0o555) === 0o555) {
      commandProvides.add(`cmd:${basename(e.path)}=${input.fullVersion}`);
    }
    if (!elf && SHEBANG_DIRS.has(dir)) {
      const interp = shebangInterpreter(e.abs);
      if (interp && !IGNORED_INTERPRETERS.has(interp)) commandRuntime.add(`cmd:${interp}`);
    }
    if (e.path.endsWith('.pc')) {
      const name = basename(e.path, '.pc');
      if (PKGCONFIG_DIRS.has(dir)) {
        provides.add(`pc:${name}=${input.fullVersion}`);
        for (const req of parsePkgConfig(readFileSync(e.abs, 'utf8')).requires) runtime.add(`pc:${req}`);
      } else {
        vendored.add(`pc:${name}=${input.fullVersion}`);
      }
    }
  }
  addLanguageHints(entries, runtime, input);
  if (input.packageName.endsWith('-doc')) {
    if (entries.some((e) => e.path.startsWith('usr/share/man/'))) runtime.add('man-db');
    if (entries.some((e) => e.path.startsWith('usr/share/info/'))) runtime.add('texinfo');
  }

  const opts = input.options ?? {};
  if (!opts.noCommands) {
    commandRuntime.forEach((c) => runtime.add(c));
    commandProvides.forEach((c) => provides.add(c));
  }
  const generatedRuntime = opts.noDepends ? [] : [...runtime];
  const generatedProvides = opts.noProvides ? [] : [...provides];
  return mergeDependencies({
    configuredRuntime: input.configuredRuntime ?? [],
    configuredProvides: input.configuredProvides ?? [],
    generatedRuntime,
    generatedProvides,
    vendored: [...vendored],
  });
}

/** melange's merge order: drop what vendored copies satisfy, union, then drop self-provided names. */
export function mergeDependencies(p: {
  configuredRuntime: string[];
  configuredProvides: string[];
  generatedRuntime: string[];
  generatedProvides: string[];
  vendored: string[];
}): GeneratedDependencies {
  const vendoredNames = new Set(p.vendored.map(bareName));
  const generatedRuntime = p.generatedRuntime.filter((d) => !vendoredNames.has(bareName(d)));
  const provides = sortedUnique([...p.configuredProvides, ...p.generatedProvides]);
  const provided = new Set(provides.map(bareName));
  const runtime = sortedUnique([...p.configuredRuntime, ...generatedRuntime]).filter((d) => !provided.has(bareName(d)));
  return { runtime, provides, vendored: sortedUnique(p.vendored) };
}

function bareName(dep: string): string {
  return dep.replace(/^!/, '').split(/[<>=~]/)[0];
}

function sortedUnique(list: string[]): string[] {
  return [...new Set(list)].sort();
}

function walk(root: string): Walked[] {
  const out: Walked[] = [];
  if (!existsSync(root)) return out;
  const visit = (rel: string) => {
    const abs = rel ? join(root, rel) : root;
    for (const name of readdirSync(abs).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      const childAbs = join(root, childRel);
      const st = lstatSync(childAbs);
      const kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
      if (!kind) continue;
      out.push({ path: childRel, abs: childAbs, kind, mode: st.mode & 0o7777 });
      if (kind === 'dir') visit(childRel);
    }
  };
  visit('');
  return out;
}

function ldSoConfDirs(packageDirs: string[]): string[] {
  const dirs: string[] = [];
  for (const pkg of packageDirs) {
    const confDir = join(pkg, 'etc/ld.so.conf.d');
    if (!existsSync(confDir)) continue;
    for (const name of readdirSync(confDir).filter((n) => n.endsWith('.conf'))) {
      for (const line of readFileSync(join(confDir, name), 'utf8').split('\n')) {
        const d = line.replace(/#.*$/, '').trim().replace(/^\/+|\/+$/g, '');
        if (d) dirs.push(d);
      }
    }
  }
  return dirs;
}

function readElfQuietly(file: string) {
  try {
    return readElf(file);
  } catch {
    // A file with an ELF magic but broken headers (a test fixture, a truncated blob) is data,
    // not a binary; melange skips such files too.
    return undefined;
  }
}

/** musl's loader is provided by its libc package under the libc name, as in Alpine/Wolfi. */
function interpreterName(path: string): string {
  const name = posix.basename(path);
  return name.startsWith('ld-musl-') ? name.replace(/^ld-musl-/, 'libc.musl-') : name;
}

function sonameVersion(soname: string): string {
  const at = soname.indexOf('.so.');
  if (at < 0) return '0';
  const v = soname.slice(at + 4);
  return /^[0-9]+(\.[0-9]+)*$/.test(v) ? v : '0';
}

/** For a `*.so*` symlink into a sibling package (the -dev → library case): that ELF's SONAME. */
function siblingSoname(input: ScaInput, e: Walked): string | undefined {
  const target = readlinkSync(e.abs);
  const relTarget = target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(e.path), target);
  if (relTarget.startsWith('..')) return undefined;
  for (const sibling of input.siblingDirs) {
    const candidate = join(sibling, relTarget);
    if (!existsSync(candidate) || !lstatSync(candidate).isFile()) continue;
    const elf = readElfQuietly(candidate);
    if (elf?.soname) return elf.soname;
  }
  return undefined;
}

function shebangInterpreter(file: string): string | undefined {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(256);
  let got: number;
  try {
    got = readSync(fd, head, 0, 256, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.subarray(0, got).toString('utf8');
  if (!text.startsWith('#!')) return undefined;
  const words = text.slice(2).split('\n')[0].trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  let interp = words[0];
  if (basename(interp) === 'env') {
    const args = words.slice(1).filter((w) => w !== '-S' && !w.startsWith('-'));
    if (args.length === 0) return undefined;
    interp = args[0];
  }
  return basename(interp);
}

function addLanguageHints(entries: Walked[], runtime: Set<string>, input: ScaInput): void {
  const configured = input.configuredRuntime ?? [];
  const has = (prefix: string) => configured.some((d) => d.startsWith(prefix));
  for (const e of entries) {
    const perl = /^usr\/lib\/perl(\d+)\/[^/]*_perl/.exec(e.path);
    if (perl && !has('perl')) runtime.add(`perl~${perl[1]}`);
    const python = /^usr\/lib\/python(\d+\.\d+)\/site-packages(\/|$)/.exec(e.path);
    if (python && !has('python')) runtime.add(`python-${python[1]}-base`);
    const ruby = /^usr\/lib\/ruby\/gems\/(\d+)\.(\d+)\.\d+\/gems(\/|$)/.exec(e.path);
    if (ruby && !has('ruby')) runtime.add(`ruby-${ruby[1]}.${ruby[2]}`);
  }
}
