/**
 * The Nx project one recipe makes: name and root = its directory (`os/curl`), stage and arch
 * tags, package metadata, the build target, and the key under which createDependencies finds
 * the recipe's summary instead of parsing the recipe a second time.
 */
import type { ProjectConfiguration } from '@nx/devkit';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { inferBuildTarget, type BuildTargetContext } from './build-target';
import type { RecipeLocation } from './recipe-location';

/** What createNodes leaves in `metadata.stagecraft` for the seeding graph and for `why`. */
export interface StagecraftProjectMetadata {
  stage: string;
  layout: RecipeLocation['layout'];
  /** workspace-relative recipe file */
  recipe: string;
  /** `<recipe>@<content hash>`: the key of the recipe's summary (see recipe-summaries.ts) */
  summaryKey: string;
}

export function inferRecipeProject(
  summary: RecipeSummary,
  summaryKey: string,
  location: RecipeLocation,
  context: BuildTargetContext,
): ProjectConfiguration {
  const stagecraft: StagecraftProjectMetadata = {
    stage: location.stage,
    layout: location.layout,
    recipe: location.file,
    summaryKey,
  };
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
