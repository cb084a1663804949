/**
 * Nx's createNodes (batch form) for melange recipes: one call with every matching file, each
 * recipe summarised once (or read from the content-hash cache) and turned into a project; an
 * unchanged tree is answered whole from the nodes cache (recipe-nodes-cache.ts).
 * Recipe errors are collected per file by createNodesFromFiles into an
 * AggregateCreateNodesError: every broken recipe is reported with its file and line, and the
 * other projects are kept as partial results (`nx graph` still shows them; commands that need
 * the whole graph stop after listing every broken recipe).
 */
import { join } from 'node:path';
import type { CreateNodesContext, CreateNodesFunction, CreateNodesResult } from '@nx/devkit';
// What @nx/devkit re-exports, from Nx's own module: the plugin worker has it loaded already,
// while loading @nx/devkit would cost a cold run ~150 ms for this one function.
import { createNodesFromFiles } from 'nx/src/project-graph/plugins/utils';
import type { Arch, RecipeSummary } from '@stagecraft/melange-config';
import { hostArch } from './host-arch';
import { codeInputsFor, type LocatePackage, locateInstalledPackage } from './code-inputs';
import { inferenceContextHash } from './inference-context-hash';
import { lockFilesFor, normalizeInferenceOptions, type MelangePluginOptions } from './inference-options';
import { locateRecipe, type RecipeLocation } from './recipe-location';
import { inferRecipeProject, projectFacts, type ProjectFacts } from './recipe-project';
import { readRecipeNodesCache, recipeNodesKey, RECIPE_NODES_CACHE_FILE, writeRecipeNodesCache } from './recipe-nodes-cache';
import { readRecipeContents, RECIPE_KEYS_CACHE_FILE } from './recipe-content-keys';
import { RECIPE_SUMMARY_CACHE_FILE, RecipeSummaryCache } from './recipe-summary-cache';
import type { SummarizeMany } from './summarize-in-parallel';
import type { RecipeSummaries } from './recipe-summaries';
import type { InputDefinition } from './build-target';

/** Turns one recipe's text into its summary; throws a RecipeError naming file:line for bad input. */
export type SummarizeRecipe = (file: string, text: string) => RecipeSummary;

export interface RecipeNodesDependencies {
  /** called at most once per run, and only when some recipe is not in the cache */
  createSummarizer: (workspaceRoot: string, pipelineDir: string) => SummarizeRecipe;
  /** the folder of the cache files (Nx's workspace data folder), or undefined to run without */
  cacheDir: (workspaceRoot: string) => string | undefined;
  /** receives every summary of a run, for createDependencies */
  summaries: RecipeSummaries;
  /** summarises the recipes the cache lacks ahead of inference, e.g. on several threads */
  summarizeMany?: SummarizeMany;
  locatePackage?: LocatePackage;
  hostArch?: Arch;
}

export class DuplicateRecipeError extends Error {
  constructor(
    readonly file: string,
    readonly other: string,
    readonly root: string,
  ) {
    super(`${file}: project ${root} is already defined by ${other}; keep one recipe per package directory`);
    this.name = 'DuplicateRecipeError';
    // The message says what to fix; a stack into our code would only bury it in Nx's output.
    this.stack = `${this.name}: ${this.message}`;
  }
}

export function createRecipeNodesFunction(deps: RecipeNodesDependencies): CreateNodesFunction<MelangePluginOptions> {
  const codeInputsByRoot = new Map<string, InputDefinition[]>();
  const locate = deps.locatePackage ?? locateInstalledPackage;

  return async (files, rawOptions, context: CreateNodesContext) => {
    const options = normalizeInferenceOptions(rawOptions);
    const { workspaceRoot } = context;
    const locations = new Map<string, RecipeLocation>();
    for (const file of [...files].sort()) {
      const location = locateRecipe(file, options.stages);
      if (location !== undefined) locations.set(file, location);
    }
    const firstFileOfRoot = new Map<string, string>();
    for (const location of locations.values()) {
      if (!firstFileOfRoot.has(location.root)) firstFileOfRoot.set(location.root, location.file);
    }

    let codeInputs = codeInputsByRoot.get(workspaceRoot);
    if (codeInputs === undefined) {
      codeInputs = codeInputsFor(workspaceRoot, locate);
      codeInputsByRoot.set(workspaceRoot, codeInputs);
    }
    const pipelineDir = join(workspaceRoot, options.pipelineDir);
    const cacheDir = deps.cacheDir(workspaceRoot);
    const cachePath = (name: string) => (cacheDir === undefined ? undefined : join(cacheDir, name));
    const inferenceContext = inferenceContextHash({ options: rawOptions, pipelineDir, parserDir: locate('@stagecraft/melange-config') });
    const openSummaryCache = () => {
      const path = cachePath(RECIPE_SUMMARY_CACHE_FILE);
      return path === undefined ? RecipeSummaryCache.disabled() : RecipeSummaryCache.load(path, inferenceContext);
    };
    const arch = deps.hostArch ?? hostArch();

    const contents = readRecipeContents(workspaceRoot, locations.keys(), cachePath(RECIPE_KEYS_CACHE_FILE));
    const { keys, unreadable } = contents;
    const nodesKey = recipeNodesKey({
      context: inferenceContext,
      hostArch: arch,
      codeInputs,
      recipes: [...locations.keys()].map((file) => keys.get(file) ?? `${file}@unreadable`),
    });
    const projectOf = (file: string, facts: ProjectFacts): CreateNodesResult => {
      const location = locations.get(file)!;
      const project = inferRecipeProject(facts, keys.get(file)!, location, {
        hostArch: arch,
        pipelineDir: options.pipelineDir,
        lockFiles: lockFilesFor(options, location.stage, facts.repositories),
        codeInputs: codeInputs!,
      });
      return { projects: { [location.root]: project } };
    };

    const nodesCache = cachePath(RECIPE_NODES_CACHE_FILE);
    const known = readRecipeNodesCache(nodesCache, nodesKey);
    if (known !== undefined) {
      deps.summaries.beginRun(openSummaryCache);
      deps.summaries.endRun();
      return [...known].map(([file, facts]) => [file, projectOf(file, facts)] as const);
    }

    const cache = openSummaryCache();
    let summarize: SummarizeRecipe | undefined;
    let ahead = new Map<string, RecipeSummary>();
    if (deps.summarizeMany !== undefined) {
      const missing = [...keys].filter(([, key]) => cache.get(key) === undefined).map(([file]) => file);
      if (missing.length > 0) {
        const recipes = missing.map((file) => ({ file, text: contents.text(file).toString('utf8') }));
        ahead = await deps.summarizeMany(recipes, pipelineDir);
      }
    }
    const facts = new Map<string, ProjectFacts>();
    const inferOne = (file: string): CreateNodesResult => {
      const location = locations.get(file)!;
      const first = firstFileOfRoot.get(location.root)!;
      if (first !== file) throw new DuplicateRecipeError(file, first, location.root);
      // An unreadable recipe is this recipe's error; the others are still inferred.
      const error = unreadable.get(file);
      if (error !== undefined) throw error;
      const key = keys.get(file)!;
      let summary = cache.get(key);
      if (summary === undefined) {
        summary = ahead.get(file);
        if (summary === undefined) {
          summarize ??= deps.createSummarizer(workspaceRoot, pipelineDir);
          summary = summarize(file, contents.text(file).toString('utf8'));
        }
        cache.set(key, summary);
      }
      deps.summaries.add(key, summary);
      facts.set(file, projectFacts(summary));
      return projectOf(file, facts.get(file)!);
    };

    deps.summaries.beginRun();
    try {
      const nodes = await createNodesFromFiles((file) => inferOne(file), [...locations.keys()], rawOptions, context);
      writeRecipeNodesCache(nodesCache, nodesKey, facts);
      return nodes;
    } finally {
      deps.summaries.endRun();
      cache.save();
    }
  };
}
