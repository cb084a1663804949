/**
 * apk dependency expressions (`[!]name[@tag][op version]`), as apk-tools 2.14 reads them in
 * `apk_blob_pull_dep`, and the rules for when a package or provide satisfies one.
 */
import { ApkFormatError, type ApkLocation } from './errors';
import { compareVersions, isValidVersion } from './version';

export type VersionOp = '=' | '<' | '<=' | '>' | '>=' | '~' | '<~' | '>~' | '><';

export interface Dependency {
  name: string;
  /** `!name`: must not be installed (or, with an op, must not match) */
  conflict: boolean;
  /** `@tag` pinning to a tagged repository; kept for round trips, ignored by the solver */
  tag?: string;
  op?: VersionOp;
  /** the version, or for `><` the `Q1…` identity */
  version?: string;
}

const OP_CHARS = '<>=~';
const OPS: ReadonlySet<string> = new Set(['=', '<', '<=', '>', '>=', '~', '<~', '>~', '><', '~=', '=~']);

/** Parses one dependency; throws ApkFormatError naming the text and where it came from. */
export function parseDependency(text: string, where: ApkLocation = {}): Dependency {
  let s = text.trim();
  const fail = (why: string): never => {
    throw new ApkFormatError(`dependency "${text}": ${why}`, where);
  };
  if (s === '') fail('empty');
  let conflict = false;
  if (s.startsWith('!')) {
    conflict = true;
    s = s.slice(1);
  }
  let opStart = -1;
  for (let i = 0; i < s.length; i++) {
    if (OP_CHARS.includes(s[i]!)) {
      opStart = i;
      break;
    }
  }
  let nameTag = s;
  let op: VersionOp | undefined;
  let version: string | undefined;
  if (opStart >= 0) {
    nameTag = s.slice(0, opStart);
    let opEnd = opStart;
    while (opEnd < s.length && OP_CHARS.includes(s[opEnd]!)) opEnd++;
    const rawOp = s.slice(opStart, opEnd);
    if (!OPS.has(rawOp)) fail(`unknown operator "${rawOp}"`);
    op = (rawOp === '~=' || rawOp === '=~' ? '~' : rawOp) as VersionOp;
    version = s.slice(opEnd);
    if (version === '') fail(`operator "${rawOp}" without a version`);
    if (op !== '><' && !isValidVersion(version)) fail(`"${version}" is not a valid apk version`);
  }
  let name = nameTag;
  let tag: string | undefined;
  const at = nameTag.indexOf('@');
  if (at >= 0) {
    name = nameTag.slice(0, at);
    tag = nameTag.slice(at + 1);
    if (tag === '') fail('empty repository tag after "@"');
  }
  if (name === '') fail('no package name');
  if (/\s/.test(name)) fail('whitespace in the name');
  const dep: Dependency = { name, conflict };
  if (tag !== undefined) dep.tag = tag;
  if (op !== undefined) {
    dep.op = op;
    dep.version = version!;
  }
  return dep;
}

/** Space- or newline-separated list, as in index `D:` and `p:` fields. */
export function parseDependencyList(text: string, where: ApkLocation = {}): Dependency[] {
  return text
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((t) => parseDependency(t, where));
}

export function formatDependency(dep: Dependency): string {
  return `${dep.conflict ? '!' : ''}${dep.name}${dep.tag !== undefined ? `@${dep.tag}` : ''}${dep.op ?? ''}${dep.version ?? ''}`;
}

/** Does `version` satisfy `op want`? (`><` is a checksum match and never a version match.) */
export function satisfies(version: string, op: VersionOp | undefined, want: string | undefined): boolean {
  if (op === undefined || want === undefined) return true;
  const fuzzy = op.includes('~');
  const r = compareVersions(version, want, fuzzy);
  switch (op) {
    case '=':
      return r === 0;
    case '~':
      return r === 0;
    case '<':
      return r < 0;
    case '<=':
    case '<~':
      return r <= 0;
    case '>':
      return r > 0;
    case '>=':
    case '>~':
      return r >= 0;
    case '><':
      return false;
  }
}

/** One name a package answers to: its own name+version, or a `provides` entry. */
export interface Provider {
  name: string;
  /** undefined for a virtual (unversioned) provide */
  version?: string;
  /** the package's identity `Q1…`, for `><` matches */
  identity?: string;
}

/** Parses a `provides` entry (`name` or `name=version`). */
export function parseProvide(text: string, where: ApkLocation = {}): Provider {
  const dep = parseDependency(text, where);
  if (dep.conflict || (dep.op !== undefined && dep.op !== '=')) {
    throw new ApkFormatError(`provides "${text}": a provide is "name" or "name=version"`, where);
  }
  return dep.version !== undefined ? { name: dep.name, version: dep.version } : { name: dep.name };
}

/**
 * Whether `provider` satisfies `dep`, ignoring `dep.conflict` (the caller decides what a match
 * means for `!name`). An unversioned provide satisfies only an unversioned dependency, as in
 * apk_dep_is_provided.
 */
export function providerMatches(dep: Dependency, provider: Provider): boolean {
  if (dep.name !== provider.name) return false;
  if (dep.op === undefined) return true;
  if (dep.op === '><') return provider.identity !== undefined && provider.identity === dep.version;
  if (provider.version === undefined) return false;
  return satisfies(provider.version, dep.op, dep.version);
}
