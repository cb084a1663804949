/**
 * Where `uses: X` comes from, as in melange: `<dir>/X.yaml` in each workspace pipeline dir
 * (`--pipeline-dir`, searched in order), then our built-in library (packages/melange-config/
 * pipelines). Built-ins we know of but do not implement (go/build, cargo/build, …) are listed in
 * pipelines/needs-only.json with their inputs and needs, so the graph still sees what they pull
 * into the environment while the builder can refuse them by name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PipelineInput, PipelineStep, FieldPositions } from './recipe-model';
import { ErrorCollector, RecipeErrors } from './recipe-error';
import { readStep, STEP_KEYS } from './read-recipe-nodes';
import { parseYaml, YamlNodeReader } from './yaml-source';
import { FastNodeReader, loadFastYaml } from './fast-yaml-source';
import type { NodeReader, YamlReader } from './node-reader';

export type PipelineOrigin = 'workspace' | 'builtin' | 'needs-only';

export interface PipelineDefinition {
  /** the name `uses:` refers to (`autoconf/make`) */
  name: string;
  /** file it was read from */
  file: string;
  origin: PipelineOrigin;
  /** false for needs-only entries: the embedded builder cannot run them */
  supported: boolean;
  description: string;
  /** the pipeline itself: name, inputs, needs, runs, if, working-directory, nested steps */
  step: PipelineStep;
  positions: FieldPositions;
}

export interface PipelineLibraryOptions {
  /** workspace pipeline dirs, searched first, in order */
  workspaceDirs?: readonly string[];
  /** the built-in library; defaults to this package's pipelines/ */
  builtinDir?: string;
  /** default 'fast' (see YamlReader) */
  reader?: YamlReader;
}

/** `uses:` names a pipeline that is nowhere to be found. */
export class PipelineNotFoundError extends Error {
  constructor(readonly pipeline: string, readonly searched: readonly string[]) {
    super(`pipeline "${pipeline}" not found (searched: ${searched.join(', ')})`);
    this.name = 'PipelineNotFoundError';
  }
}

const PIPELINE_FILE_KEYS = new Set([...STEP_KEYS, 'description']);
const DEFAULT_BUILTIN_DIR = path.join(__dirname, '..', 'pipelines');

interface NeedsOnlyEntry {
  description?: string;
  inputs?: Record<string, { description?: string; default?: string; required?: boolean }>;
  needs?: string[];
  /** built-ins the pipeline runs in turn (their needs count too) */
  uses?: string[];
}

export class PipelineLibrary {
  readonly workspaceDirs: readonly string[];
  readonly builtinDir: string;
  private readonly reader: YamlReader;
  private readonly cache = new Map<string, PipelineDefinition | RecipeErrors | PipelineNotFoundError>();
  private needsOnly?: Record<string, NeedsOnlyEntry>;

  constructor(options: PipelineLibraryOptions = {}) {
    this.workspaceDirs = options.workspaceDirs ?? [];
    this.builtinDir = options.builtinDir ?? DEFAULT_BUILTIN_DIR;
    this.reader = options.reader ?? 'fast';
  }

  /**
   * The definition `uses: name` refers to. Throws PipelineNotFoundError, or RecipeErrors when
   * the pipeline file itself is malformed (positions in that file).
   */
  get(name: string): PipelineDefinition {
    let found = this.cache.get(name);
    if (found === undefined) {
      found = this.load(name);
      this.cache.set(name, found);
    }
    if (found instanceof Error) throw found;
    return found;
  }

  /** Names of the built-in pipelines the embedded builder can run, sorted. */
  supportedBuiltins(): string[] {
    const out: string[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
        else if (entry.name.endsWith('.yaml')) out.push(prefix + entry.name.slice(0, -'.yaml'.length));
      }
    };
    walk(this.builtinDir, '');
    return out.sort();
  }

  /** Names listed as known-but-unsupported, sorted. */
  unsupportedBuiltins(): string[] {
    return Object.keys(this.readNeedsOnly()).sort();
  }

  /** The message a builder shows when a recipe uses a pipeline it cannot run. */
  unsupportedMessage(name: string): string {
    return `pipeline ${name} is not supported by the embedded builder; supported: ${this.supportedBuiltins().join(', ')} (and any pipeline in ${this.workspaceDirs.length ? this.workspaceDirs.join(', ') : 'a workspace pipeline dir'})`;
  }

  private load(name: string): PipelineDefinition | RecipeErrors | PipelineNotFoundError {
    const searched: string[] = [];
    if (path.isAbsolute(name) || name.split('/').includes('..') || name === '') {
      return new PipelineNotFoundError(name, ['(absolute paths and ".." are not allowed in uses)']);
    }
    for (const [dir, origin] of [
      ...this.workspaceDirs.map((d) => [d, 'workspace'] as const),
      [this.builtinDir, 'builtin'] as const,
    ]) {
      const file = path.join(dir, `${name}.yaml`);
      searched.push(dir);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      return readPipelineDefinition(text, file, name, origin, this.reader);
    }
    const entry = this.readNeedsOnly()[name];
    if (entry) return needsOnlyDefinition(name, entry, path.join(this.builtinDir, 'needs-only.json'));
    searched.push('needs-only.json');
    return new PipelineNotFoundError(name, searched);
  }

  private readNeedsOnly(): Record<string, NeedsOnlyEntry> {
    if (!this.needsOnly) {
      const file = path.join(this.builtinDir, 'needs-only.json');
      try {
        this.needsOnly = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, NeedsOnlyEntry>;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        this.needsOnly = {};
      }
    }
    return this.needsOnly;
  }
}

/**
 * Reads one pipeline file (melange's format: a step with `inputs`). As for recipes, the fast
 * reader goes first and the exact one reads any file with a problem, so errors are its own.
 */
export function readPipelineDefinition(
  text: string,
  file: string,
  name: string,
  origin: PipelineOrigin,
  reader: YamlReader = 'fast',
): PipelineDefinition | RecipeErrors {
  const yaml = reader === 'fast' ? loadFastYaml(text, file) : undefined;
  if (yaml) {
    const errors = new ErrorCollector();
    const definition = readDefinition(new FastNodeReader(yaml.source, yaml.root, errors), file, name, origin);
    if (definition && errors.size === 0) return definition;
  }
  const errors = new ErrorCollector();
  const { source, doc } = parseYaml(text, file, errors);
  if (errors.size > 0) return new RecipeErrors(errors.errors);
  return readDefinition(new YamlNodeReader(source, doc, errors), file, name, origin) ?? new RecipeErrors(errors.errors);
}

/** undefined when the step has problems (in r.errors); the description is read after that check */
function readDefinition(r: NodeReader, file: string, name: string, origin: PipelineOrigin): PipelineDefinition | undefined {
  const root = r.root;
  const description = new Map(r.entries(root, '', PIPELINE_FILE_KEYS)).get('description') ?? null;
  const step = readStep(r, root, '', PIPELINE_FILE_KEYS);
  if (r.errors.size > 0) return undefined;
  return {
    name,
    file,
    origin,
    supported: true,
    description: r.str(description, 'description') ?? '',
    step,
    positions: { file, positionOf: (field) => r.positionOf(field) },
  };
}

function needsOnlyDefinition(name: string, entry: NeedsOnlyEntry, file: string): PipelineDefinition {
  const inputs: Record<string, PipelineInput> = {};
  for (const [k, v] of Object.entries(entry.inputs ?? {})) {
    inputs[k] = { description: v.description ?? '', default: v.default, required: v.required ?? false };
  }
  return {
    name,
    file,
    origin: 'needs-only',
    supported: false,
    description: entry.description ?? '',
    step: {
      field: '',
      with: {},
      environment: {},
      needs: entry.needs ?? [],
      pipeline: (entry.uses ?? []).map((uses, i) => ({
        field: `pipeline[${i}]`,
        uses,
        with: {},
        environment: {},
        needs: [],
        pipeline: [],
        inputs: {},
      })),
      inputs,
    },
    positions: { file, positionOf: () => ({ file, line: 1, column: 1 }) },
  };
}
