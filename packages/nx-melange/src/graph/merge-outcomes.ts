/**
 * One project's per-arch outcomes merged over archs: each distinct outcome once, with the archs
 * it holds for. The explained graph turns them into Resolution records; the edge list keeps
 * only the providing projects. Both read the same merge, so they cannot disagree.
 */
import type { Arch } from '@stagecraft/melange-config';
import type { ProjectContext } from './resolve-name';
import { CycleError, NoProviderError, type ResolutionProblem } from './resolution-problems';
import type { Resolution } from './seeding-graph';
import { closureSteps, type ChosenOutcome, type Outcome, type ProblemDraft, type ProjectOutcomes } from './walk-project';

/** What the two passes need of a project's merged outcomes: the projects it takes from self. */
export interface MergedProject {
  selfTargets: ReadonlySet<string>;
  problems: ResolutionProblem[];
}

export interface ExplainedProject extends MergedProject {
  resolutions: Resolution[];
}

export interface ProjectTargets extends MergedProject {
  /** providing project → archs, in the order the explained graph's edges list them */
  targets: Map<string, Arch[]>;
}

/** The project's Resolution records, as the explained graph and `stagecraft why` read them. */
export function explainProject(ctx: ProjectContext, outcomes: ProjectOutcomes, archs: Arch[]): ExplainedProject {
  const resolutions: Resolution[] = [];
  const selfTargets = new Set<string>();
  const problems = mergeOutcomes(outcomes, archs, (o, on) => {
    resolutions.push(makeResolution(ctx, o, on));
    noteSelfTarget(selfTargets, o);
  });
  return { resolutions, selfTargets, problems };
}

/** Only the projects the project takes packages from, and the archs it does on. */
export function projectTargets(outcomes: ProjectOutcomes, archs: Arch[]): ProjectTargets {
  const targets = new Map<string, Arch[]>();
  const selfTargets = new Set<string>();
  const problems = mergeOutcomes(outcomes, archs, (o, on) => {
    const p = o.chosen.provider;
    if (p.kind !== 'project') return;
    // lists at final length, as the explained graph's edges have them
    const known = targets.get(p.project);
    if (!known) targets.set(p.project, on.slice());
    else if (known.length < archs.length) {
      const more = on.filter((a) => !known.includes(a));
      if (more.length > 0) targets.set(p.project, [...known, ...more]);
    }
    noteSelfTarget(selfTargets, o);
  });
  return { targets, selfTargets, problems };
}

function noteSelfTarget(selfTargets: Set<string>, o: ChosenOutcome): void {
  const p = o.chosen.provider;
  if (o.chosen.source.kind === 'self' && p.kind === 'project') selfTargets.add(p.project);
}

/**
 * Calls `visit` once per distinct chosen outcome, in order of first appearance (arch by arch),
 * with the archs it holds for, and returns the problems merged the same way.
 */
function mergeOutcomes({ perArch, allArchs }: ProjectOutcomes, archs: Arch[], visit: (o: ChosenOutcome, on: Arch[]) => void): ResolutionProblem[] {
  if (allArchs) {
    const problems: ResolutionProblem[] = [];
    // one shared arch list: these records are never merged further, and there are many
    const outcomes = perArch.get(archs[0]!)!;
    // indexed loops: a first run is mostly unoptimised code, where for-of allocates per step
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      if (o.ok) visit(o, archs);
      else problems.push(makeProblem(o.problem, archs, archs));
    }
    return problems;
  }
  const chosen = new Map<string, { outcome: ChosenOutcome; on: Arch[] }>();
  const drafts = new Map<string, { draft: ProblemDraft; on: Arch[] }>();
  for (const arch of archs) {
    const outcomes = perArch.get(arch) ?? [];
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      const identity = outcomeIdentity(o);
      const seen = o.ok ? chosen.get(identity) : drafts.get(identity);
      if (seen) seen.on.push(arch);
      else if (o.ok) chosen.set(identity, { outcome: o, on: [arch] });
      else drafts.set(identity, { draft: o.problem, on: [arch] });
    }
  }
  // a list grown by push keeps room for 17 archs; one that holds everywhere shares the full list
  for (const { outcome, on } of chosen.values()) visit(outcome, on.length === 1 ? on : on.length === archs.length ? archs : on.slice());
  return [...drafts.values()].map(({ draft, on }) => makeProblem(draft, on, archs));
}

/** Equal strings for equal outcomes of one need on different archs. */
function outcomeIdentity(o: Outcome): string {
  const { field, via, dependency } = o.ok
    ? { field: o.request.root.field, via: closureSteps(o.request.via), dependency: o.request.dep.raw }
    : { field: o.problem.need.field, via: o.problem.via, dependency: o.problem.dependency };
  return `${field}\0${via.map((s) => `${s.from}\u0001${s.package}\u0001${s.dependency}`).join('\u0002')}\0${dependency}\0${o.found}`;
}

function makeResolution(ctx: ProjectContext, o: ChosenOutcome, archs: Arch[]): Resolution {
  const { dep, root, via } = o.request;
  const { source, provider } = o.chosen;
  const resolution: Resolution = {
    project: ctx.input.project,
    archs,
    stage: ctx.input.stage,
    name: dep.name,
    dependency: dep.raw,
    field: root.field,
    position: root.position,
    via: closureSteps(via),
    source: source.ref,
    kind: source.kind,
    provider,
    passedOver: o.passedOver,
  };
  if (root.pipeline !== undefined) resolution.pipeline = root.pipeline;
  if (o.redirect) resolution.redirect = o.redirect;
  return resolution;
}

function makeProblem(d: ProblemDraft, on: Arch[], archs: Arch[]): ResolutionProblem {
  return d.kind === 'cycle'
    ? new CycleError(d.project, d.stage, d.need.position, d.need.field, on, archs, d.dependency, d.via, d.cycle!, d.tried)
    : new NoProviderError(d.project, d.stage, d.need.position, d.need.field, on, archs, d.dependency, d.via, d.tried);
}
