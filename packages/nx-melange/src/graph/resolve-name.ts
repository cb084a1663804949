/**
 * DESIGN "Stages and seeding", rule 2: walk a stage's sources in order; the first that provides
 * the name at an acceptable version wins. Records every source walked past and why, because
 * that is what `stagecraft why` prints.
 */
import type { Arch, Dependency } from '@stagecraft/melange-config';
import { compareVersions, satisfies } from '@stagecraft/apk';
import { buildsFor, type LockCandidate, type LockIndex, type StageCandidate, type StageIndex } from './index-providers';
import { parseDependency } from './parse-dependency';
import type { CycleRedirect, PassedOver, Provider, RecipeInput } from './seeding-graph';
import type { SourceRef } from './source-ref';

export interface ProviderIndexes {
  stages: StageIndex;
  locks: LockIndex;
  /** lock sources whose packages are the same for every arch (findArchNeutralLocks) */
  neutralLocks: ReadonlySet<string>;
  /** resolveInLock's answers per lock source, arch and dependency as written (null: not pinned), filled as asked */
  inLock: Map<string, Map<Arch, Map<string, Chosen | null>>>;
}

/** What resolving one project's names needs to know about that project. */
export interface ProjectContext {
  input: RecipeInput;
  /** the sources this recipe may draw from, in order (the stage's, narrowed by its repositories) */
  sources: SourceRef[];
  /** self edges the cycle rule moved past self: target project → why */
  redirected: ReadonlyMap<string, CycleRedirect>;
  /** stage and sources as one string: projects with equal keys resolve a name alike (see resolveNameShared) */
  sourcesKey: string;
}

export interface Chosen {
  source: SourceRef;
  provider: Provider;
  /** the chosen package's runtime dependencies, to resolve next (closure) */
  runtime: Dependency[];
  /** identity of the chosen package, so a closure expands each package once */
  key: string;
}

export interface NameOutcome {
  chosen?: Chosen;
  passedOver: PassedOver[];
  /** set when self offered the name but the cycle rule moved this edge past it */
  redirect?: CycleRedirect;
  /** projects of the stage that offer the name: the self rule makes the outcome differ for them */
  selfOffers: ReadonlySet<string>;
  /** the outcome in one string, to tell equal outcomes on different archs apart cheaply */
  identity: string;
  /** nothing consulted depended on the arch, so the outcome holds for every arch */
  neutral: boolean;
}

/** Outcomes shared between projects, per (stage and sources, arch, self skipped) and then per name. */
export type NameCache = Map<string, SharedOutcomes>;
/** One project's way of asking (its sources, arch, self skipped or not): dependency as written → outcome. */
export type SharedOutcomes = Map<string, NameOutcome>;

const NOBODY = new Set<string>();

const NO_REDIRECTS: ReadonlyMap<string, CycleRedirect> = new Map();

/**
 * resolveName, shared between projects that walk the same sources: the outcome only depends on
 * the project through the self rule and its redirects, so it is reused unless the project offers
 * the name itself or has moved past self the very edge the shared outcome takes. At Wolfi scale
 * most names (busybox, make, git…) are resolved thousands of times with one answer, and a
 * project with redirects still shares every answer but the few its redirects change.
 */
export function resolveNameShared(
  shared: SharedOutcomes,
  ctx: ProjectContext,
  dep: Dependency,
  arch: Arch,
  skipSelf: boolean,
  indexes: ProviderIndexes,
): NameOutcome {
  let outcome = shared.get(dep.raw);
  if (!outcome) {
    outcome = resolveName({ ...ctx, input: { ...ctx.input, project: '' }, redirected: NO_REDIRECTS }, dep, arch, skipSelf, indexes);
    shared.set(dep.raw, outcome);
  }
  if (outcome.selfOffers.has(ctx.input.project)) return resolveName(ctx, dep, arch, skipSelf, indexes);
  // a redirect is consulted only for the provider self would give
  const chosen = outcome.chosen;
  if (chosen?.source.kind === 'self' && chosen.provider.kind === 'project' && ctx.redirected.has(chosen.provider.project)) {
    return resolveName(ctx, dep, arch, skipSelf, indexes);
  }
  return outcome;
}

export function resolveName(
  ctx: ProjectContext,
  dep: Dependency,
  arch: Arch,
  skipSelf: boolean,
  indexes: ProviderIndexes,
): NameOutcome {
  const passedOver: PassedOver[] = [];
  let redirect: CycleRedirect | undefined;
  let selfOffers: ReadonlySet<string> = NOBODY;
  let neutral = true;
  const done = (chosen?: Chosen): NameOutcome => ({
    chosen,
    passedOver,
    redirect,
    selfOffers,
    neutral,
    identity: `${chosen?.key ?? ''}\0${chosen?.source.ref ?? ''}\0${passedOver.map((p) => `${p.source}:${p.reason}`).join('\0')}`,
  });
  for (const source of ctx.sources) {
    if (source.kind === 'self' || source.kind === 'stage') {
      if (source.kind === 'self' && skipSelf) {
        passedOver.push({ source: source.ref, reason: 'skipped: a package taken past self brings its runtime closure from past self too' });
        continue;
      }
      const stage = source.kind === 'self' ? ctx.input.stage : source.name;
      const offering = indexes.stages.get(stage)?.get(dep.name) ?? [];
      if (source.kind === 'self') selfOffers = new Set(offering.map((c) => c.input.project));
      if (offering.some((c) => c.input.summary.targetArchitecture.length > 0)) neutral = false;
      const candidates = offering.filter((c) => buildsFor(c.input, arch));
      const own = source.kind === 'self' ? candidates.filter((c) => c.input.project === ctx.input.project) : [];
      const others = candidates.filter((c) => !own.includes(c));
      const meeting = others.filter((c) => meetsConstraint(c.offered.version || undefined, dep));
      if (meeting.length === 0) {
        passedOver.push({ source: source.ref, reason: explainNoStageProvider(dep, own, others, stage, arch, indexes.stages) });
        continue;
      }
      const best = pickStageCandidate(meeting);
      const moved = source.kind === 'self' ? ctx.redirected.get(best.input.project) : undefined;
      if (moved) {
        redirect = moved;
        passedOver.push({
          source: source.ref,
          reason: `provides ${dep.name} (${best.input.project}) but ${ctx.input.project} → ${best.input.project} would close the cycle ${moved.cycle.join(' → ')} (cycle rule "${moved.rule}")`,
        });
        continue;
      }
      return done(chooseStageCandidate(source, best));
    }
    const lock = indexes.locks.get(source.ref);
    if (!indexes.neutralLocks.has(source.ref)) neutral = false;
    if (!lock) {
      passedOver.push({ source: source.ref, reason: 'its lock file was not loaded' });
      continue;
    }
    const names = lock.get(arch);
    if (!names) {
      passedOver.push({ source: source.ref, reason: `its lock pins nothing for ${arch}` });
      continue;
    }
    const candidates = names.get(dep.name) ?? [];
    const meeting = candidates.filter((c) => meetsConstraint(c.version, dep));
    if (meeting.length === 0) {
      passedOver.push({ source: source.ref, reason: explainNoLockProvider(dep, candidates) });
      continue;
    }
    return done(chooseLockCandidate(source, pickLockCandidate(meeting)));
  }
  return done();
}

/**
 * A locked package's own dependencies come from the same lock: a seed's packages form a closure
 * made together (`stagecraft seed lock` checked it), and mixing in workspace packages would
 * install a Debian libc beside our own. Names the lock does not pin are left to that lock.
 */
export function resolveInLock(source: SourceRef, dep: Dependency, arch: Arch, indexes: ProviderIndexes): Chosen | undefined {
  // every project's closure walks the same locked packages: answer each name once per run
  let perArch = indexes.inLock.get(source.ref);
  if (!perArch) indexes.inLock.set(source.ref, (perArch = new Map()));
  let answers = perArch.get(arch);
  if (!answers) perArch.set(arch, (answers = new Map()));
  let answer = answers.get(dep.raw);
  if (answer === undefined) {
    const candidates = (indexes.locks.get(source.ref)?.get(arch)?.get(dep.name) ?? []).filter((c) => meetsConstraint(c.version, dep));
    answer = candidates.length ? chooseLockCandidate(source, pickLockCandidate(candidates)) : null;
    answers.set(dep.raw, answer);
  }
  return answer ?? undefined;
}

function meetsConstraint(version: string | undefined, dep: Dependency): boolean {
  if (!dep.op || dep.version === undefined) return true;
  return version !== undefined && satisfies(version, dep.op, dep.version);
}

/** Several providers in one source: highest version, then provider-priority, then names (deterministic). */
function pickStageCandidate(candidates: StageCandidate[]): StageCandidate {
  return [...candidates].sort(
    (a, b) =>
      compareVersions(b.offered.version, a.offered.version) ||
      b.offered.priority - a.offered.priority ||
      compareStrings(a.offered.package, b.offered.package) ||
      compareStrings(a.input.project, b.input.project),
  )[0]!;
}

function pickLockCandidate(candidates: LockCandidate[]): LockCandidate {
  return [...candidates].sort(
    (a, b) =>
      compareVersions(b.version ?? '0', a.version ?? '0') ||
      (a.offeredAs === b.offeredAs ? 0 : a.offeredAs === 'package' ? -1 : 1) ||
      compareStrings(a.pkg.name, b.pkg.name),
  )[0]!;
}

function chooseStageCandidate(source: SourceRef, c: StageCandidate): Chosen {
  const { input, offered } = c;
  return {
    source,
    provider: {
      kind: 'project',
      project: input.project,
      stage: input.stage,
      package: offered.package,
      version: offered.version,
      recipe: input.summary.file,
      offeredAs: offered.kind,
    },
    runtime: input.summary.runtime[offered.package] ?? [],
    key: `project\0${input.project}\0${offered.package}`,
  };
}

function chooseLockCandidate(source: SourceRef, c: LockCandidate): Chosen {
  return {
    source,
    provider: { kind: 'locked', package: c.pkg.name, version: c.pkg.version, sha256: c.pkg.sha256, filename: c.pkg.filename, offeredAs: c.offeredAs },
    runtime: c.pkg.depends.map(parseDependency).filter((d): d is Dependency => d !== undefined),
    key: `lock\0${source.ref}\0${c.pkg.name}`,
  };
}

function explainNoStageProvider(
  dep: Dependency,
  own: StageCandidate[],
  others: StageCandidate[],
  stage: string,
  arch: Arch,
  stages: StageIndex,
): string {
  const reasons: string[] = [];
  for (const c of own) reasons.push(`provides ${dep.name} but ${describeOwn(dep.name, c)} (self rule)`);
  if (others.length) reasons.push(`provides ${others.map((c) => describeOffer(dep.name, c.offered.version || undefined, c.input.project)).join(', ')} but constraint ${dep.raw} not met`);
  if (reasons.length) return reasons.join('; ');
  const elsewhere = (stages.get(stage)?.get(dep.name) ?? []).filter((c) => !buildsFor(c.input, arch));
  if (elsewhere.length) {
    return `no provider for ${arch} (${elsewhere.map((c) => `${c.input.project} builds only for ${c.input.summary.targetArchitecture.join(', ')}`).join('; ')})`;
  }
  return 'no provider';
}

function describeOwn(name: string, c: StageCandidate): string {
  switch (c.offered.kind) {
    case 'package':
      return `${name} is this package`;
    case 'subpackage':
      return `${name} is a subpackage of this recipe`;
    case 'provides':
      return `${name} is provided by this recipe's ${c.offered.package}`;
  }
}

function explainNoLockProvider(dep: Dependency, candidates: LockCandidate[]): string {
  if (candidates.length === 0) return 'no provider';
  const offered = candidates.map((c) => describeOffer(dep.name, c.version, c.pkg.name));
  return `provides ${offered.join(', ')} but constraint ${dep.raw} not met`;
}

function describeOffer(name: string, version: string | undefined, from: string): string {
  return version === undefined ? `${name} (unversioned, from ${from})` : `${name}=${version}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
