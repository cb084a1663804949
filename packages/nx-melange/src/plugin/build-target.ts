/**
 * The inferred `build` target of one recipe (DESIGN "The build target"). Pure: everything it
 * depends on arrives in {@link BuildTargetContext}.
 */
import type { TargetConfiguration } from '@nx/devkit';
import type { Arch, RecipeSummary } from '@stagecraft/melange-config';
import type { RecipeLocation } from './recipe-location';

export type InputDefinition = NonNullable<TargetConfiguration['inputs']>[number];

export const BUILD_EXECUTOR = '@stagecraft/nx-melange:build';

/**
 * Every build target carries every configuration, aliases included: Nx hands `-c arm64` down to
 * a dependency only if that dependency's target has a configuration of that name, and silently
 * uses the dependency's defaults otherwise (docs/nx24.md §0.3).
 */
export const ARCH_CONFIGURATIONS: Readonly<Record<string, { arch: Arch }>> = {
  x86_64: { arch: 'x86_64' },
  amd64: { arch: 'x86_64' },
  aarch64: { arch: 'aarch64' },
  arm64: { arch: 'aarch64' },
};

export interface BuildTargetContext {
  hostArch: Arch;
  /** workspace-relative pipeline folder */
  pipelineDir: string;
  /** workspace-relative lock files of the seed/published sources this recipe's stage draws from */
  lockFiles: readonly string[];
  /** inputs that stand for stagecraft's own code and the npm packages it uses (see code-inputs.ts) */
  codeInputs: readonly InputDefinition[];
}

export function inferBuildTarget(
  summary: Pick<RecipeSummary, 'name' | 'fullVersion'>,
  location: RecipeLocation,
  context: BuildTargetContext,
): TargetConfiguration {
  // A flat-layout project often owns no file at all (os/curl.yaml is outside root os/curl, and
  // most packages have no os/curl/ folder); Nx's hasher fails with "project os/curl not found"
  // on `{projectRoot}` filesets of a project without files, so the flat layout names its
  // folder and its recipe as workspace filesets instead.
  const inputs: InputDefinition[] =
    location.layout === 'flat'
      ? [`{workspaceRoot}/${location.root}/**/*`, `{workspaceRoot}/${location.file}`]
      : ['{projectRoot}/**/*'];
  inputs.push(`{workspaceRoot}/${context.pipelineDir}/**/*`);
  for (const lock of context.lockFiles) inputs.push(`{workspaceRoot}/${lock}`);
  inputs.push(...context.codeInputs);
  // Dependencies are hashed by the packages they produced, not by their recipes: a dependency
  // rebuilt to identical bytes leaves this task's hash (and cache entry) untouched.
  inputs.push({ dependentTasksOutputFiles: '**/*.apk', transitive: true });

  return {
    executor: BUILD_EXECUTOR,
    options: { recipe: location.file, arch: context.hostArch },
    configurations: Object.fromEntries(
      Object.entries(ARCH_CONFIGURATIONS).map(([name, value]) => [name, { ...value }]),
    ),
    dependsOn: ['^build'],
    inputs,
    outputs: ['{workspaceRoot}/dist/{options.arch}/{projectRoot}'],
    cache: true,
    metadata: {
      description: `Build ${summary.name} ${summary.fullVersion} and its subpackages into signed APKs (-c x86_64 | -c aarch64)`,
      technologies: ['melange'],
    },
  };
}
