/**
 * One project's build environment, walked per arch: every need resolved through the project's
 * sources, then the runtime closure of each chosen package. The outcomes hold what was chosen
 * and why but are not yet Resolution records: the explained graph builds those (merge-outcomes),
 * while the edge list Nx reads needs only the providers, and at Wolfi scale (~190,000
 * resolutions) building and keeping records nobody reads is most of the cost.
 */
import type { Arch, Dependency, NeededName } from '@stagecraft/melange-config';
import { resolveInLock, resolveNameShared, type Chosen, type NameCache, type ProjectContext, type ProviderIndexes, type SharedOutcomes } from './resolve-name';
import type { ClosureStep, CycleRedirect, PassedOver } from './seeding-graph';
import type { SourceRef } from './source-ref';

/**
 * The closure chain that led to a request, one link per expanded package. The ClosureStep lists
 * that resolutions and problems hold are built from it when first read, once per link and
 * shared by all of that link's dependants; the edge list Nx reads never reads them.
 */
export interface ClosureLink {
  parent: ClosureLink | undefined;
  step: ClosureStep;
  steps: ClosureStep[] | undefined;
}

/** The chain as ClosureSteps, outermost first; empty for a direct need. */
export function closureSteps(link: ClosureLink | undefined): ClosureStep[] {
  if (!link) return [];
  return (link.steps ??= [...closureSteps(link.parent), link.step]);
}

export interface Request {
  dep: Dependency;
  root: NeededName;
  /** undefined for a direct need */
  via: ClosureLink | undefined;
  skipSelf: boolean;
  /** set for a locked package's dependencies: they resolve inside that lock only */
  lock?: SourceRef;
}

export interface ProblemDraft {
  kind: 'no-provider' | 'cycle';
  project: string;
  stage: string;
  need: NeededName;
  dependency: string;
  via: ClosureStep[];
  tried: PassedOver[];
  cycle?: string[];
}

/** One request's answer on one arch; `found` tells equal answers on different archs apart. */
export type Outcome = ChosenOutcome | { ok: false; problem: ProblemDraft; found: string; neutral: boolean };

export interface ChosenOutcome {
  ok: true;
  request: Request;
  chosen: Chosen;
  passedOver: PassedOver[];
  /** set when self offered the name but the cycle rule moved the edge past it */
  redirect: CycleRedirect | undefined;
  found: string;
  neutral: boolean;
}

/** A project's outcomes per arch; `allArchs` when one arch's outcomes hold for every arch. */
export interface ProjectOutcomes {
  perArch: Map<Arch, Outcome[]>;
  allArchs: boolean;
}

export interface WalkOptions {
  /**
   * Whether to walk the runtime closure of packages taken from a lock: it resolves inside that
   * lock only, so it matters to the explanations, never to the project edges.
   */
  lockClosures: boolean;
}

/**
 * All of one project's outcomes, per arch, closure included. Most recipes and most names do
 * not depend on the arch; when nothing consulted for the first arch did, its outcomes are the
 * answer for every arch, which halves the work on a two-arch tree.
 */
export function walkProject(ctx: ProjectContext, archs: Arch[], indexes: ProviderIndexes, cache: NameCache, walk: WalkOptions): ProjectOutcomes {
  const perArch = new Map<Arch, Outcome[]>();
  const summary = ctx.input.summary;
  const sameNeedsEverywhere =
    summary.targetArchitecture.length === 0 && summary.needs.every((n) => n.conflict || archs.every((a) => n.archs.includes(a)));
  for (const arch of archs) {
    const { outcomes, neutral } = buildsForArch(ctx, arch) ? walkArch(ctx, arch, indexes, cache, walk) : { outcomes: [], neutral: true };
    perArch.set(arch, outcomes);
    if (perArch.size === 1 && sameNeedsEverywhere && neutral) return { perArch, allArchs: true };
  }
  return { perArch, allArchs: false };
}

/** The outcomes on one arch, and whether none of them depended on the arch. */
function walkArch(ctx: ProjectContext, arch: Arch, indexes: ProviderIndexes, cache: NameCache, walk: WalkOptions): { outcomes: Outcome[]; neutral: boolean } {
  const shared = (skipSelf: boolean) => {
    const key = `${ctx.sourcesKey}\0${arch}\0${skipSelf}`;
    let names = cache.get(key);
    if (!names) cache.set(key, (names = new Map()));
    return names;
  };
  const sharedBySkip = [shared(false), shared(true)] as const;
  const outcomes: Outcome[] = [];
  let neutral = true;
  const queue: Request[] = [];
  // names already asked for, per way of asking: the lock they resolve in ('' for none), then self skipped or not
  const requested = new Map<string, readonly [Set<string>, Set<string>]>();
  const requestedIn = (skipSelf: boolean, lock: SourceRef | undefined) => {
    const key = lock?.ref ?? '';
    let names = requested.get(key);
    if (!names) requested.set(key, (names = [new Set(), new Set()]));
    return names[skipSelf ? 1 : 0];
  };
  const direct = requestedIn(false, undefined);
  // indexed loops here and below: a first run is mostly unoptimised code, where for-of allocates per step
  const needs = ctx.input.summary.needs;
  for (let n = 0; n < needs.length; n++) {
    const need = needs[n]!;
    if (need.conflict || !need.archs.includes(arch)) continue;
    queue.push({ dep: need, root: need, via: undefined, skipSelf: false });
    direct.add(need.raw);
  }
  const expanded = [new Set<string>(), new Set<string>()] as const;
  for (let i = 0; i < queue.length; i++) {
    const request = queue[i]!;
    const outcome = request.lock
      ? resolveLockedRequest(request, request.lock, arch, indexes)
      : resolveRequest(sharedBySkip[request.skipSelf ? 1 : 0], ctx, request, arch, indexes);
    if (!outcome) continue;
    outcomes.push(outcome);
    neutral &&= outcome.neutral;
    if (!outcome.ok) continue;
    const { chosen } = outcome;
    const skipSelf = request.skipSelf || outcome.redirect !== undefined;
    const seen = expanded[skipSelf ? 1 : 0];
    if (seen.has(chosen.key)) continue;
    seen.add(chosen.key);
    const { source, provider } = chosen;
    const lock = source.kind === 'seed' || source.kind === 'published' ? source : undefined;
    if (lock !== undefined && !walk.lockClosures) continue;
    // one link for all of a package's dependencies: closures are large and mostly shared
    const step = { dependency: request.dep.raw, package: provider.package, from: provider.kind === 'project' ? provider.project : source.ref };
    const via: ClosureLink = { parent: request.via, step, steps: undefined };
    const asked = requestedIn(skipSelf, lock);
    const runtime = chosen.runtime;
    for (let d = 0; d < runtime.length; d++) {
      const dep = runtime[d]!;
      if (dep.conflict || asked.has(dep.raw)) continue;
      asked.add(dep.raw);
      queue.push({ dep, root: request.root, via, skipSelf, lock });
    }
  }
  return { outcomes, neutral };
}

function resolveRequest(shared: SharedOutcomes, ctx: ProjectContext, request: Request, arch: Arch, indexes: ProviderIndexes): Outcome {
  const { dep, root, via } = request;
  const found = resolveNameShared(shared, ctx, dep, arch, request.skipSelf, indexes);
  if (!found.chosen) {
    const base = { project: ctx.input.project, stage: ctx.input.stage, need: root, dependency: dep.raw, via: closureSteps(via) };
    const problem: ProblemDraft = found.redirect
      ? { ...base, kind: 'cycle', tried: found.passedOver, cycle: found.redirect.cycle }
      : { ...base, kind: 'no-provider', tried: found.passedOver };
    return { ok: false, problem, found: found.identity, neutral: found.neutral };
  }
  // every field set in one literal: one object shape for all outcomes
  return { ok: true, request, chosen: found.chosen, passedOver: found.passedOver, redirect: found.redirect, found: found.identity, neutral: found.neutral };
}

/** A locked package's dependency: resolved inside its lock, and left out when the lock does not pin it. */
function resolveLockedRequest(request: Request, lock: SourceRef, arch: Arch, indexes: ProviderIndexes): Outcome | undefined {
  const chosen = resolveInLock(lock, request.dep, arch, indexes);
  if (!chosen) return undefined;
  return { ok: true, request, chosen, passedOver: [], redirect: undefined, found: chosen.key, neutral: indexes.neutralLocks.has(lock.ref) };
}

function buildsForArch(ctx: ProjectContext, arch: Arch): boolean {
  const limited = ctx.input.summary.targetArchitecture;
  return limited.length === 0 || limited.includes(arch);
}
