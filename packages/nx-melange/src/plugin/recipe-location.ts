/**
 * Where a recipe file sits and which project it makes. Two layouts share one tree:
 * `<stage>/<pkg>/melange.yaml` (a folder per package) and Wolfi's flat `<stage>/<pkg>.yaml`
 * (the recipe beside an optional `<stage>/<pkg>/` folder of patches and config files).
 */
import { posix } from 'node:path';

export type RecipeLayout = 'folder' | 'flat';

export interface RecipeLocation {
  /** workspace-relative path of the recipe, `/`-separated */
  file: string;
  stage: string;
  /** the package directory name: `curl` for both `os/curl.yaml` and `os/curl/melange.yaml` */
  directory: string;
  /** project root and name: `os/curl` */
  root: string;
  layout: RecipeLayout;
}

/** One glob for both layouts; files outside the configured stages are dropped by {@link locateRecipe}. */
export const RECIPE_GLOB = '*/{*.yaml,*/melange.yaml}';

/** The recipe's location, or undefined when the file is not a recipe of one of `stages`. */
export function locateRecipe(file: string, stages: ReadonlySet<string>): RecipeLocation | undefined {
  const parts = file.split(posix.sep);
  const stage = parts[0];
  if (!stages.has(stage)) return undefined;
  if (parts.length === 2 && parts[1].endsWith('.yaml')) {
    const directory = parts[1].slice(0, -'.yaml'.length);
    if (directory === '') return undefined;
    return { file, stage, directory, root: `${stage}/${directory}`, layout: 'flat' };
  }
  if (parts.length === 3 && parts[2] === 'melange.yaml') {
    return { file, stage, directory: parts[1], root: `${stage}/${parts[1]}`, layout: 'folder' };
  }
  return undefined;
}
