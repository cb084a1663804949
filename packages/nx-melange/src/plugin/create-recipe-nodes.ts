/**
 * Nx's createNodes (batch form) for melange recipes: one call with every matching file, each
 * recipe summarised once (or read from the content-hash cache) and turned into a project.
 * Recipe errors are collected per file by createNodesFromFiles into an
 * AggregateCreateNodesError: every broken recipe is reported with its file and line, and the
 * other projects are kept as partial results (`nx graph` still shows them; commands that need
 * the whole graph stop after listing every broken recipe).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createNodesFromFiles,
  type CreateNodesContext,
  type CreateNodesFunction,
  type CreateNodesResult,
} from '@nx/devkit';
import { RecipeError, RecipeErrors, type Arch, type RecipeSummary } from '@stagecraft/melange-config';
import { hostArch } from './host-arch';
import { codeInputsFor, type LocatePackage, locateInstalledPackage } from './code-inputs';
import { inferenceContextHash } from './inference-context-hash';
import { lockFilesFor, normalizeInferenceOptions, type MelangePluginOptions } from './inference-options';
import { locateRecipe, type RecipeLocation } from './recipe-location';
import { inferRecipeProject } from './recipe-project';
import { recipeCacheKey, RecipeSummaryCache } from './recipe-summary-cache';
import type { RecipeSummaries } from './recipe-summaries';
import type { InputDefinition } from './build-target';

/** Turns one recipe's text into its summary; throws a RecipeError naming file:line for bad input. */
export type SummarizeRecipe = (file: string, text: string) => RecipeSummary;

export interface RecipeNodesDependencies {
  /** called at most once per run, and only when some recipe is not in the cache */
  createSummarizer: (workspaceRoot: string, pipelineDir: string) => SummarizeRecipe;
  /** the cache file, or undefined to run without one */
  cacheFile: (workspaceRoot: string) => string | undefined;
  /** receives every summary of a run, for createDependencies */
  summaries: RecipeSummaries;
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
    const cacheFile = deps.cacheFile(workspaceRoot);
    const cache =
      cacheFile === undefined
        ? RecipeSummaryCache.disabled()
        : RecipeSummaryCache.load(
            cacheFile,
            inferenceContextHash({ options: rawOptions, pipelineDir, parserDir: locate('@stagecraft/melange-config') }),
          );
    let summarize: SummarizeRecipe | undefined;
    const arch = deps.hostArch ?? hostArch();

    const inferOne = (file: string): CreateNodesResult => {
      const location = locations.get(file)!;
      const first = firstFileOfRoot.get(location.root)!;
      if (first !== file) throw new DuplicateRecipeError(file, first, location.root);
      const text = readFileSync(join(workspaceRoot, file));
      const key = recipeCacheKey(file, text);
      let summary = cache.get(key);
      if (summary === undefined) {
        summarize ??= deps.createSummarizer(workspaceRoot, pipelineDir);
        summary = summarize(file, text.toString('utf8'));
        cache.set(key, summary);
      }
      deps.summaries.add(key, summary);
      const project = inferRecipeProject(summary, key, location, {
        hostArch: arch,
        pipelineDir: options.pipelineDir,
        lockFiles: lockFilesFor(options, location.stage, summary.repositories),
        codeInputs: codeInputs!,
      });
      return { projects: { [location.root]: project } };
    };

    deps.summaries.beginRun();
    try {
      return await createNodesFromFiles(
        (file) => {
          try {
            return inferOne(file);
          } catch (error) {
            throw withoutStackIfBadInput(error);
          }
        },
        [...locations.keys()],
        rawOptions,
        context,
      );
    } finally {
      deps.summaries.endRun();
      cache.save();
    }
  };
}

/**
 * Nx prints a plugin error's stack. For a mistake in a recipe the stack points into our code,
 * not at the user's file (the message already names file:line), so it is dropped; errors that
 * are our bugs keep theirs.
 */
function withoutStackIfBadInput(error: unknown): unknown {
  if (error instanceof RecipeErrors || error instanceof RecipeError || error instanceof DuplicateRecipeError) {
    error.stack = `${error.name}: ${error.message}`;
  }
  return error;
}
