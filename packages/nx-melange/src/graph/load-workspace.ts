/**
 * The seeding graph of a workspace on disk, for commands outside Nx (`stagecraft why`): the
 * nx-melange plugin options from nx.json, every recipe of the declared stages (both layouts),
 * their summaries and the lock files, then the resolver. Recipe discovery and summarising are
 * the plugin's own (recipe-location, recipe-summarizer), so `why` sees the projects Nx sees.
 * This is an edge module: it reads files; the resolution itself stays pure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { ARCHS, type Arch, type SourceLock } from '@stagecraft/melange-config';
import { normalizeInferenceOptions, type MelangePluginOptions } from '../plugin/inference-options';
import { locateRecipe, RECIPE_GLOB } from '../plugin/recipe-location';
import { createRecipeSummarizer } from '../plugin/recipe-summarizer';
import { resolveSeedingGraph } from './resolve-seeding-graph';
import type { RecipeInput, SeedingGraph } from './seeding-graph';
import type { SeedingOptions } from './seeding-options';

/** nx.json has no nx-melange plugin entry, or it cannot be read. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

export interface LoadedWorkspace {
  options: SeedingOptions;
  graph: SeedingGraph;
  /** recipes that could not be summarised, and lock files that could not be read: one message each */
  errors: string[];
}

export function loadSeedingWorkspace(workspaceRoot: string, archs: readonly Arch[] = ARCHS): LoadedWorkspace {
  const raw = readPluginOptions(workspaceRoot);
  const inference = normalizeInferenceOptions(raw);
  const errors: string[] = [];
  const summarize = createRecipeSummarizer(workspaceRoot, join(workspaceRoot, inference.pipelineDir));
  const recipes: RecipeInput[] = [];
  const roots = new Map<string, string>();
  for (const file of fg.sync(RECIPE_GLOB, { cwd: workspaceRoot, onlyFiles: true }).sort()) {
    const location = locateRecipe(file, inference.stages);
    if (!location) continue;
    const other = roots.get(location.root);
    if (other !== undefined) {
      errors.push(`${file}: project ${location.root} is already defined by ${other}; keep one recipe per package directory`);
      continue;
    }
    roots.set(location.root, file);
    try {
      recipes.push({ project: location.root, stage: location.stage, summary: summarize(file, readFileSync(join(workspaceRoot, file), 'utf8')) });
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  const locks = readLocks(workspaceRoot, inference.seeding, errors);
  const graph = resolveSeedingGraph({ options: inference.seeding, recipes, locks, archs });
  return { options: inference.seeding, graph, errors };
}

function readPluginOptions(workspaceRoot: string): MelangePluginOptions {
  let nxJson: { plugins?: (string | { plugin: string; options?: unknown })[] };
  try {
    nxJson = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8'));
  } catch (error) {
    throw new WorkspaceError(`${join(workspaceRoot, 'nx.json')}: ${(error as Error).message}; run stagecraft in the workspace root`);
  }
  const entry = (nxJson.plugins ?? []).find((p) => (typeof p === 'string' ? p : p.plugin).includes('nx-melange'));
  if (entry === undefined) throw new WorkspaceError(`${join(workspaceRoot, 'nx.json')}: no plugin entry whose path contains "nx-melange"`);
  return (typeof entry === 'string' ? {} : (entry.options ?? {})) as MelangePluginOptions;
}

function readLocks(workspaceRoot: string, options: SeedingOptions, errors: string[]): Record<string, SourceLock> {
  const locks: Record<string, SourceLock> = {};
  const sources = [
    ...Object.entries(options.seeds).map(([name, spec]) => [`seed:${name}`, spec.lock] as const),
    ...Object.entries(options.published).map(([name, spec]) => [`published:${name}`, spec.lock] as const),
  ];
  for (const [ref, file] of sources) {
    try {
      locks[ref] = JSON.parse(readFileSync(join(workspaceRoot, file), 'utf8')) as SourceLock;
    } catch (error) {
      errors.push(`${file}: cannot read the lock of ${ref} (${(error as Error).message}); it provides nothing`);
    }
  }
  return locks;
}
