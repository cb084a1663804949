/**
 * What the seeding graph needs to know about one recipe, and nothing more: the names its build
 * environment asks for and the names its outputs offer. Produced by the recipe model
 * (summarizeRecipe), consumed by the Nx plugin, and small enough to cache as JSON.
 */

export type Arch = 'x86_64' | 'aarch64';
export const ARCHS: readonly Arch[] = ['x86_64', 'aarch64'];

/** Where a value sits in a recipe file; line and column are 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type ConstraintOp = '=' | '<' | '<=' | '>' | '>=' | '~';

/** A parsed apk dependency string such as `openssl-dev>3` or `!foo`. */
export interface Dependency {
  /** the string as written (after substitution) */
  raw: string;
  name: string;
  op?: ConstraintOp;
  version?: string;
  /** `!name`: a conflict, not a requirement */
  conflict?: boolean;
  /** `name@tag`: the repository tag the name is pinned to */
  tag?: string;
}

/** A build-environment name and why the recipe asks for it. */
export interface NeededName extends Dependency {
  /** field path, e.g. `environment.contents.packages[3]` or `pipeline[2].uses(autoconf/make).needs.packages[0]` */
  field: string;
  position: SourcePosition;
  /** the `uses:` pipeline that added it, if any */
  pipeline?: string;
  /** architectures for which the name is needed (an `if:` on build.arch can narrow it) */
  archs: Arch[];
}

/** A name one of the recipe's output packages offers to others. */
export interface ProvidedName {
  name: string;
  /** full version (`1.2.3-r4`) the name is offered at; '' for an unversioned `provides:` entry */
  version: string;
  /** the output package that offers it: the main package or a subpackage */
  package: string;
  kind: 'package' | 'subpackage' | 'provides';
  /** provider-priority of the offering package, 0 when unset */
  priority: number;
}

export interface RecipeSummary {
  /** workspace-relative path of the recipe file */
  file: string;
  name: string;
  version: string;
  epoch: number;
  /** `<version>-r<epoch>` */
  fullVersion: string;
  description: string;
  license: string;
  /** empty when the recipe builds for every architecture */
  targetArchitecture: Arch[];
  needs: NeededName[];
  provides: ProvidedName[];
  /** runtime dependencies declared per output package (main and subpackages) */
  runtime: Record<string, Dependency[]>;
  /** `environment.contents.repositories`, as written */
  repositories: string[];
}
