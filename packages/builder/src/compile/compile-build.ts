/**
 * The builder's compile step: melange-config's compileRecipe (substitution, inputs, `if`,
 * nested `uses`) for one architecture, then what only a builder cares about — refusing the
 * pipelines it cannot run, flattening each package's steps into the shell steps to execute,
 * collecting the build-environment names and the sources to fetch on the host with their
 * checksums. Every problem is a RecipeError (file:line:column, field path), raised before
 * anything runs.
 */
import {
  compileRecipe,
  PipelineNotFoundError,
  RecipeError,
  RecipeErrors,
  type Arch,
  type CompiledStep as RecipeStep,
  type PipelineLibrary,
  type PipelineStep,
  type Recipe,
  type SourcePosition,
  type Subpackage,
} from '@stagecraft/melange-config';
import { DigestFormatError, parseDigest, type Digest } from '../fetch/digest';

/** A `uses: fetch` step: the builder extracts the verified source on the host, in step order. */
export interface FetchAction {
  /** index into CompiledBuild.sources */
  source: number;
  /** `inputs.directory`, relative to the step's working directory */
  directory: string;
  stripComponents: number;
  extract: boolean;
}

export interface RunStep {
  /** field path through the recipe and the pipelines it uses */
  field: string;
  /** for logs: the step's name or `uses`, inside the names of the steps around it */
  label: string;
  position: SourcePosition;
  runs: string;
  /** relative to /home/build, or absolute */
  workingDirectory?: string;
  environment: Record<string, string>;
  /** set for a fetch step, which runs on the host instead of `runs` in the sandbox */
  fetch?: FetchAction;
}

export interface SourceToFetch {
  field: string;
  position: SourcePosition;
  uri: string;
  expected: Digest;
  /** purl-name / purl-version inputs, for the SBOM */
  name: string;
  version: string;
}

export interface BuildPackagePlan {
  name: string;
  /** undefined for the main package */
  subpackage?: Subpackage;
  steps: RunStep[];
}

export interface CompiledBuild {
  recipe: Recipe;
  arch: Arch;
  /** main package first, then the subpackages whose `if` holds, in declared order */
  packages: BuildPackagePlan[];
  /** environment.contents.packages, then the needs of every step that runs; deduplicated */
  environmentPackages: string[];
  sources: SourceToFetch[];
}

/** A `uses:` the embedded builder cannot run: known to melange but not implemented here, or unknown. */
export class UnsupportedPipelineError extends RecipeError {
  constructor(position: SourcePosition, field: string, readonly pipeline: string, readonly supported: string[]) {
    super(position, field, `pipeline "${pipeline}" is not supported by the embedded builder; supported pipelines: ${supported.join(', ')}`);
    this.name = 'UnsupportedPipelineError';
  }
}

export function compileBuild(recipe: Recipe, arch: Arch, library: PipelineLibrary): CompiledBuild {
  const supported = [...library.supportedBuiltins(), ...workspacePipelines(library)];
  // Refusing a pipeline we cannot run says more than complaints about its inputs would.
  const refusals = refuseUnsupported(recipe, library, supported);
  if (refusals.length > 0) throw new RecipeErrors(refusals);
  let compiled;
  try {
    compiled = compileRecipe(recipe, { library, arch, runs: true });
  } catch (err) {
    if (err instanceof RecipeErrors) throw new RecipeErrors(err.errors.map((e) => explainNotFound(e, supported)));
    throw err;
  }
  const errors: RecipeError[] = [];
  const sources: SourceToFetch[] = [];
  const packages: BuildPackagePlan[] = [compiled.main, ...compiled.subpackages].map((p) => ({
    name: p.package,
    subpackage: p.subpackage,
    steps: flatten(p.steps, [], { errors, sources, supported, recipe }),
  }));
  if (errors.length > 0) throw new RecipeErrors(errors);
  // the built-in fetch runs on the host here; its needs (wget) serve only melange's in-sandbox download
  const hostFetch = runnable(library, 'fetch') && library.get('fetch').origin === 'builtin';
  const needs = compiled.needs.filter((n) => !(hostFetch && n.pipeline === 'fetch')).map((n) => n.name);
  const environmentPackages = [...new Set([...recipe.environment.contents.packages, ...needs])];
  return { recipe, arch, packages, environmentPackages, sources };
}

/** a repository only reachable over the network (the sandbox has none) */
const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|[^/]+@[^:]+:)/i;

interface Collect {
  recipe: Recipe;
  errors: RecipeError[];
  sources: SourceToFetch[];
  supported: string[];
}

function flatten(steps: RecipeStep[], labels: string[], c: Collect): RunStep[] {
  const out: RunStep[] = [];
  for (const step of steps) {
    const label = [...labels, step.name ?? step.uses ?? firstLine(step.runs ?? '')].filter(Boolean);
    if (step.definition && !step.definition.supported) {
      c.errors.push(new UnsupportedPipelineError(step.position, `${step.field}.uses`, step.definition.name, c.supported));
      continue;
    }
    if (step.uses === 'git-checkout' && REMOTE.test(step.inputs.repository ?? '')) {
      c.errors.push(
        new RecipeError(
          step.position,
          `${step.field}.with.repository`,
          `git-checkout of ${step.inputs.repository} needs the network, which the build sandbox does not have; fetch a release archive with expected-sha256 instead (a mirror can serve it offline)`,
        ),
      );
      continue;
    }
    // only our own fetch is done on the host; a workspace's fetch.yaml overrides it like any built-in
    if (step.uses === 'fetch' && step.definition?.origin === 'builtin') {
      const fetch = recordFetch(step, c);
      if (fetch) {
        out.push({
          field: step.field,
          label: label.join(' › '),
          position: step.position,
          runs: '',
          workingDirectory: step.workingDirectory,
          environment: step.environment,
          fetch,
        });
      }
      continue;
    }
    if (step.runs !== undefined && step.runs.trim() !== '') {
      out.push({
        field: step.field,
        label: label.join(' › '),
        position: step.position,
        runs: step.runs,
        workingDirectory: step.workingDirectory,
        environment: step.environment,
      });
    }
    out.push(...flatten(step.steps, label, c));
  }
  return out;
}

function recordFetch(step: RecipeStep, c: Collect): FetchAction | undefined {
  const input = (k: string) => step.inputs[k] ?? '';
  let expected: Digest | undefined;
  for (const algorithm of ['sha256', 'sha512'] as const) {
    const value = input(`expected-${algorithm}`);
    if (!value) continue;
    try {
      expected = parseDigest(algorithm, value);
    } catch (err) {
      if (!(err instanceof DigestFormatError)) throw err;
      const field = `${step.field}.with.expected-${algorithm}`;
      // a fetch written in the recipe itself can point at the exact line of the checksum
      const position = step.field.includes('uses(') ? step.position : c.recipe.positions.positionOf(field);
      c.errors.push(new RecipeError(position, field, err.message));
      return undefined;
    }
    break;
  }
  if (!expected) {
    c.errors.push(
      new RecipeError(
        step.position,
        `${step.field}.with`,
        'fetch needs expected-sha256 or expected-sha512: the embedded builder verifies every source before the build and keeps it by digest (expected-none is not supported)',
      ),
    );
    return undefined;
  }
  const strip = Number(input('strip-components') || '1');
  if (!Number.isInteger(strip) || strip < 0) {
    c.errors.push(new RecipeError(step.position, `${step.field}.with.strip-components`, `strip-components must be a whole number, got "${input('strip-components')}"`));
    return undefined;
  }
  c.sources.push({
    field: step.field,
    position: step.position,
    uri: input('uri'),
    expected,
    name: input('purl-name'),
    version: input('purl-version'),
  });
  return {
    source: c.sources.length - 1,
    directory: input('directory') || '.',
    stripComponents: strip,
    extract: input('extract') !== 'false',
  };
}

function refuseUnsupported(recipe: Recipe, library: PipelineLibrary, supported: string[]): RecipeError[] {
  const out: RecipeError[] = [];
  const visit = (steps: PipelineStep[]) => {
    for (const step of steps) {
      if (step.uses !== undefined && step.pipeline.length === 0 && !runnable(library, step.uses)) {
        const field = `${step.field}.uses`;
        out.push(new UnsupportedPipelineError(recipe.positions.positionOf(field), field, step.uses, supported));
      }
      visit(step.pipeline);
    }
  };
  visit(recipe.pipeline);
  for (const sp of recipe.subpackages) visit(sp.pipeline);
  return out;
}

function runnable(library: PipelineLibrary, name: string): boolean {
  try {
    return library.get(name).supported;
  } catch (err) {
    if (err instanceof PipelineNotFoundError) return false;
    // a malformed pipeline file is reported with its own positions by the compile
    if (err instanceof RecipeErrors) return true;
    throw err;
  }
}

/** An unknown `uses:` is reported by the recipe compiler; add what the builder can run instead. */
function explainNotFound(e: RecipeError, supported: string[]): RecipeError {
  const m = /^pipeline "([^"]+)" not found/.exec(e.detail);
  if (!m) return e;
  return new UnsupportedPipelineError(e.position, e.field, m[1], supported);
}

function workspacePipelines(library: PipelineLibrary): string[] {
  return library.workspaceDirs.map((d) => `any pipeline in ${d}`);
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
