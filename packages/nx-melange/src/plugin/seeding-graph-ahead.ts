/**
 * Resolving a changed tree's seeding graph where the summaries are: on the summarising thread,
 * while the plugin's own thread turns the summaries into projects and Nx merges them. The
 * graph goes into the seeding-graph cache under the key createDependencies will compute for
 * the projects createNodes makes (project, stage, recipe content key, options, locks, code);
 * if Nx's projects turn out different, the keys differ and createDependencies resolves itself.
 *
 * Measured on the corpus, two cores, no caches: resolving on the plugin's thread (1.0–1.4 s,
 * a third of it turning stored summaries back into summaries) was the last thing Nx waited
 * for before it had the graph.
 */
import type { ProjectConfiguration } from '@nx/devkit';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { ARCHS } from '@stagecraft/melange-config';
import { resolveSeedingEdges } from '../graph/resolve-seeding-graph';
import { BUILD_EXECUTOR } from './build-target';
import { NX_MELANGE_CODE_DIR } from './compiled-code-digest';
import { resolveSeedingDependencies } from './seeding-dependencies';

/** What a summarising thread needs to resolve the graph of the projects createNodes will make. */
export interface SeedingGraphAhead {
  /** the plugin options, as nx.json gives them */
  options: unknown;
  /** `[project root, recipe file]` of every project createNodes will make */
  projects: [string, string][];
  /** the plugin's cache folder, where the graph goes */
  cacheDir: string;
}

/**
 * Resolves the graph of `ahead.projects` into the cache from `summaries` (content key and
 * summary by recipe file); false, writing nothing, when a project's recipe has no summary
 * (it failed here, and createNodes reports it).
 */
export function resolveSeedingGraphAhead(
  ahead: SeedingGraphAhead,
  summaries: ReadonlyMap<string, { key: string; summary: RecipeSummary }>,
  workspaceRoot: string,
): boolean {
  if (!ahead.projects.every(([, file]) => summaries.has(file))) return false;
  const keys = new Map([...summaries].map(([file, { key }]) => [file, key]));
  // All the seeding graph reads of a project: the recipe behind its build target.
  const projects: Record<string, ProjectConfiguration> = {};
  for (const [root, recipe] of ahead.projects) projects[root] = { root, targets: { build: { executor: BUILD_EXECUTOR, options: { recipe } } } };
  resolveSeedingDependencies(
    ahead.options,
    { projects, workspaceRoot },
    { keysOf: () => keys, summaryOf: (recipe) => summaries.get(recipe.recipe)!.summary },
    { dir: ahead.cacheDir, codeDir: NX_MELANGE_CODE_DIR },
    () => ({ resolveSeedingEdges, archs: ARCHS }),
  );
  return true;
}
