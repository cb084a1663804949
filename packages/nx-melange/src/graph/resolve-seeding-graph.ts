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
 *
 * Two answers from the same walk: resolveSeedingGraph explains every name (what `stagecraft why`
 * and the seed audit read); resolveSeedingEdges gives only the project edges and problems, which
 * is all the Nx plugin needs and, at Wolfi scale, a fraction of the cost.
 */
import type { Arch, SourceLock } from '@stagecraft/melange-config';
import { breakCycles, DEFAULT_CYCLE_RULE, type CycleRuleName } from './break-cycles';
import { collectEdges } from './collect-edges';
import { findArchNeutralLocks, indexLockProviders, indexStageProviders } from './index-providers';
import { explainProject, projectTargets, type MergedProject } from './merge-outcomes';
import type { NameCache, ProjectContext, ProviderIndexes } from './resolve-name';
import { RepositoryError, UnknownStageError, type ResolutionProblem } from './resolution-problems';
import type { SeedingOptions } from './seeding-options';
import type { RecipeInput, Redirect, Resolution, SeedingEdge, SeedingEdges, SeedingGraph } from './seeding-graph';
import { parseSourceRef } from './source-ref';
import { walkProject, type ProjectOutcomes, type WalkOptions } from './walk-project';

export interface ResolveSeedingGraphInput {
  options: SeedingOptions;
  recipes: readonly RecipeInput[];
  /** lock of each outside source, keyed by its source ref (`seed:debian`, `published:wolfi`) */
  locks: Record<string, SourceLock>;
  archs: readonly Arch[];
  /** which cycle rule to apply; only the cycle-rule benchmark sets it */
  cycleRule?: CycleRuleName;
}

export function resolveSeedingGraph(input: ResolveSeedingGraphInput): SeedingGraph {
  const { contexts, merged, problems, redirects } = resolveInTwoPasses(input, explainProject, { lockClosures: true });
  const resolutions: Resolution[] = [];
  for (const ctx of contexts) {
    const project = merged.get(ctx.input.project)!;
    resolutions.push(...project.resolutions);
    problems.push(...project.problems);
  }
  const files = new Map(contexts.map((c) => [c.input.project, c.input.summary.file]));
  return { ...collectEdges(resolutions, files), problems, redirects, resolutions };
}

/** resolveSeedingGraph's edges without their resolutions, its problems and redirects: what Nx needs. */
export function resolveSeedingEdges(input: ResolveSeedingGraphInput): SeedingEdges {
  // A locked package's runtime closure stays inside its lock (resolveLockedRequest): it holds no
  // project to draw an edge to, and no problem, so the edges skip walking it.
  const { contexts, merged, problems, redirects } = resolveInTwoPasses(input, (_ctx, outcomes, archs) => projectTargets(outcomes, archs), {
    lockClosures: false,
  });
  const edges: SeedingEdge[] = [];
  for (const ctx of contexts) {
    const { targets, problems: found } = merged.get(ctx.input.project)!;
    // targets are distinct, and the default sort orders strings by code unit, as the explained graph does
    for (const target of [...targets.keys()].sort()) {
      edges.push({ source: ctx.input.project, target, sourceFile: ctx.input.summary.file, archs: targets.get(target)! });
    }
    problems.push(...found);
  }
  return { edges, problems, redirects };
}

type MergeProject<T extends MergedProject> = (ctx: ProjectContext, outcomes: ProjectOutcomes, archs: Arch[]) => T;

function resolveInTwoPasses<T extends MergedProject>(
  input: ResolveSeedingGraphInput,
  merge: MergeProject<T>,
  walk: WalkOptions,
): { contexts: ProjectContext[]; merged: Map<string, T>; problems: ResolutionProblem[]; redirects: Redirect[] } {
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

  // merged as soon as walked: the per-arch outcomes die young instead of waiting for the second pass
  const resolve = (ctx: ProjectContext) => merge(ctx, walkProject(ctx, archs, indexes, cache, walk), archs);
  const merged = new Map(contexts.map((ctx) => [ctx.input.project, resolve(ctx)]));
  const redirects = chooseRedirects(contexts, merged, rule);
  const redirectsFrom = new Map<string, Redirect[]>();
  for (const r of redirects) redirectsFrom.set(r.source, [...(redirectsFrom.get(r.source) ?? []), r]);
  for (const ctx of contexts) {
    const moved = redirectsFrom.get(ctx.input.project);
    if (!moved) continue;
    ctx.redirected = new Map(moved.map((r) => [r.target, { cycle: r.cycle, rule: r.rule }]));
    merged.set(ctx.input.project, resolve(ctx));
  }
  return { contexts, merged, problems, redirects };
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

/** The cycle rule, applied per stage to the first pass's self edges (union over archs). */
function chooseRedirects(contexts: ProjectContext[], firstPass: Map<string, MergedProject>, rule: CycleRuleName): Redirect[] {
  const selfEdges = new Map<string, [string, string][]>();
  for (const ctx of contexts) {
    const targets = firstPass.get(ctx.input.project)!.selfTargets;
    if (targets.size === 0) continue;
    let edges = selfEdges.get(ctx.input.stage);
    if (!edges) selfEdges.set(ctx.input.stage, (edges = []));
    // forEach, not for-of: a first run is mostly unoptimised code, where for-of allocates per step
    targets.forEach((target) => edges!.push([ctx.input.project, target]));
  }
  const redirects: Redirect[] = [];
  for (const stage of [...selfEdges.keys()].sort(compareStrings)) {
    for (const b of breakCycles(selfEdges.get(stage)!, rule)) redirects.push({ ...b, stage, rule });
  }
  return redirects.sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.target, b.target));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
