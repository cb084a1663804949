/**
 * The install set for a list of requested names: each requirement is met by a package named so
 * or providing it, the runtime dependencies of every chosen package follow (so:, cmd:, pc:
 * provides included), and conflicts (`!name`, two packages of one name, two packages with the
 * same versioned provide) are avoided by backtracking. Deterministic: the same indexes and
 * request give the same answer.
 *
 * Preference, for one requirement: a package with that exact name (newest version first, then
 * the earlier index); otherwise providers by provider_priority, then provided version, then
 * package version, then name. As in apk, an unversioned ("virtual") provide is only chosen
 * automatically when the package has a provider_priority.
 */
import { parseDependency, providerMatches, type Dependency, type Provider } from './dependency';
import type { IndexEntry } from './apkindex-text';
import { ApkFormatError, UnsatisfiableError, type RequirementStep } from './errors';
import { compareVersions } from './version';

export interface SolveIndex {
  /** the repository's name in results and messages (`stage2`, `seed:debian`, a URL…) */
  name: string;
  entries: IndexEntry[];
}

export interface SolveRequest {
  /** in priority order: on a tie, a package from an earlier index wins */
  indexes: SolveIndex[];
  /** dependency expressions: `make`, `gcc>=13`, `so:libc.so.6`, `!foo` */
  requested: string[];
  /** only packages of this arch (and `noarch`) are considered */
  arch?: string;
  /** search budget, in candidate tries; default 100000 */
  maxSteps?: number;
}

export type SolvedPackage = IndexEntry & { repository: string };

export interface SolveResult {
  /** dependencies before their dependents; ties by name */
  packages: SolvedPackage[];
}

interface Candidate {
  entry: IndexEntry;
  repository: string;
  repoIndex: number;
  key: string;
  depends: Dependency[];
  /** the package's own name plus its provides */
  provides: Provider[];
}

interface Requirement {
  dep: Dependency;
  chain: RequirementStep[];
}

interface Failure {
  depth: number;
  message: string;
  chain: RequirementStep[];
}

const label = (c: Candidate) => `${c.entry.name}-${c.entry.version}`;

function describeChain(chain: RequirementStep[]): string {
  return chain.map((s) => (s.by === 'requested' ? `requested "${s.dependency}"` : `${s.by} depends on "${s.dependency}"`)).join(' → ');
}

function loadCandidates(req: SolveRequest): Candidate[] {
  const out: Candidate[] = [];
  req.indexes.forEach((idx, repoIndex) => {
    for (const entry of idx.entries) {
      if (req.arch && entry.arch && entry.arch !== req.arch && entry.arch !== 'noarch') continue;
      const where = { file: idx.name, part: `${entry.name}-${entry.version}` };
      const provides: Provider[] = [{ name: entry.name, version: entry.version, identity: entry.checksum }];
      for (const p of entry.provides) {
        const d = parseDependency(p, { ...where, field: 'provides' });
        if (d.conflict || (d.op !== undefined && d.op !== '=')) throw new ApkFormatError(`provides "${p}" is not "name" or "name=version"`, where);
        provides.push(d.version !== undefined ? { name: d.name, version: d.version } : { name: d.name });
      }
      out.push({
        entry,
        repository: idx.name,
        repoIndex,
        key: `${repoIndex}\0${entry.name}\0${entry.version}`,
        depends: entry.depends.map((d) => parseDependency(d, { ...where, field: 'depends' })),
        provides,
      });
    }
  });
  return out;
}

/** Order of preference among packages that could meet `dep`. */
function rank(dep: Dependency, cands: Candidate[]): Candidate[] {
  const provided = (c: Candidate) => c.provides.find((p) => p.name === dep.name && p !== c.provides[0]);
  return [...cands].sort((a, b) => {
    const an = a.entry.name === dep.name ? 0 : 1;
    const bn = b.entry.name === dep.name ? 0 : 1;
    if (an !== bn) return an - bn;
    if (an === 1) {
      const pp = (b.entry.providerPriority ?? 0) - (a.entry.providerPriority ?? 0);
      if (pp !== 0) return pp;
      const av = provided(a)?.version;
      const bv = provided(b)?.version;
      if (av !== undefined && bv !== undefined) {
        const c = compareVersions(bv, av);
        if (c !== 0) return c;
      }
    }
    const v = compareVersions(b.entry.version, a.entry.version);
    if (v !== 0) return v;
    if (a.repoIndex !== b.repoIndex) return a.repoIndex - b.repoIndex;
    return a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0;
  });
}

export function solve(req: SolveRequest): SolveResult {
  const all = loadCandidates(req);
  const byProvidedName = new Map<string, Candidate[]>();
  for (const c of all) {
    for (const p of c.provides) {
      const list = byProvidedName.get(p.name) ?? [];
      if (!list.includes(c)) list.push(c);
      byProvidedName.set(p.name, list);
    }
  }

  const selected: Candidate[] = [];
  const selectedByName = new Map<string, Candidate>();
  /** provided name → chosen packages that provide it (own name included) */
  const selectedProviders = new Map<string, Candidate[]>();
  /** versioned provide name → the selected package holding it */
  const versionedOwner = new Map<string, Candidate>();
  const conflicts: Requirement[] = [];
  const maxSteps = req.maxSteps ?? 100_000;
  let steps = 0;
  let best: Failure | undefined;

  const fail = (message: string, chain: RequirementStep[]): false => {
    const depth = selected.length;
    if (!best || depth > best.depth || (depth === best.depth && chain.length > best.chain.length)) best = { depth, message, chain };
    return false;
  };

  const matchesDep = (c: Candidate, dep: Dependency) => c.provides.some((p) => providerMatches(dep, p));
  const chosenMatching = (dep: Dependency) => (selectedProviders.get(dep.name) ?? []).find((s) => matchesDep(s, dep));
  const violatedConflict = (c: Candidate) => conflicts.find((r) => matchesDep(c, r.dep));

  function whyIncompatible(c: Candidate): string | undefined {
    const same = selectedByName.get(c.entry.name);
    if (same && same !== c) return `${label(c)} cannot be installed beside the chosen ${label(same)} (same name)`;
    const blocked = violatedConflict(c);
    if (blocked) return `${label(c)} is excluded by "!${blocked.dep.name}${blocked.dep.op ?? ''}${blocked.dep.version ?? ''}" (${describeChain(blocked.chain)})`;
    for (const p of c.provides) {
      if (p.version === undefined) continue;
      const owner = versionedOwner.get(p.name);
      if (owner && owner !== c) return `${label(c)} provides "${p.name}", which the chosen ${label(owner)} already provides`;
    }
    for (const d of c.depends) {
      if (!d.conflict) continue;
      const hit = chosenMatching(d);
      if (hit) return `${label(c)} conflicts with the chosen ${label(hit)} ("!${d.name}")`;
    }
    return undefined;
  }

  function select(c: Candidate): () => void {
    selected.push(c);
    selectedByName.set(c.entry.name, c);
    const names = [...new Set(c.provides.map((p) => p.name))];
    for (const n of names) selectedProviders.set(n, [...(selectedProviders.get(n) ?? []), c]);
    const owned: string[] = [];
    for (const p of c.provides) {
      if (p.version !== undefined && !versionedOwner.has(p.name)) {
        versionedOwner.set(p.name, c);
        owned.push(p.name);
      }
    }
    return () => {
      selected.pop();
      selectedByName.delete(c.entry.name);
      for (const n of names) selectedProviders.set(n, selectedProviders.get(n)!.filter((x) => x !== c));
      for (const n of owned) versionedOwner.delete(n);
    };
  }

  function search(queue: Requirement[], at: number): boolean {
    while (at < queue.length) {
      const r = queue[at]!;
      if (r.dep.conflict) {
        const hit = chosenMatching(r.dep);
        if (hit) return fail(`"!${r.dep.name}" excludes the chosen ${label(hit)}`, r.chain);
        conflicts.push(r);
        const ok = search(queue, at + 1);
        if (!ok) conflicts.pop();
        return ok;
      }
      if (chosenMatching(r.dep)) {
        at++;
        continue;
      }
      const named = byProvidedName.get(r.dep.name) ?? [];
      const matching = named.filter((c) => matchesDep(c, r.dep));
      const selectable = matching.filter(
        (c) => c.entry.name === r.dep.name || c.provides.some((p) => p.name === r.dep.name && (p.version !== undefined || (c.entry.providerPriority ?? 0) > 0)),
      );
      if (selectable.length === 0) {
        const want = `${r.dep.name}${r.dep.op ?? ''}${r.dep.version ?? ''}`;
        let why: string;
        if (named.length === 0) why = `nothing provides "${want}"`;
        else if (matching.length === 0) why = `no version satisfies "${want}" (available: ${named.map(label).join(', ')})`;
        else why = `"${r.dep.name}" is a virtual name provided by ${matching.map(label).join(', ')}; none has a provider_priority, so request one of them by name`;
        return fail(why, r.chain);
      }
      const reasons: string[] = [];
      for (const c of rank(r.dep, selectable)) {
        if (++steps > maxSteps) {
          throw new UnsatisfiableError(`gave up after ${maxSteps} tries while resolving "${r.dep.name}" (${describeChain(r.chain)})`, r.chain);
        }
        const why = whyIncompatible(c);
        if (why) {
          reasons.push(why);
          continue;
        }
        const undo = select(c);
        const next = [
          ...queue.slice(at + 1),
          ...c.depends.map((d) => ({ dep: d, chain: [...r.chain, { by: label(c), dependency: d.conflict ? `!${d.name}` : depText(d) }] })),
        ];
        if (search(next, 0)) return true;
        undo();
      }
      if (reasons.length) return fail(`cannot satisfy "${depText(r.dep)}": ${reasons.join('; ')}`, r.chain);
      return false;
    }
    return true;
  }

  const roots: Requirement[] = req.requested.map((text) => {
    const dep = parseDependency(text, { part: 'requested' });
    return { dep, chain: [{ by: 'requested', dependency: text }] };
  });
  if (!search(roots, 0)) {
    const f = best ?? { message: 'no install set satisfies the request', chain: [], depth: 0 };
    throw new UnsatisfiableError(`${f.message}${f.chain.length ? ` — required by: ${describeChain(f.chain)}` : ''}`, f.chain);
  }
  return { packages: orderDependenciesFirst(selected, matchesDep) };
}

function depText(d: Dependency): string {
  return `${d.conflict ? '!' : ''}${d.name}${d.op ?? ''}${d.version ?? ''}`;
}

function orderDependenciesFirst(selected: Candidate[], matchesDep: (c: Candidate, d: Dependency) => boolean): SolvedPackage[] {
  const sorted = [...selected].sort((a, b) => (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0));
  const done = new Set<Candidate>();
  const visiting = new Set<Candidate>();
  const out: SolvedPackage[] = [];
  const visit = (c: Candidate) => {
    if (done.has(c) || visiting.has(c)) return;
    visiting.add(c);
    for (const d of c.depends) {
      if (d.conflict) continue;
      const provider = sorted.find((s) => matchesDep(s, d));
      if (provider) visit(provider);
    }
    visiting.delete(c);
    done.add(c);
    out.push({ ...c.entry, repository: c.repository });
  };
  for (const c of sorted) visit(c);
  return out;
}
