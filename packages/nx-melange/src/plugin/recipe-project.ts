/**
 * The Nx project one recipe makes: name and root = its directory (`os/curl`), stage and arch
 * tags, package metadata and the build target.
 */
import type { ProjectConfiguration } from '@nx/devkit';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { BUILD_EXECUTOR, inferBuildTarget, type BuildTargetContext } from './build-target';
import type { RecipeLocation } from './recipe-location';

/**
 * Which recipe a project was inferred from, read back from its build target (the executor and
 * the recipe path are all it takes). Nothing else of the plugin's rides in the project: every
 * key of a project costs at Wolfi scale (Nx records a source-map entry per nested key, sends
 * the projects to every createDependencies worker and writes them to project-graph.json), and
 * the recipe's content key, which the seeding graph needs, is known in the plugin's own
 * process (recipe-summaries.ts).
 */
export interface RecipeProjectRef {
  stage: string;
  /** workspace-relative recipe file */
  recipe: string;
}

/** What of a recipe's summary its project shows; all a warm run keeps of it (recipe-nodes-cache.ts). */
export type ProjectFacts = Pick<RecipeSummary, 'name' | 'fullVersion' | 'description' | 'license' | 'targetArchitecture' | 'repositories'>;

export function projectFacts(summary: RecipeSummary): ProjectFacts {
  const { name, fullVersion, description, license, targetArchitecture, repositories } = summary;
  return { name, fullVersion, description, license, targetArchitecture, repositories };
}

export function inferRecipeProject(
  summary: ProjectFacts,
  location: RecipeLocation,
  context: BuildTargetContext,
): ProjectConfiguration {
  return {
    name: location.root,
    root: location.root,
    tags: [`stage:${location.stage}`, ...summary.targetArchitecture.map((arch) => `arch:${arch}`)],
    metadata: {
      description: summary.description,
      technologies: ['melange'],
      version: summary.fullVersion,
      license: summary.license,
    },
    targets: { build: inferBuildTarget(summary, location, context) },
  };
}

/** The recipe behind `project`, or undefined when its build target is not ours. */
export function readRecipeProject(project: Pick<ProjectConfiguration, 'targets'>): RecipeProjectRef | undefined {
  const build = project.targets?.build;
  const recipe = (build?.options as { recipe?: unknown } | undefined)?.recipe;
  if (build?.executor !== BUILD_EXECUTOR || typeof recipe !== 'string') return undefined;
  return recipeRef(recipe);
}

export function recipeRef(recipe: string): RecipeProjectRef {
  return { stage: recipe.slice(0, recipe.indexOf('/')), recipe };
}
