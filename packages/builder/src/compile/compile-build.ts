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
  RecipeError,
  RecipeErrors,
  type Arch,
  type CompiledStep as RecipeStep,
  type PipelineLibrary,
  type Recipe,
  type SourcePosition,
  type Subpackage,
} from '@stagecraft/melange-config';
import { DigestFormatError, parseDigest, type Digest } from '../fetch/digest';

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
  const environmentPackages = [...new Set([...recipe.environment.contents.packages, ...compiled.needs.map((n) => n.name)])];
  return { recipe, arch, packages, environmentPackages, sources };
}

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
    if (step.uses === 'fetch') recordFetch(step, c);
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

function recordFetch(step: RecipeStep, c: Collect): void {
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
      return;
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
    return;
  }
  c.sources.push({
    field: step.field,
    position: step.position,
    uri: input('uri'),
    expected,
    name: input('purl-name'),
    version: input('purl-version'),
  });
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
