/**
 * Nx's createDependencies for the seeding graph: the summaries of the recipes createNodes
 * named in project metadata, the plugin options and the seed/published locks go to the pure resolver, and its
 * edges come back as Nx dependencies.
 *
 * Edges are `implicit`, not `static` with the recipe as sourceFile, for two measured reasons:
 * - Nx caches a static edge under its source file (file-map.json) and re-uses it for as long as
 *   that file is unchanged. A seeding edge depends on the whole tree — adding a provider to an
 *   earlier source moves edges of recipes that did not change — so static edges would go stale
 *   (tested: an edge the plugin no longer returns stays in the graph).
 * - In the flat layout the recipe `os/curl.yaml` is outside root `os/curl`, so as a sourceFile it
 *   costs Nx a scan of every unowned file per edge (docs/nx24.md §9: +4.6 s for 30,000 edges).
 * Nx draws implicit edges dashed in `nx graph`; ordering, `^build` and affected treat them like
 * any other edge.
 *
 * The result is cached for an unchanged tree (seeding-graph-cache.ts).
 *
 * Problems (a name no source provides, a cycle with nowhere to redirect, an unreadable lock)
 * never reach Nx as broken edges, and never blank the graph: they are printed once per graph
 * computation, and kept with the cached graph in Nx's workspace data
 * (stagecraft-seeding-graph.json). They are deliberately not copied into project metadata:
 * that takes a createMetadata hook, to which Nx sends the whole project graph over the worker
 * IPC — 1.6 s per command at Wolfi scale, for a list that is usually empty.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DependencyType,
  type CreateDependenciesContext,
  type RawProjectGraphDependency,
} from '@nx/devkit';
import { ARCHS, type RecipeSummary, type SourceLock } from '@stagecraft/melange-config';
import { normalizeSeedingOptions, resolveSeedingGraph, type RecipeInput, type SeedingOptions } from '../graph';
import { readStagecraftMetadata, type StagecraftProjectMetadata } from './recipe-project';
import {
  readSeedingGraphCache,
  seedingGraphKey,
  writeSeedingGraphCache,
  type CachedSeedingGraph,
} from './seeding-graph-cache';

/** A lock file named in the options cannot be read; its source then provides nothing. */
export class LockFileError extends Error {
  constructor(
    readonly optionPath: string,
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason} (lock of ${optionPath} in the nx-melange options); that source provides nothing until it is fixed`);
    this.name = 'LockFileError';
  }
}

export interface SeedingDependencies {
  edges: RawProjectGraphDependency[];
  /** messages per project; `''` holds the problems that belong to no project */
  problems: Map<string, string[]>;
}

/** Where the resolved graph is cached, and the resolver code that is part of its key. */
export interface SeedingGraphCacheOptions {
  file: string | undefined;
  resolverDir: string;
}

export function resolveSeedingDependencies(
  rawOptions: unknown,
  context: Pick<CreateDependenciesContext, 'projects' | 'workspaceRoot'>,
  summaryOf: (metadata: StagecraftProjectMetadata) => RecipeSummary,
  cache: SeedingGraphCacheOptions,
): SeedingDependencies {
  const options = normalizeSeedingOptions(rawOptions);
  const recipeProjects: [string, StagecraftProjectMetadata][] = [];
  for (const [project, configuration] of Object.entries(context.projects)) {
    const metadata = readStagecraftMetadata(configuration);
    if (metadata !== undefined) recipeProjects.push([project, metadata]);
  }
  const locks = readLockFiles(context.workspaceRoot, options);
  const key = seedingGraphKey({
    options: rawOptions,
    recipes: recipeProjects.map(([project, metadata]) => [project, metadata.stage, metadata.summaryKey]),
    locks: locks.map((lock) => [lock.ref, 'text' in lock ? lock.text : `unreadable: ${lock.error.message}`]),
    resolverDir: cache.resolverDir,
  });
  let resolved = readSeedingGraphCache(cache.file, key);
  if (resolved === undefined) {
    resolved = resolve(options, recipeProjects, locks, summaryOf);
    writeSeedingGraphCache(cache.file, key, resolved);
  }

  const problems = new Map<string, string[]>(resolved.problems.map(([project, messages]) => [project, [...messages]]));
  const edges: RawProjectGraphDependency[] = [];
  for (const [source, target] of resolved.edges) {
    // One invalid edge would make Nx drop every edge after it (docs/nx24.md §0.10).
    if (source === target || !context.projects[source] || !context.projects[target]) {
      addProblem(problems, source, `internal error: the resolver produced an edge ${source} → ${target} that Nx cannot take; it was left out`);
      continue;
    }
    edges.push({ source, target, type: DependencyType.implicit });
  }
  return { edges, problems };
}

function resolve(
  options: SeedingOptions,
  recipeProjects: [string, StagecraftProjectMetadata][],
  lockFiles: LockFile[],
  summaryOf: (metadata: StagecraftProjectMetadata) => RecipeSummary,
): CachedSeedingGraph {
  const problems = new Map<string, string[]>();
  const locks: Record<string, SourceLock> = {};
  for (const lock of lockFiles) {
    if ('text' in lock) {
      try {
        locks[lock.ref] = JSON.parse(lock.text.toString('utf8')) as SourceLock;
        continue;
      } catch (error) {
        addProblem(problems, '', new LockFileError(lock.optionPath, lock.file, `not JSON: ${(error as Error).message}`).message);
        continue;
      }
    }
    addProblem(problems, '', lock.error.message);
  }
  const recipes: RecipeInput[] = recipeProjects.map(([project, metadata]) => ({
    project,
    stage: metadata.stage,
    summary: summaryOf(metadata),
  }));
  const graph = resolveSeedingGraph({ options, recipes, locks, archs: ARCHS });
  for (const problem of graph.problems) addProblem(problems, problem.project, problem.message);
  return { edges: graph.edges.map((edge) => [edge.source, edge.target]), problems: [...problems] };
}

function addProblem(problems: Map<string, string[]>, project: string, message: string): void {
  const list = problems.get(project) ?? [];
  list.push(message);
  problems.set(project, list);
}

type LockFile =
  | { ref: string; optionPath: string; file: string; text: Buffer }
  | { ref: string; optionPath: string; file: string; error: LockFileError };

function readLockFiles(workspaceRoot: string, options: SeedingOptions): LockFile[] {
  const sources = [
    ...Object.entries(options.seeds).map(([name, spec]) => ({ ref: `seed:${name}`, optionPath: `seeds.${name}.lock`, file: spec.lock })),
    ...Object.entries(options.published).map(([name, spec]) => ({
      ref: `published:${name}`,
      optionPath: `published.${name}.lock`,
      file: spec.lock,
    })),
  ];
  return sources.map((source) => {
    try {
      return { ...source, text: readFileSync(join(workspaceRoot, source.file)) };
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      return { ...source, error: new LockFileError(source.optionPath, source.file, reason) };
    }
  });
}

export function formatProblems(problems: Map<string, string[]>): string | undefined {
  const messages = [...problems.values()].flat();
  if (messages.length === 0) return undefined;
  const count = messages.length === 1 ? '1 problem' : `${messages.length} problems`;
  return `nx-melange: ${count} in the seeding graph; the graph keeps every other edge, and builds of the projects named here will fail until they are fixed:\n${messages.map((m) => `  ${m}`).join('\n')}\n`;
}
