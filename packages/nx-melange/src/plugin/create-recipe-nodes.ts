/**
 * Nx's createNodes (batch form) for melange recipes: one call with every matching file, each
 * recipe summarised once (or read from the content-hash cache) and turned into a project; an
 * unchanged tree is answered whole from the nodes cache (recipe-nodes-cache.ts).
 * Recipe errors are collected per file by createNodesFromFiles into an
 * AggregateCreateNodesError: every broken recipe is reported with its file and line, and the
 * other projects are kept as partial results (`nx graph` still shows them; commands that need
 * the whole graph stop after listing every broken recipe).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateNodesContext, CreateNodesFunction, CreateNodesResult, ProjectConfiguration } from '@nx/devkit';
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
import { readContentKeys, RECIPE_KEYS_CACHE_FILE, type ContentKeys } from './content-keys';
import { RECIPE_SUMMARY_CACHE_FILE, RecipeSummaryCache } from './recipe-summary-cache';
import type { SummarizedBatch, SummarizeMany } from './summarize-in-parallel';
import { storedProjectFacts } from './stored-summary';
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
  /** Nx's hash of each workspace file, when it has them, to spare stat'ing unchanged recipes (nx-file-hashes.ts) */
  fileHashes?: (workspaceRoot: string) => Promise<ReadonlyMap<string, string> | undefined>;
  locatePackage?: LocatePackage;
  hostArch?: Arch;
  /**
   * Runs work the returned projects do not wait for — `afterChange`, then writing the caches of
   * a changed tree — each as its own task, in the order given. By default at once.
   */
  afterReturn?: (work: () => void) => void;
  /**
   * Told of a seeding graph a summarising thread is resolving into the cache for the projects
   * of this run (seeding-graph-ahead.ts); afterChange is then not called.
   */
  seedingGraphAhead?: (resolved: Promise<boolean>) => void;
  /** called (through afterReturn) after a run that had to summarise recipes, with the projects it made */
  afterChange?: (projects: Record<string, ProjectConfiguration>, rawOptions: MelangePluginOptions | undefined, context: CreateNodesContext) => void;
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

    const pipelineDir = join(workspaceRoot, options.pipelineDir);
    const cacheDir = deps.cacheDir(workspaceRoot);
    const cachePath = (name: string) => (cacheDir === undefined ? undefined : join(cacheDir, name));
    const summaryCachePath = cachePath(RECIPE_SUMMARY_CACHE_FILE);
    const nodesCache = cachePath(RECIPE_NODES_CACHE_FILE);
    // What the threads send is turned into projects as it arrives (adopt, below), once this
    // thread has the content keys to check it against; until then it waits here.
    const arrived: SummarizedBatch[] = [];
    let adopt: ((batch: SummarizedBatch) => void) | undefined;
    const onBatch = (batch: SummarizedBatch) => (adopt === undefined ? arrived.push(batch) : adopt(batch));
    // With no summary or nodes cache at all (a first run, a fresh clone, `nx reset`) every recipe
    // will be summarised: the threads start first, and are fed each recipe as this thread reads
    // it for its content key. A single thread then resolves the seeding graph too, if the graph
    // has a cache to go to and the projects are as the locations say (no duplicate roots).
    const cacheless = (summaryCachePath === undefined || !existsSync(summaryCachePath)) && (nodesCache === undefined || !existsSync(nodesCache));
    const early = cacheless
      ? deps.summarizeMany?.([...locations.keys()], workspaceRoot, pipelineDir, {
          onBatch,
          fed: true,
          seedingGraph:
            cacheDir !== undefined && firstFileOfRoot.size === locations.size
              ? { options: rawOptions, projects: [...locations.values()].map(({ root, file }): [string, string] => [root, file]), cacheDir }
              : undefined,
        })
      : undefined;
    const graphAhead = early?.seedingGraph;
    if (graphAhead !== undefined) deps.seedingGraphAhead?.(graphAhead);

    let codeInputs: InputDefinition[] | undefined;
    let inferenceContext: string;
    let contents: ContentKeys;
    try {
      codeInputs = codeInputsByRoot.get(workspaceRoot);
      if (codeInputs === undefined) {
        codeInputs = codeInputsFor(workspaceRoot, locate);
        codeInputsByRoot.set(workspaceRoot, codeInputs);
      }
      inferenceContext = inferenceContextHash({ options: rawOptions, pipelineDir, parserDir: locate('@stagecraft/melange-config'), cacheDir });
      const fileHashes = await deps.fileHashes?.(workspaceRoot);
      const onKey = early === undefined ? undefined : (file: string, key: string, bytes: Buffer | undefined) => early.feed(file, bytes && { key, bytes });
      contents = readContentKeys(workspaceRoot, locations.keys(), cachePath(RECIPE_KEYS_CACHE_FILE), { fileHashes, onKey });
    } finally {
      // also when something above failed: a fed thread waits for this
      early?.end();
    }
    const openSummaryCache = () =>
      summaryCachePath === undefined ? RecipeSummaryCache.disabled() : RecipeSummaryCache.load(summaryCachePath, inferenceContext);
    const arch = deps.hostArch ?? hostArch();
    const { keys, unreadable } = contents;
    const nodesKey = recipeNodesKey({
      context: inferenceContext,
      hostArch: arch,
      codeInputs,
      recipes: [...locations.keys()].map((file) => keys.get(file) ?? `${file}@unreadable`),
    });
    const projectOf = (file: string, facts: ProjectFacts): CreateNodesResult => {
      const location = locations.get(file)!;
      const project = inferRecipeProject(facts, location, {
        hostArch: arch,
        pipelineDir: options.pipelineDir,
        lockFiles: lockFilesFor(options, location.stage, facts.repositories),
        codeInputs: codeInputs!,
      });
      return { projects: { [location.root]: project } };
    };

    const known = readRecipeNodesCache(nodesCache, nodesKey);
    if (known !== undefined) {
      deps.summaries.beginRun(openSummaryCache);
      deps.summaries.endRun(keys);
      return [...known].map(([file, facts]) => [file, projectOf(file, facts)] as const);
    }

    const cache = openSummaryCache();
    let summarize: SummarizeRecipe | undefined;
    const facts = new Map<string, ProjectFacts>();
    const made = new Map<string, CreateNodesResult>();
    adopt = ({ json, recipes }) => {
      // A thread's key differs from ours when the recipe changed in between: inferOne reads it
      // again. A duplicate or cached recipe is inferOne's as well.
      const adopted = recipes.filter(([file, key]) => {
        const location = locations.get(file);
        return location !== undefined && keys.get(file) === key && firstFileOfRoot.get(location.root) === file && !cache.has(key);
      });
      // Read into a summary only if createDependencies asks (it finds it through the cache).
      cache.appendBatch(json, recipes);
      for (const [file, , stored] of adopted) {
        try {
          facts.set(file, storedProjectFacts(stored));
          made.set(file, projectOf(file, facts.get(file)!));
        } catch {
          // inferOne makes it again, and reports what fails
        }
      }
    };
    for (const batch of arrived.splice(0)) adopt(batch);
    const missing = () => [...keys].filter(([, key]) => !cache.has(key)).map(([file]) => file);
    await (early ?? deps.summarizeMany?.(missing(), workspaceRoot, pipelineDir, { onBatch }))?.done;
    const inferOne = (file: string): CreateNodesResult => {
      const location = locations.get(file)!;
      const first = firstFileOfRoot.get(location.root)!;
      if (first !== file) throw new DuplicateRecipeError(file, first, location.root);
      // An unreadable recipe is this recipe's error; the others are still inferred.
      const error = unreadable.get(file);
      if (error !== undefined) throw error;
      const done = made.get(file);
      if (done !== undefined) return done;
      const key = keys.get(file)!;
      let summary = cache.get(key);
      if (summary === undefined) {
        summarize ??= deps.createSummarizer(workspaceRoot, pipelineDir);
        summary = summarize(file, contents.text(file).toString('utf8'));
        cache.set(key, summary);
      }
      deps.summaries.add(key, summary);
      facts.set(file, projectFacts(summary));
      return projectOf(file, facts.get(file)!);
    };

    deps.summaries.beginRun(() => cache);
    let nodes: Awaited<ReturnType<typeof createNodesFromFiles>> | undefined;
    try {
      nodes = await createNodesFromFiles((file) => inferOne(file), [...locations.keys()], rawOptions, context);
      return nodes;
    } finally {
      deps.summaries.endRun(keys);
      // A run with a broken recipe keeps the summaries of the others, but stores no projects:
      // its errors are reported afresh every time.
      const complete = nodes;
      const later = deps.afterReturn ?? ((work) => work());
      // What createDependencies will ask for first, the caches after.
      if (complete !== undefined && deps.afterChange !== undefined && graphAhead === undefined) {
        const afterChange = deps.afterChange;
        later(() => afterChange(Object.assign({}, ...complete.map(([, result]) => result.projects)), rawOptions, context));
      }
      later(() => {
        cache.save();
        if (complete !== undefined) writeRecipeNodesCache(nodesCache, nodesKey, facts);
      });
    }
  };
}
