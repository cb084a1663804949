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
import { breakCycles, DEFAULT_CYCLE_RULE, type CycleRuleName } from './break-cycles';
import { indexLockProviders, indexStageProviders } from './index-providers';
import { resolveInLock, resolveName, type ProjectContext, type ProviderIndexes } from './resolve-name';
import { CycleError, NoProviderError, RepositoryError, UnknownStageError, type ResolutionProblem } from './resolution-problems';
import type { SeedingOptions } from './seeding-options';
import type {
  ClosureStep,
  CycleRedirect,
  ExternalUse,
  PassedOver,
  RecipeInput,
  Redirect,
  Resolution,
  ResolvedEdge,
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
  | { ok: true; resolution: Omit<Resolution, 'archs'> }
  | { ok: false; problem: ProblemDraft };

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
  const indexes: ProviderIndexes = { stages: indexStageProviders(declared), locks: indexLockProviders(input.locks) };
  const contexts = declared.map((r) => makeContext(r, input.options, archs, problems));

  const firstPass = new Map(contexts.map((ctx) => [ctx.input.project, resolveProject(ctx, archs, indexes)]));
  const redirects = chooseRedirects(contexts, firstPass, rule);
  for (const ctx of contexts) {
    const moved = redirects.filter((r) => r.source === ctx.input.project);
    if (moved.length === 0) continue;
    ctx.redirected = new Map(moved.map((r) => [r.target, { cycle: r.cycle, rule: r.rule }]));
    firstPass.set(ctx.input.project, resolveProject(ctx, archs, indexes));
  }

  const resolutions: Resolution[] = [];
  for (const ctx of contexts) {
    const merged = mergeArchs(firstPass.get(ctx.input.project)!, archs);
    resolutions.push(...merged.resolutions);
    problems.push(...merged.problems);
  }
  return { ...collectEdges(resolutions, contexts), problems, redirects, resolutions };
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
  return { input, sources: refs.map(parseSourceRef), redirected: new Map() };
}

/** All of one project's resolutions, per arch, closure included. */
function resolveProject(ctx: ProjectContext, archs: Arch[], indexes: ProviderIndexes): Map<Arch, Outcome[]> {
  const perArch = new Map<Arch, Outcome[]>();
  for (const arch of archs) {
    const outcomes: Outcome[] = [];
    perArch.set(arch, outcomes);
    if (!buildsForArch(ctx, arch)) continue;
    const queue: Request[] = [];
    const requested = new Set<string>();
    for (const need of ctx.input.summary.needs) {
      if (need.conflict || !need.archs.includes(arch)) continue;
      queue.push({ dep: need, root: need, via: [], skipSelf: false });
      requested.add(requestKey(need, false, undefined));
    }
    const expanded = new Set<string>();
    for (let i = 0; i < queue.length; i++) {
      const request = queue[i]!;
      const outcome = request.lock
        ? resolveLockedRequest(ctx, request, arch, indexes)
        : resolveRequest(ctx, request, arch, indexes);
      if (!outcome) continue;
      outcomes.push(outcome.outcome);
      const chosen = outcome.next;
      if (!chosen || expanded.has(`${chosen.skipSelf}\0${chosen.key}`)) continue;
      expanded.add(`${chosen.skipSelf}\0${chosen.key}`);
      for (const dep of chosen.runtime) {
        if (dep.conflict) continue;
        const key = requestKey(dep, chosen.skipSelf, chosen.lock);
        if (requested.has(key)) continue;
        requested.add(key);
        queue.push({ dep, root: request.root, via: [...request.via, chosen.step], skipSelf: chosen.skipSelf, lock: chosen.lock });
      }
    }
  }
  return perArch;
}

interface Expansion {
  key: string;
  runtime: Dependency[];
  skipSelf: boolean;
  lock?: SourceRef;
  step: ClosureStep;
}

function resolveRequest(
  ctx: ProjectContext,
  request: Request,
  arch: Arch,
  indexes: ProviderIndexes,
): { outcome: Outcome; next?: Expansion } {
  const { dep, root, via } = request;
  const found = resolveName(ctx, dep, arch, request.skipSelf, indexes);
  const base = { project: ctx.input.project, stage: ctx.input.stage, need: root, dependency: dep.raw, via };
  if (!found.chosen) {
    const problem: ProblemDraft = found.redirect
      ? { ...base, kind: 'cycle', tried: found.passedOver, cycle: found.redirect.cycle }
      : { ...base, kind: 'no-provider', tried: found.passedOver };
    return { outcome: { ok: false, problem } };
  }
  const { source, provider } = found.chosen;
  const resolution = makeResolution(ctx, request, source, provider, found.passedOver, found.redirect);
  const isLocked = source.kind === 'seed' || source.kind === 'published';
  return {
    outcome: { ok: true, resolution },
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
    outcome: { ok: true, resolution: makeResolution(ctx, request, source, chosen.provider, [], undefined) },
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
): Omit<Resolution, 'archs'> {
  const { dep, root, via } = request;
  const resolution: Omit<Resolution, 'archs'> = {
    project: ctx.input.project,
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

function requestKey(dep: Dependency, skipSelf: boolean, lock: SourceRef | undefined): string {
  return `${lock?.ref ?? ''}\0${skipSelf}\0${dep.raw}`;
}

function buildsForArch(ctx: ProjectContext, arch: Arch): boolean {
  const limited = ctx.input.summary.targetArchitecture;
  return limited.length === 0 || limited.includes(arch);
}

/** The cycle rule, applied per stage to the first pass's self edges (union over archs). */
function chooseRedirects(contexts: ProjectContext[], firstPass: Map<string, Map<Arch, Outcome[]>>, rule: CycleRuleName): Redirect[] {
  const selfEdges = new Map<string, Map<string, readonly [string, string]>>();
  for (const ctx of contexts) {
    for (const outcomes of firstPass.get(ctx.input.project)!.values()) {
      for (const o of outcomes) {
        if (!o.ok || o.resolution.kind !== 'self' || o.resolution.provider.kind !== 'project') continue;
        const edge = [ctx.input.project, o.resolution.provider.project] as const;
        let edges = selfEdges.get(ctx.input.stage);
        if (!edges) selfEdges.set(ctx.input.stage, (edges = new Map()));
        edges.set(`${edge[0]}\0${edge[1]}`, edge);
      }
    }
  }
  const redirects: Redirect[] = [];
  for (const stage of [...selfEdges.keys()].sort(compareStrings)) {
    for (const b of breakCycles([...selfEdges.get(stage)!.values()], rule)) redirects.push({ ...b, stage, rule });
  }
  return redirects.sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.target, b.target));
}

/** One record per distinct outcome, with the archs it holds for. */
function mergeArchs(perArch: Map<Arch, Outcome[]>, archs: Arch[]): { resolutions: Resolution[]; problems: ResolutionProblem[] } {
  const resolutions = new Map<string, Resolution>();
  const drafts = new Map<string, { draft: ProblemDraft; archs: Arch[] }>();
  for (const arch of archs) {
    for (const o of perArch.get(arch) ?? []) {
      if (o.ok) {
        const r = o.resolution;
        const key = JSON.stringify([r.field, r.via, r.dependency, r.source, r.provider, r.passedOver, r.redirect]);
        const seen = resolutions.get(key);
        if (seen) seen.archs.push(arch);
        else resolutions.set(key, { ...r, archs: [arch] });
      } else {
        const d = o.problem;
        const key = JSON.stringify([d.kind, d.need.field, d.via, d.dependency, d.tried, d.cycle]);
        const seen = drafts.get(key);
        if (seen) seen.archs.push(arch);
        else drafts.set(key, { draft: d, archs: [arch] });
      }
    }
  }
  const problems = [...drafts.values()].map(({ draft: d, archs: on }) =>
    d.kind === 'cycle'
      ? new CycleError(d.project, d.stage, d.need.position, d.need.field, on, archs, d.dependency, d.via, d.cycle!, d.tried)
      : new NoProviderError(d.project, d.stage, d.need.position, d.need.field, on, archs, d.dependency, d.via, d.tried),
  );
  return { resolutions: [...resolutions.values()], problems };
}

function collectEdges(resolutions: Resolution[], contexts: ProjectContext[]): { edges: ResolvedEdge[]; external: ExternalUse[] } {
  const files = new Map(contexts.map((c) => [c.input.project, c.input.summary.file]));
  const edges = new Map<string, ResolvedEdge>();
  const external = new Map<string, ExternalUse>();
  for (const r of resolutions) {
    const p = r.provider;
    if (p.kind === 'project') {
      const key = `${r.project}\0${p.project}`;
      let edge = edges.get(key);
      if (!edge) edges.set(key, (edge = { source: r.project, target: p.project, sourceFile: files.get(r.project)!, archs: [], resolutions: [] }));
      addArchs(edge.archs, r.archs);
      edge.resolutions.push(r);
    } else {
      const key = `${r.project}\0${r.source}\0${p.package}\0${p.version}`;
      let use = external.get(key);
      if (!use) {
        use = {
          project: r.project,
          source: r.source,
          kind: r.kind as 'seed' | 'published',
          package: p.package,
          version: p.version,
          sha256: p.sha256,
          filename: p.filename,
          archs: [],
          resolutions: [],
        };
        external.set(key, use);
      }
      addArchs(use.archs, r.archs);
      use.resolutions.push(r);
    }
  }
  return {
    edges: [...edges.values()].sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.target, b.target)),
    external: [...external.values()].sort(
      (a, b) => compareStrings(a.project, b.project) || compareStrings(a.source, b.source) || compareStrings(a.package, b.package),
    ),
  };
}

function addArchs(into: Arch[], archs: Arch[]): void {
  for (const a of archs) if (!into.includes(a)) into.push(a);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
