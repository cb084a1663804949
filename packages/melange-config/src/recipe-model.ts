/**
 * The typed recipe: a melange.yaml after parse-time substitution (package and vars,
 * var-transforms, `range` expansion), as melange's ParseConfiguration leaves it. Compile-time
 * names (`${{build.arch}}`, `${{inputs.x}}`, `${{targets.*}}` …) are still unexpanded here;
 * compile-pipeline.ts expands them per architecture.
 */
import type { SourcePosition } from './recipe-summary';

/** Where the fields of one file are: field path → position. */
export interface FieldPositions {
  readonly file: string;
  /** position of a field path such as `pipeline[2].with.opts`; falls back to the file start */
  positionOf(field: string): SourcePosition;
}

export interface Copyright {
  license: string;
  paths: string[];
  attestation?: string;
  licensePath?: string;
  detectionOverride?: string;
}

export interface Dependencies {
  runtime: string[];
  provides: string[];
  replaces: string[];
  /** as written (after substitution); an integer in text */
  providerPriority?: string;
  replacesPriority?: string;
}

export interface PackageOptions {
  noProvides: boolean;
  noDepends: boolean;
  noCommands: boolean;
  noVersionedShlibDeps: boolean;
}

export interface Trigger {
  script: string;
  paths: string[];
}

export interface Scriptlets {
  trigger?: Trigger;
  preInstall?: string;
  postInstall?: string;
  preDeinstall?: string;
  postDeinstall?: string;
  preUpgrade?: string;
  postUpgrade?: string;
}

export interface Checks {
  enabled: string[];
  disabled: string[];
}

export interface Setcap {
  path: string;
  /** capability list (`cap_net_raw,cap_net_admin`) → flags (`+eip`) */
  add: Record<string, string>;
  reason: string;
}

export interface Resources {
  cpu?: string;
  cpumodel?: string;
  memory?: string;
  disk?: string;
}

export interface Package {
  name: string;
  version: string;
  epoch: number;
  /** `<version>-r<epoch>` */
  fullVersion: string;
  description: string;
  url: string;
  commit: string;
  annotations: Record<string, string>;
  copyright: Copyright[];
  dependencies: Dependencies;
  /** as written; empty = every architecture */
  targetArchitecture: string[];
  options: PackageOptions;
  scriptlets: Scriptlets;
  checks: Checks;
  cpe: Record<string, string>;
  setcap: Setcap[];
  timeout?: string;
  resources?: Resources;
  testResources?: Resources;
}

export interface Account {
  username: string;
  uid?: number;
  gid?: number;
  shell?: string;
  homedir?: string;
}

export interface Group {
  groupname: string;
  gid?: number;
  members: string[];
}

/** The part of apko's ImageConfiguration a melange build uses. */
export interface Environment {
  contents: {
    packages: string[];
    repositories: string[];
    buildRepositories: string[];
    keyring: string[];
  };
  /** environment variables for every step (parse-time substitution only, as in melange) */
  environment: Record<string, string>;
  accounts: { runAs?: string; users: Account[]; groups: Group[] };
}

export interface PipelineInput {
  description: string;
  default?: string;
  required: boolean;
}

/** One step of a pipeline, as written (plus parse-time substitution). */
export interface PipelineStep {
  /** field path of the step in its file (`subpackages[1].pipeline[0]`) */
  field: string;
  name?: string;
  uses?: string;
  with: Record<string, string>;
  runs?: string;
  if?: string;
  label?: string;
  workingDirectory?: string;
  environment: Record<string, string>;
  needs: string[];
  /** nested steps */
  pipeline: PipelineStep[];
  /** only in a reusable pipeline file */
  inputs: Record<string, PipelineInput>;
  requiredSteps?: number;
}

export interface Subpackage {
  /** field path of the declaration (`subpackages[3]`); shared by the items of a `range` */
  field: string;
  name: string;
  description: string;
  url: string;
  commit: string;
  annotations: Record<string, string>;
  if?: string;
  /** the `data` set this subpackage was expanded from, and the item */
  range?: { data: string; key: string; value: string };
  pipeline: PipelineStep[];
  dependencies: Dependencies;
  options: PackageOptions;
  scriptlets: Scriptlets;
  checks: Checks;
  setcap: Setcap[];
  copyright: Copyright[];
  test?: Test;
}

export interface DataSet {
  name: string;
  items: Record<string, string>;
}

export interface VarTransform {
  from: string;
  match: string;
  replace: string;
  to: string;
}

export interface BuildOption {
  vars: Record<string, string>;
  packages: { add: string[]; remove: string[] };
}

export interface Test {
  environment: Environment;
  pipeline: PipelineStep[];
}

export interface Recipe {
  /** workspace-relative path of the file */
  file: string;
  positions: FieldPositions;
  package: Package;
  environment: Environment;
  pipeline: PipelineStep[];
  /** after `range` expansion, in declaration order; ranges expand in sorted key order */
  subpackages: Subpackage[];
  data: DataSet[];
  /** `vars` plus the outputs of `var-transforms` */
  vars: Record<string, string>;
  varTransforms: VarTransform[];
  options: Record<string, BuildOption>;
  capabilities: { add: string[]; drop: string[] };
  test?: Test;
}
