/**
 * The Nx project one recipe makes: name and root = its directory (`os/curl`), stage and arch
 * tags, package metadata, the build target, and the RecipeSummary that createDependencies
 * reads back instead of parsing the recipe a second time.
 */
import type { ProjectConfiguration } from '@nx/devkit';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { inferBuildTarget, type BuildTargetContext } from './build-target';
import type { RecipeLocation } from './recipe-location';

/** What createNodes leaves in `metadata.stagecraft` for the seeding graph and for `why`. */
export interface StagecraftProjectMetadata {
  stage: string;
  layout: RecipeLocation['layout'];
  recipe: RecipeSummary;
}

export function inferRecipeProject(
  summary: RecipeSummary,
  location: RecipeLocation,
  context: BuildTargetContext,
): ProjectConfiguration {
  const stagecraft: StagecraftProjectMetadata = { stage: location.stage, layout: location.layout, recipe: summary };
  return {
    name: location.root,
    root: location.root,
    projectType: 'library',
    tags: [`stage:${location.stage}`, ...summary.targetArchitecture.map((arch) => `arch:${arch}`)],
    metadata: {
      description: summary.description,
      technologies: ['melange'],
      version: summary.fullVersion,
      license: summary.license,
      stagecraft,
    },
    targets: { build: inferBuildTarget(summary, location, context) },
  };
}

export function readStagecraftMetadata(project: Pick<ProjectConfiguration, 'metadata'>): StagecraftProjectMetadata | undefined {
  return (project.metadata as { stagecraft?: StagecraftProjectMetadata } | undefined)?.stagecraft;
}
