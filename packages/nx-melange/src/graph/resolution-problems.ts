/**
 * What can go wrong while resolving, as values: the resolver collects them and keeps going, so
 * one bad recipe never blanks the graph. Each message starts with file:line:column and the
 * field path, so an editor can jump to it.
 */
import type { Arch, SourcePosition } from '@stagecraft/melange-config';
import type { ClosureStep, PassedOver } from './seeding-graph';

export abstract class ResolutionProblem extends Error {
  abstract readonly code: string;
  constructor(
    readonly project: string,
    readonly stage: string,
    readonly position: SourcePosition,
    readonly field: string,
    readonly archs: Arch[],
    detail: string,
  ) {
    super(`${formatPosition(position)}: ${field}: ${detail}`);
  }
}

function formatPosition(p: SourcePosition): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
}

function describeNeed(dependency: string, via: ClosureStep[]): string {
  if (via.length === 0) return `build dependency "${dependency}"`;
  const chain = via.map((s) => s.package);
  const through = chain.length > 1 ? ` (through ${chain.slice(0, -1).join(' → ')})` : '';
  return `runtime dependency "${dependency}" of ${chain[chain.length - 1]}${through}`;
}

function archNote(archs: Arch[], all: Arch[]): string {
  return archs.length < all.length ? ` on ${archs.join(', ')}` : '';
}

/** No source of the stage offers the name (at a version meeting its constraint). */
export class NoProviderError extends ResolutionProblem {
  readonly code = 'no-provider';
  override name = 'NoProviderError';
  constructor(
    project: string,
    stage: string,
    position: SourcePosition,
    field: string,
    archs: Arch[],
    allArchs: Arch[],
    readonly dependency: string,
    readonly via: ClosureStep[],
    readonly tried: PassedOver[],
  ) {
    super(
      project,
      stage,
      position,
      field,
      archs,
      `${describeNeed(dependency, via)} has no provider in ${stage}${archNote(archs, allArchs)} (sources tried: ${tried.map((t) => t.source).join(', ') || 'none'})`,
    );
  }
}

/** The cycle rule moved an edge past `self`, and no later source offers the name. */
export class CycleError extends ResolutionProblem {
  readonly code = 'cycle';
  override name = 'CycleError';
  constructor(
    project: string,
    stage: string,
    position: SourcePosition,
    field: string,
    archs: Arch[],
    allArchs: Arch[],
    readonly dependency: string,
    readonly via: ClosureStep[],
    readonly cycle: string[],
    readonly tried: PassedOver[],
  ) {
    super(
      project,
      stage,
      position,
      field,
      archs,
      `${describeNeed(dependency, via)} would close the cycle ${cycle.join(' → ')} and no source after self in ${stage} provides it${archNote(archs, allArchs)} (sources tried: ${tried.map((t) => t.source).join(', ')}); add it to a source after self (a previous stage, a seed or a published repository)`,
    );
  }
}

/** A recipe's environment.contents.repositories entry that the options do not map, or map outside its stage. */
export class RepositoryError extends ResolutionProblem {
  readonly code = 'repository';
  override name = 'RepositoryError';
}

/** A recipe sits in a stage the options do not declare. */
export class UnknownStageError extends ResolutionProblem {
  readonly code = 'unknown-stage';
  override name = 'UnknownStageError';
}
