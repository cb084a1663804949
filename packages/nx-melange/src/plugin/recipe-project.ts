/**
 * The Nx project one recipe makes: name and root = its directory (`os/curl`), stage and arch
 * tags, package metadata, the build target, and the key under which createDependencies finds
 * the recipe's summary instead of parsing the recipe a second time.
 */
import type { ProjectConfiguration } from '@nx/devkit';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { inferBuildTarget, type BuildTargetContext } from './build-target';
import type { RecipeLocation } from './recipe-location';

/**
 * What the seeding graph and the executor read back from a project: all of it follows from the
 * recipe key, which is the one string createNodes leaves in `metadata.stagecraft`. Every key of
 * a project costs at Wolfi scale (Nx records a source-map entry per nested key and sends the
 * projects to every createDependencies worker), so this is not an object.
 */
export interface StagecraftProjectMetadata {
  stage: string;
  layout: RecipeLocation['layout'];
  /** workspace-relative recipe file */
  recipe: string;
  /** `<recipe>@<content hash>`: the key of the recipe's summary (see recipe-summaries.ts) */
  summaryKey: string;
}

/** What of a recipe's summary its project shows; all a warm run keeps of it (recipe-nodes-cache.ts). */
export type ProjectFacts = Pick<RecipeSummary, 'name' | 'fullVersion' | 'description' | 'license' | 'targetArchitecture' | 'repositories'>;

export function projectFacts(summary: RecipeSummary): ProjectFacts {
  const { name, fullVersion, description, license, targetArchitecture, repositories } = summary;
  return { name, fullVersion, description, license, targetArchitecture, repositories };
}

export function inferRecipeProject(
  summary: ProjectFacts,
  summaryKey: string,
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
      stagecraft: summaryKey,
    },
    targets: { build: inferBuildTarget(summary, location, context) },
  };
}

export function readStagecraftMetadata(project: Pick<ProjectConfiguration, 'metadata'>): StagecraftProjectMetadata | undefined {
  const summaryKey = (project.metadata as { stagecraft?: unknown } | undefined)?.stagecraft;
  if (typeof summaryKey !== 'string') return undefined;
  const recipe = summaryKey.slice(0, summaryKey.lastIndexOf('@'));
  return {
    stage: recipe.slice(0, recipe.indexOf('/')),
    layout: recipe.endsWith('/melange.yaml') ? 'folder' : 'flat',
    recipe,
    summaryKey,
  };
}
