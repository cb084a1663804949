/**
 * Who offers which name: per stage (from recipe summaries) and per outside source and arch (from
 * lock files). Built once per resolution so each lookup is a map read.
 */
import type { Arch, LockedPackage, ProvidedName, SourceLock } from '@stagecraft/melange-config';
import { parseDependency } from './parse-dependency';
import type { RecipeInput } from './seeding-graph';

export interface StageCandidate {
  input: RecipeInput;
  offered: ProvidedName;
}

export interface LockCandidate {
  pkg: LockedPackage;
  /** undefined for an unversioned provides entry, which meets no versioned constraint */
  version: string | undefined;
  offeredAs: 'package' | 'provides';
}

export type StageIndex = Map<string, Map<string, StageCandidate[]>>;
export type LockIndex = Map<string, Map<Arch, Map<string, LockCandidate[]>>>;

/**
 * Lock sources that pin the same packages (same files) for every arch resolved: what they
 * provide does not depend on the arch, so a project resolved through them needs resolving once.
 */
export function findArchNeutralLocks(locks: Record<string, SourceLock>, archs: readonly Arch[]): Set<string> {
  const neutral = new Set<string>();
  for (const [ref, lock] of Object.entries(locks)) {
    const lists = archs.map((a) => lock.archs[a]?.packages);
    if (lists.some((l) => l === undefined)) continue;
    const first = lists[0]!;
    const same = (l: LockedPackage[]) =>
      l === first ||
      (l.length === first.length && l.every((p, i) => p.name === first[i]!.name && p.version === first[i]!.version && p.sha256 === first[i]!.sha256 && p.filename === first[i]!.filename));
    if (lists.every((l) => same(l!))) neutral.add(ref);
  }
  return neutral;
}

export function indexStageProviders(recipes: readonly RecipeInput[]): StageIndex {
  const index: StageIndex = new Map();
  for (const input of recipes) {
    let names = index.get(input.stage);
    if (!names) index.set(input.stage, (names = new Map()));
    for (const offered of input.summary.provides) {
      const list = names.get(offered.name);
      if (list) list.push({ input, offered });
      else names.set(offered.name, [{ input, offered }]);
    }
  }
  return index;
}

export function indexLockProviders(locks: Record<string, SourceLock>): LockIndex {
  const index: LockIndex = new Map();
  for (const [ref, lock] of Object.entries(locks)) {
    const perArch = new Map<Arch, Map<string, LockCandidate[]>>();
    const built: [LockedPackage[], Map<string, LockCandidate[]>][] = [];
    for (const [arch, locked] of Object.entries(lock.archs) as [Arch, SourceLock['archs'][Arch]][]) {
      const packages = locked?.packages ?? [];
      // a repository that pins the same packages for every arch (Wolfi's published lock) is indexed once
      const same = built.find(([other]) => samePackages(other, packages));
      const names = same ? same[1] : indexLockedPackages(packages);
      if (!same) built.push([packages, names]);
      perArch.set(arch, names);
    }
    index.set(ref, perArch);
  }
  return index;
}

function indexLockedPackages(packages: LockedPackage[]): Map<string, LockCandidate[]> {
  const names = new Map<string, LockCandidate[]>();
  const add = (name: string, candidate: LockCandidate) => {
    const list = names.get(name);
    if (list) list.push(candidate);
    else names.set(name, [candidate]);
  };
  for (const pkg of packages) {
    add(pkg.name, { pkg, version: pkg.version, offeredAs: 'package' });
    for (const entry of pkg.provides) {
      const provided = parseDependency(entry);
      if (provided && !provided.conflict) add(provided.name, { pkg, version: provided.version, offeredAs: 'provides' });
    }
  }
  return names;
}

/** Equal in everything the index and the resolutions read, so one index answers for both lists. */
function samePackages(a: LockedPackage[], b: LockedPackage[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p.name !== q.name || p.version !== q.version || p.sha256 !== q.sha256 || p.filename !== q.filename) return false;
    if (!sameStrings(p.provides, q.provides) || !sameStrings(p.depends, q.depends)) return false;
  }
  return true;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Does a recipe build for this arch? (empty target-architecture = every arch) */
export function buildsFor(input: RecipeInput, arch: Arch): boolean {
  const limited = input.summary.targetArchitecture;
  return limited.length === 0 || limited.includes(arch);
}
