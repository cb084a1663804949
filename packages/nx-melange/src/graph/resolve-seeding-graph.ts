/**
 * The seeding graph of a workspace (DESIGN "Stages and seeding"): every recipe's build
 * environment resolved through its stage's sources, with the runtime closure, the self rule,
 * arch limits and the cycle rule applied. Pure: recipes, options and locks in, graph out.
 *
 * Two passes. The first resolves everything as if there were no cycles and collects the `self`
 * edges; the cycle rule then picks the edges to move past self; the second pass re-resolves only
 * the projects that lost an edge. A package taken past self brings its runtime closure from past
 * self as well, so the second pass can only remove self edges, never add one: the result is
 * acyclic by construction.
 */
import type { Arch, Dependency, NeededName, SourceLock } from '@stagecraft/melange-config';
import { collectEdges } from './collect-edges';
import { breakCycles, DEFAULT_CYCLE_RULE, type CycleRuleName } from './break-cycles';
import { findArchNeutralLocks, indexLockProviders, indexStageProviders } from './index-providers';
import { resolveInLock, resolveNameShared, type NameCache, type ProjectContext, type ProviderIndexes, type SharedOutcomes } from './resolve-name';
import { CycleError, NoProviderError, RepositoryError, UnknownStageError, type ResolutionProblem } from './resolution-problems';
import type { SeedingOptions } from './seeding-options';
import type {
  ClosureStep,
  CycleRedirect,
  PassedOver,
  RecipeInput,
  Redirect,
  Resolution,
  SeedingGraph,
} from './seeding-graph';
import { parseSourceRef, type SourceRef } from './source-ref';

export interface ResolveSeedingGraphInput {
  options: SeedingOptions;
  recipes: readonly RecipeInput[];
  /** lock of each outside source, keyed by its source ref (`seed:debian`, `published:wolfi`) */
  locks: Record<string, SourceLock>;
  archs: readonly Arch[];
  /** which cycle rule to apply; only the cycle-rule benchmark sets it */
  cycleRule?: CycleRuleName;
}

/** A resolution or a failure, for one arch, before archs are merged. */
type Outcome =
  | { ok: true; resolution: Resolution; found: string; neutral: boolean }
  | { ok: false; problem: ProblemDraft; found: string; neutral: boolean };

/** A project's outcomes per arch; `allArchs` when one arch's outcomes hold for every arch. */
interface ProjectOutcomes {
  perArch: Map<Arch, Outcome[]>;
  allArchs: boolean;
}

/** A project's resolutions and problems, each once with the archs it holds for. */
interface MergedOutcomes {
  resolutions: Resolution[];
  problems: ResolutionProblem[];
}

interface ProblemDraft {
  kind: 'no-provider' | 'cycle';
  project: string;
  stage: string;
  need: NeededName;
  dependency: string;
  via: ClosureStep[];
  tried: PassedOver[];
  cycle?: string[];
}

interface Request {
  dep: Dependency;
  root: NeededName;
  via: ClosureStep[];
  skipSelf: boolean;
  /** set for a locked package's dependencies: they resolve inside that lock only */
  lock?: SourceRef;
}

export function resolveSeedingGraph(input: ResolveSeedingGraphInput): SeedingGraph {
  const rule = input.cycleRule ?? DEFAULT_CYCLE_RULE;
  const archs = [...input.archs];
  const recipes = [...input.recipes].sort((a, b) => compareStrings(a.project, b.project));
  const problems: ResolutionProblem[] = [];
  const stagesByName = new Map(input.options.stages.map((s) => [s.name, s]));
  const declared = recipes.filter((r) => {
    if (stagesByName.has(r.stage)) return true;
    problems.push(
      new UnknownStageError(r.project, r.stage, { file: r.summary.file, line: 0, column: 0 }, 'stage', archs,
        `recipe is in stage "${r.stage}", which the nx-melange options do not declare (stages: ${input.options.stages.map((s) => s.name).join(', ')})`),
    );
    return false;
  });
  const indexes: ProviderIndexes = {
    stages: indexStageProviders(declared),
    locks: indexLockProviders(input.locks),
    neutralLocks: findArchNeutralLocks(input.locks, archs),
    inLock: new Map(),
  };
  const contexts = declared.map((r) => makeContext(r, input.options, archs, problems));
  const cache: NameCache = new Map();

  // merged as soon as resolved: the per-arch outcomes die young instead of waiting for the second pass
  const resolve = (ctx: ProjectContext) => mergeArchs(resolveProject(ctx, archs, indexes, cache), archs);
  const resolved = new Map(contexts.map((ctx) => [ctx.input.project, resolve(ctx)]));
  const redirects = chooseRedirects(contexts, resolved, rule);
  const redirectsFrom = new Map<string, Redirect[]>();
  for (const r of redirects) redirectsFrom.set(r.source, [...(redirectsFrom.get(r.source) ?? []), r]);
  for (const ctx of contexts) {
    const moved = redirectsFrom.get(ctx.input.project);
    if (!moved) continue;
    ctx.redirected = new Map(moved.map((r) => [r.target, { cycle: r.cycle, rule: r.rule }]));
    resolved.set(ctx.input.project, resolve(ctx));
  }

  const resolutions: Resolution[] = [];
  for (const ctx of contexts) {
    const merged = resolved.get(ctx.input.project)!;
    resolutions.push(...merged.resolutions);
    problems.push(...merged.problems);
  }
  const files = new Map(contexts.map((c) => [c.input.project, c.input.summary.file]));
  return { ...collectEdges(resolutions, files), problems, redirects, resolutions };
}

function makeContext(input: RecipeInput, options: SeedingOptions, archs: Arch[], problems: ResolutionProblem[]): ProjectContext {
  const stage = options.stages.find((s) => s.name === input.stage)!;
  let refs = stage.sources;
  const listed = input.summary.repositories;
  if (listed.length > 0) {
    const mapped = new Set<string>();
    listed.forEach((url, i) => {
      const position = { file: input.summary.file, line: 0, column: 0 };
      const field = `environment.contents.repositories[${i}]`;
      const ref = options.repositories[url];
      if (ref === undefined) {
        problems.push(new RepositoryError(input.project, input.stage, position, field, archs,
          `repository "${url}" is not in the nx-melange "repositories" option, so stagecraft cannot tell which source it is`));
      } else if (!stage.sources.includes(ref)) {
        problems.push(new RepositoryError(input.project, input.stage, position, field, archs,
          `repository "${url}" maps to "${ref}", which stage ${stage.name} does not draw from (sources: ${stage.sources.join(', ')})`));
      } else {
        mapped.add(ref);
      }
    });
    // a recipe that names its repositories draws only from them, in the stage's order
    refs = stage.sources.filter((ref) => mapped.has(ref));
  }
  return { input, sources: refs.map(parseSourceRef), redirected: new Map(), sourcesKey: `${input.stage}\0${refs.join('\0')}` };
}

/**
 * All of one project's resolutions, per arch, closure included. Most recipes and most names do
 * not depend on the arch; when nothing consulted for the first arch did, its outcomes are the
 * answer for every arch, which halves the work on a two-arch tree.
 */
function resolveProject(ctx: ProjectContext, archs: Arch[], indexes: ProviderIndexes, cache: NameCache): ProjectOutcomes {
  const perArch = new Map<Arch, Outcome[]>();
  const summary = ctx.input.summary;
  const sameNeedsEverywhere =
    summary.targetArchitecture.length === 0 && summary.needs.every((n) => n.conflict || archs.every((a) => n.archs.includes(a)));
  for (const arch of archs) {
    const outcomes = buildsForArch(ctx, arch) ? resolveProjectForArch(ctx, arch, indexes, cache) : [];
    perArch.set(arch, outcomes);
    if (perArch.size === 1 && sameNeedsEverywhere && outcomes.every((o) => o.neutral)) return { perArch, allArchs: true };
  }
  return { perArch, allArchs: false };
}

function resolveProjectForArch(ctx: ProjectContext, arch: Arch, indexes: ProviderIndexes, cache: NameCache): Outcome[] {
  const shared = (skipSelf: boolean) => {
    const key = `${ctx.sourcesKey}\0${arch}\0${skipSelf}`;
    let names = cache.get(key);
    if (!names) cache.set(key, (names = new Map()));
    return names;
  };
  const sharedBySkip = [shared(false), shared(true)] as const;
  const outcomes: Outcome[] = [];
  const queue: Request[] = [];
  // names already asked for, per way of asking (lock it resolves in, self skipped or not)
  const requested = new Map<string, Set<string>>();
  const requestedIn = (skipSelf: boolean, lock: SourceRef | undefined) => {
    const key = `${lock?.ref ?? ''}\0${skipSelf}`;
    let names = requested.get(key);
    if (!names) requested.set(key, (names = new Set()));
    return names;
  };
  const direct = requestedIn(false, undefined);
  for (const need of ctx.input.summary.needs) {
    if (need.conflict || !need.archs.includes(arch)) continue;
    queue.push({ dep: need, root: need, via: [], skipSelf: false });
    direct.add(need.raw);
  }
  const expanded = [new Set<string>(), new Set<string>()] as const;
  for (let i = 0; i < queue.length; i++) {
    const request = queue[i]!;
    const outcome = request.lock
      ? resolveLockedRequest(ctx, request, arch, indexes)
      : resolveRequest(sharedBySkip[request.skipSelf ? 1 : 0], ctx, request, arch, indexes);
    if (!outcome) continue;
    outcomes.push(outcome.outcome);
    const chosen = outcome.next;
    if (!chosen) continue;
    const seen = expanded[chosen.skipSelf ? 1 : 0];
    if (seen.has(chosen.key)) continue;
    seen.add(chosen.key);
    // one chain array for all of a package's dependencies: closures are large and mostly shared
    const via = [...request.via, chosen.step];
    const asked = requestedIn(chosen.skipSelf, chosen.lock);
    for (const dep of chosen.runtime) {
      if (dep.conflict || asked.has(dep.raw)) continue;
      asked.add(dep.raw);
      queue.push({ dep, root: request.root, via, skipSelf: chosen.skipSelf, lock: chosen.lock });
    }
  }
  return outcomes;
}

interface Expansion {
  key: string;
  runtime: Dependency[];
  skipSelf: boolean;
  lock?: SourceRef;
  step: ClosureStep;
}

function resolveRequest(
  shared: SharedOutcomes,
  ctx: ProjectContext,
  request: Request,
  arch: Arch,
  indexes: ProviderIndexes,
): { outcome: Outcome; next?: Expansion } {
  const { dep, root, via } = request;
  const found = resolveNameShared(shared, ctx, dep, arch, request.skipSelf, indexes);
  if (!found.chosen) {
    const base = { project: ctx.input.project, stage: ctx.input.stage, need: root, dependency: dep.raw, via };
    const problem: ProblemDraft = found.redirect
      ? { ...base, kind: 'cycle', tried: found.passedOver, cycle: found.redirect.cycle }
      : { ...base, kind: 'no-provider', tried: found.passedOver };
    return { outcome: { ok: false, problem, found: found.identity, neutral: found.neutral } };
  }
  const { source, provider } = found.chosen;
  const resolution = makeResolution(ctx, request, source, provider, found.passedOver, found.redirect);
  const isLocked = source.kind === 'seed' || source.kind === 'published';
  return {
    outcome: { ok: true, resolution, found: found.identity, neutral: found.neutral },
    next: {
      key: found.chosen.key,
      runtime: found.chosen.runtime,
      skipSelf: request.skipSelf || found.redirect !== undefined,
      lock: isLocked ? source : undefined,
      step: { dependency: dep.raw, package: provider.package, from: provider.kind === 'project' ? provider.project : source.ref },
    },
  };
}

function resolveLockedRequest(
  ctx: ProjectContext,
  request: Request,
  arch: Arch,
  indexes: ProviderIndexes,
): { outcome: Outcome; next?: Expansion } | undefined {
  const source = request.lock!;
  const chosen = resolveInLock(source, request.dep, arch, indexes);
  if (!chosen) return undefined;
  return {
    outcome: {
      ok: true,
      resolution: makeResolution(ctx, request, source, chosen.provider, [], undefined),
      found: chosen.key,
      neutral: indexes.neutralLocks.has(source.ref),
    },
    next: {
      key: chosen.key,
      runtime: chosen.runtime,
      skipSelf: request.skipSelf,
      lock: source,
      step: { dependency: request.dep.raw, package: chosen.provider.package, from: source.ref },
    },
  };
}

function makeResolution(
  ctx: ProjectContext,
  request: Request,
  source: SourceRef,
  provider: Resolution['provider'],
  passedOver: PassedOver[],
  redirect: CycleRedirect | undefined,
): Resolution {
  const { dep, root, via } = request;
  const resolution: Resolution = {
    project: ctx.input.project,
    archs: [],
    stage: ctx.input.stage,
    name: dep.name,
    dependency: dep.raw,
    field: root.field,
    position: root.position,
    via,
    source: source.ref,
    kind: source.kind,
    provider,
    passedOver,
  };
  if (root.pipeline !== undefined) resolution.pipeline = root.pipeline;
  if (redirect) resolution.redirect = redirect;
  return resolution;
}

/** Equal strings for equal outcomes of one need on different archs. */
function outcomeIdentity(o: Outcome): string {
  const { field, via, dependency } = o.ok ? o.resolution : { field: o.problem.need.field, via: o.problem.via, dependency: o.problem.dependency };
  return `${field}\0${via.map((s) => `${s.from}\u0001${s.package}\u0001${s.dependency}`).join('\u0002')}\0${dependency}\0${o.found}`;
}

function buildsForArch(ctx: ProjectContext, arch: Arch): boolean {
  const limited = ctx.input.summary.targetArchitecture;
  return limited.length === 0 || limited.includes(arch);
}

/** The cycle rule, applied per stage to the first pass's self edges (union over archs). */
function chooseRedirects(contexts: ProjectContext[], firstPass: Map<string, MergedOutcomes>, rule: CycleRuleName): Redirect[] {
  const selfEdges = new Map<string, [string, string][]>();
  for (const ctx of contexts) {
    const targets = new Set<string>();
    for (const r of firstPass.get(ctx.input.project)!.resolutions) {
      if (r.kind === 'self' && r.provider.kind === 'project') targets.add(r.provider.project);
    }
    if (targets.size === 0) continue;
    let edges = selfEdges.get(ctx.input.stage);
    if (!edges) selfEdges.set(ctx.input.stage, (edges = []));
    for (const target of targets) edges.push([ctx.input.project, target]);
  }
  const redirects: Redirect[] = [];
  for (const stage of [...selfEdges.keys()].sort(compareStrings)) {
    for (const b of breakCycles(selfEdges.get(stage)!, rule)) redirects.push({ ...b, stage, rule });
  }
  return redirects.sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.target, b.target));
}

/** One record per distinct outcome, with the archs it holds for. */
function mergeArchs({ perArch, allArchs }: ProjectOutcomes, archs: Arch[]): MergedOutcomes {
  if (allArchs) return withArchs([...perArch.values()][0]!, archs);
  const resolutions = new Map<string, Resolution>();
  const drafts = new Map<string, { draft: ProblemDraft; archs: Arch[] }>();
  for (const arch of archs) {
    for (const o of perArch.get(arch) ?? []) {
      if (o.ok) {
        const r = o.resolution;
        const identity = outcomeIdentity(o);
        const seen = resolutions.get(identity);
        if (seen) seen.archs.push(arch);
        else resolutions.set(identity, { ...r, archs: [arch] });
      } else {
        const d = o.problem;
        const identity = outcomeIdentity(o);
        const seen = drafts.get(identity);
        if (seen) seen.archs.push(arch);
        else drafts.set(identity, { draft: d, archs: [arch] });
      }
    }
  }
  const problems = [...drafts.values()].map(({ draft, archs: on }) => makeProblem(draft, on, archs));
  const merged = [...resolutions.values()];
  // a list grown by push keeps room for 17 archs; one that holds everywhere shares the full list, as withArchs does
  for (const r of merged) if (r.archs.length > 1) r.archs = r.archs.length === archs.length ? archs : r.archs.slice();
  return { resolutions: merged, problems };
}

function withArchs(outcomes: Outcome[], archs: Arch[]): MergedOutcomes {
  const resolutions: Resolution[] = [];
  const problems: ResolutionProblem[] = [];
  for (const o of outcomes) {
    if (o.ok) {
      // one shared arch list: these records are never merged further, and there are many
      o.resolution.archs = archs;
      resolutions.push(o.resolution);
    }
    else problems.push(makeProblem(o.problem, archs, archs));
  }
  return { resolutions, problems };
}

function makeProblem(d: ProblemDraft, on: Arch[], archs: Arch[]): ResolutionProblem {
  return d.kind === 'cycle'
    ? new CycleError(d.project, d.stage, d.need.position, d.need.field, on, archs, d.dependency, d.via, d.cycle!, d.tried)
    : new NoProviderError(d.project, d.stage, d.need.position, d.need.field, on, archs, d.dependency, d.via, d.tried);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
