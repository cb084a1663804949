/**
 * Nx's createDependencies for the seeding graph: the summaries of the recipes behind the
 * projects' build targets, the plugin options and the seed/published locks go to the pure
 * resolver, and its edges come back as Nx dependencies — reduced transitively: Nx gets P → Q
 * only when no other edge of P already leads to Q. Ordering, `^build`, `nx affected` and the
 * transitive dependency-output input follow paths, so they are unchanged; the executor reads
 * the full edge list (seedingProvidersOf) and `stagecraft why` explains every edge.
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
import { join } from 'node:path';
import type { CreateDependenciesContext, DependencyType, RawProjectGraphDependency } from '@nx/devkit';
import type { Arch, RecipeSummary, SourceLock } from '@stagecraft/melange-config';
import type { resolveSeedingEdges } from '../graph/resolve-seeding-graph';
import type { RecipeInput } from '../graph/seeding-graph';
import { normalizeSeedingOptions, type SeedingOptions } from '../graph/seeding-options';
import { reduceTransitively } from '../graph/transitive-reduction';
import { FileChangedError, LOCK_KEYS_CACHE_FILE, readContentKeys, type ContentKeys } from './content-keys';
import { readRecipeProject, type RecipeProjectRef } from './recipe-project';
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

/** Where the resolved graph is cached, and the code that is part of its key. */
export interface SeedingGraphCacheOptions {
  /** the cache folder (Nx's workspace data folder); undefined runs without a cache */
  dir: string | undefined;
  /** the compiled nx-melange package (compiled-code-digest.ts) */
  codeDir: string;
}

/**
 * The resolver, handed in rather than imported: an unchanged tree never resolves, and the
 * resolver with the version ordering and recipe model it loads is most of the plugin's load
 * time, so the plugin's entry loads it only when called.
 */
export type LoadResolver = () => { resolveSeedingEdges: typeof resolveSeedingEdges; archs: readonly Arch[] };

/** A recipe project as the seeding graph takes it: its recipe and the recipe's content key. */
export interface SeedingRecipe extends RecipeProjectRef {
  project: string;
  /** `<recipe>@<content hash>`, the key of the recipe's summary (recipe-summaries.ts) */
  summaryKey: string;
}

/**
 * What the graph needs of the recipes: their content keys (a file missing from the answer could
 * not be read), and a recipe's summary by its key.
 */
export interface RecipeSource {
  keysOf: (files: readonly string[]) => ReadonlyMap<string, string>;
  summaryOf: (recipe: SeedingRecipe) => RecipeSummary;
}

type SeedingContext = Pick<CreateDependenciesContext, 'projects' | 'workspaceRoot'>;

/** Nx's dependencies: the transitive reduction of the seeding graph (seeding-graph-cache.ts says why). */
export function resolveSeedingDependencies(
  rawOptions: unknown,
  context: SeedingContext,
  recipes: RecipeSource,
  cache: SeedingGraphCacheOptions,
  loadResolver: LoadResolver,
): SeedingDependencies {
  const inputs = seedingInputs(rawOptions, context, recipes, cache);
  const resolved = readSeedingGraphCache(cache.dir, inputs.key, 'for-nx') ?? resolveAndCache(inputs, recipes, cache.dir, loadResolver);

  const problems = new Map<string, string[]>(resolved.problems.map(([project, messages]) => [project, [...messages]]));
  const edges: RawProjectGraphDependency[] = [];
  for (const [source, target] of resolved.reduced) {
    // One invalid edge would make Nx drop every edge after it (docs/nx24.md §0.10).
    if (source === target || !context.projects[source] || !context.projects[target]) {
      addProblem(problems, source, `internal error: the resolver produced an edge ${source} → ${target} that Nx cannot take; it was left out`);
      continue;
    }
    // The enum's value, without loading @nx/devkit into the plugin worker for one constant.
    edges.push({ source, target, type: 'implicit' as DependencyType.implicit });
  }
  return { edges, problems };
}

/**
 * Every project `project`'s build draws packages from — its direct seeding edges, which Nx no
 * longer holds once a path through another dependency implies them.
 */
export function seedingProvidersOf(
  project: string,
  rawOptions: unknown,
  context: SeedingContext,
  recipes: RecipeSource,
  cache: SeedingGraphCacheOptions,
  loadResolver: LoadResolver,
): string[] {
  const inputs = seedingInputs(rawOptions, context, recipes, cache);
  const { edges } = readSeedingGraphCache(cache.dir, inputs.key, 'all-edges') ?? resolveAndCache(inputs, recipes, cache.dir, loadResolver);
  return edges.filter(([source]) => source === project).map(([, target]) => target);
}

interface SeedingInputs {
  rawOptions: unknown;
  options: SeedingOptions;
  recipeProjects: SeedingRecipe[];
  locks: LockSource[];
  /** the lock files' content keys, and their bytes when the graph is resolved */
  lockContents: ContentKeys;
  key: string;
}

function seedingInputs(rawOptions: unknown, context: SeedingContext, recipes: RecipeSource, cache: SeedingGraphCacheOptions): SeedingInputs {
  const options = normalizeSeedingOptions(rawOptions);
  const refs: [string, RecipeProjectRef][] = [];
  for (const [project, configuration] of Object.entries(context.projects)) {
    const ref = readRecipeProject(configuration);
    if (ref !== undefined) refs.push([project, ref]);
  }
  const keys = recipes.keysOf(refs.map(([, ref]) => ref.recipe));
  const recipeProjects = refs.map(
    ([project, ref]): SeedingRecipe => ({ project, ...ref, summaryKey: keys.get(ref.recipe) ?? `${ref.recipe}@unreadable` }),
  );
  const locks = lockSources(options);
  const lockContents = readContentKeys(
    context.workspaceRoot,
    locks.map((lock) => lock.file),
    cache.dir === undefined ? undefined : join(cache.dir, LOCK_KEYS_CACHE_FILE),
  );
  const key = seedingGraphKey({
    options: rawOptions,
    recipes: recipeProjects.map((recipe) => [recipe.project, recipe.stage, recipe.summaryKey]),
    locks: locks.map((lock) => [lock.ref, lockContents.keys.get(lock.file) ?? `unreadable: ${unreadableLock(lock, lockContents).message}`]),
    codeDir: cache.codeDir,
    cacheDir: cache.dir,
  });
  return { rawOptions, options, recipeProjects, locks, lockContents, key };
}

function resolveAndCache(inputs: SeedingInputs, recipes: RecipeSource, cacheDir: string | undefined, loadResolver: LoadResolver): CachedSeedingGraph {
  const resolved = resolve(inputs, recipes, loadResolver);
  writeSeedingGraphCache(cacheDir, inputs.key, resolved);
  return resolved;
}

function resolve(
  { options, recipeProjects, locks: lockFiles, lockContents }: SeedingInputs,
  { summaryOf }: RecipeSource,
  loadResolver: LoadResolver,
): CachedSeedingGraph {
  const { resolveSeedingEdges, archs } = loadResolver();
  const problems = new Map<string, string[]>();
  const locks: Record<string, SourceLock> = {};
  for (const lock of lockFiles) {
    if (!lockContents.keys.has(lock.file)) {
      addProblem(problems, '', unreadableLock(lock, lockContents).message);
      continue;
    }
    try {
      locks[lock.ref] = JSON.parse(lockContents.text(lock.file).toString('utf8')) as SourceLock;
    } catch (error) {
      if (error instanceof FileChangedError) throw error;
      addProblem(problems, '', new LockFileError(lock.optionPath, lock.file, `not JSON: ${(error as Error).message}`).message);
    }
  }
  const recipes: RecipeInput[] = recipeProjects.map((recipe) => ({ project: recipe.project, stage: recipe.stage, summary: summaryOf(recipe) }));
  const graph = resolveSeedingEdges({ options, recipes, locks, archs });
  for (const problem of graph.problems) addProblem(problems, problem.project, problem.message);
  const edges = graph.edges.map((edge): [string, string] => [edge.source, edge.target]);
  return { edges, reduced: reduceTransitively(edges), problems: [...problems] };
}

function addProblem(problems: Map<string, string[]>, project: string, message: string): void {
  const list = problems.get(project) ?? [];
  list.push(message);
  problems.set(project, list);
}

/** A seed or published source's lock file, and the option that names it. */
interface LockSource {
  ref: string;
  optionPath: string;
  file: string;
}

function lockSources(options: SeedingOptions): LockSource[] {
  return [
    ...Object.entries(options.seeds).map(([name, spec]) => ({ ref: `seed:${name}`, optionPath: `seeds.${name}.lock`, file: spec.lock })),
    ...Object.entries(options.published).map(([name, spec]) => ({
      ref: `published:${name}`,
      optionPath: `published.${name}.lock`,
      file: spec.lock,
    })),
  ];
}

function unreadableLock(lock: LockSource, contents: ContentKeys): LockFileError {
  const error = contents.unreadable.get(lock.file) as NodeJS.ErrnoException | undefined;
  const reason = error?.code === 'ENOENT' ? 'no such file' : (error?.message ?? 'unreadable');
  return new LockFileError(lock.optionPath, lock.file, reason);
}

export function formatProblems(problems: Map<string, string[]>): string | undefined {
  const messages = [...problems.values()].flat();
  if (messages.length === 0) return undefined;
  const count = messages.length === 1 ? '1 problem' : `${messages.length} problems`;
  return `nx-melange: ${count} in the seeding graph; the graph keeps every other edge, and builds of the projects named here will fail until they are fixed:\n${messages.map((m) => `  ${m}`).join('\n')}\n`;
}
