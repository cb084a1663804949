/**
 * The seeding graph: where each project's build environment comes from. Every resolved name is
 * kept with its explanation (Resolution), so the Nx plugin, the seed audit and `stagecraft why`
 * read answers instead of recomputing them.
 */
import type { Arch, RecipeSummary, SourcePosition } from '@stagecraft/melange-config';
import type { ResolutionProblem } from './resolution-problems';
import type { SourceKind } from './source-ref';

export interface RecipeInput {
  /** Nx project name, e.g. `os/curl` */
  project: string;
  /** the declared stage the recipe belongs to */
  stage: string;
  summary: RecipeSummary;
}

/** A package that satisfied a name: built by a project of the workspace, or pinned in a lock. */
export type Provider =
  | {
      kind: 'project';
      project: string;
      stage: string;
      /** the output package (main or subpackage) that offers the name */
      package: string;
      /** version the name is offered at */
      version: string;
      /** the providing recipe's file */
      recipe: string;
      offeredAs: 'package' | 'subpackage' | 'provides';
    }
  | {
      kind: 'locked';
      package: string;
      version: string;
      sha256: string;
      /** file path relative to the lock's baseUrl for this arch */
      filename: string;
      offeredAs: 'package' | 'provides';
    };

/** A source that was walked past, and why. */
export interface PassedOver {
  source: string;
  reason: string;
}

/** One step of a runtime closure: `package` (from `from`) was installed and depends on the next name. */
export interface ClosureStep {
  /** the name as it was requested at this step */
  dependency: string;
  package: string;
  /** project name, or the outside source ref */
  from: string;
}

/** Why an edge was moved past `self`: the cycle it would have closed, as a closed path of projects. */
export interface CycleRedirect {
  cycle: string[];
  /** the cycle rule that chose this edge */
  rule: string;
}

/** One build-environment name of one project, resolved. */
export interface Resolution {
  project: string;
  stage: string;
  archs: Arch[];
  /** the requested name, without constraint */
  name: string;
  /** as written, constraint included: `gcc>=13` */
  dependency: string;
  /** field and position of the recipe need that started this resolution (the closure root) */
  field: string;
  position: SourcePosition;
  pipeline?: string;
  /** empty for a direct need; for a runtime-closure name, the packages that pulled it in, outermost first */
  via: ClosureStep[];
  source: string;
  kind: SourceKind;
  provider: Provider;
  passedOver: PassedOver[];
  redirect?: CycleRedirect;
}

/** A project → project dependency, as Nx gets it; `sourceFile` is the dependent's recipe. */
export interface ResolvedEdge {
  source: string;
  target: string;
  sourceFile: string;
  archs: Arch[];
  resolutions: Resolution[];
}

/** A project's use of a package pinned by a seed or published lock (not a project). */
export interface ExternalUse {
  project: string;
  source: string;
  kind: 'seed' | 'published';
  package: string;
  version: string;
  sha256: string;
  filename: string;
  archs: Arch[];
  resolutions: Resolution[];
}

/** An edge the cycle rule moved past `self`. */
export interface Redirect {
  source: string;
  target: string;
  stage: string;
  cycle: string[];
  rule: string;
}

export interface SeedingGraph {
  /** deduplicated, sorted by (source, target) */
  edges: ResolvedEdge[];
  /** sorted by (project, source, package) */
  external: ExternalUse[];
  problems: ResolutionProblem[];
  /** sorted by (source, target) */
  redirects: Redirect[];
  /** every resolution, sorted by project, then in need order */
  resolutions: Resolution[];
}

/** A project → project dependency without the resolutions behind it: what Nx gets. */
export type SeedingEdge = Omit<ResolvedEdge, 'resolutions'>;

/** The seeding graph's edges and problems only, for a reader that explains nothing (the Nx plugin). */
export interface SeedingEdges {
  /** as SeedingGraph.edges: deduplicated, sorted by (source, target) */
  edges: SeedingEdge[];
  problems: ResolutionProblem[];
  redirects: Redirect[];
}
