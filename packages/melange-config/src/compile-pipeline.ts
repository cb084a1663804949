/**
 * The compile step of melange (pkg/build/compile.go), for one architecture: every step of the
 * main and subpackage pipelines, `uses:` resolved through the PipelineLibrary (recursively),
 * `with` checked against the pipeline's inputs and completed with defaults, compile-time
 * variables substituted (unknown ones are errors), `if:` evaluated (a false step is dropped
 * with its needs and children), `working-directory` and `environment` inherited by children.
 *
 * `runs` bodies are substituted only on request: the graph needs the names a recipe pulls in,
 * not its shell, and building thousands of substituted shell bodies at every `nx` start is what
 * melange's own dependencies-only compile avoids. They are still checked for unknown names, so
 * a typo in `runs` shows up in `nx graph` rather than an hour into a bootstrap.
 */
import type { SourcePosition } from './recipe-summary';
import type { FieldPositions, PipelineStep, Recipe, Subpackage } from './recipe-model';
import { ErrorCollector, RecipeError, RecipeErrors } from './recipe-error';
import { ARCH_VARIABLES, packageSubstitutions, subpackageScope } from './compile-substitutions';
import { ConditionError, evaluateCondition } from './evaluate-condition';
import { PipelineNotFoundError } from './pipeline-library';
import type { PipelineDefinition, PipelineLibrary } from './pipeline-library';
import { ScopedVariables, substituteAll, UndefinedVariableError, variablesIn } from './substitute';
import type { Variables } from './substitute';
import { fieldPath } from './node-reader';

export interface CompileOptions {
  library: PipelineLibrary;
  arch: string;
  /** substitute `runs` bodies as well (the builder wants them; the graph does not) */
  runs?: boolean;
  /** build options enabled with --build-option */
  buildOptions?: readonly string[];
}

/** A package the pipelines ask for (`needs.packages`), and where the recipe asks for it. */
export interface CompiledNeed {
  name: string;
  /** path from the recipe: `pipeline[2].uses(autoconf/make).needs.packages[0]` */
  field: string;
  /** position in the recipe of the recipe-level step that led here */
  position: SourcePosition;
  /** the innermost `uses:` pipeline that declared it */
  pipeline?: string;
}

export interface CompiledStep {
  /** path from the recipe: `pipeline[0].uses(split/dev).pipeline[1]` */
  field: string;
  /** where the step is written (the recipe, or a pipeline file) */
  position: SourcePosition;
  name?: string;
  /** the pipeline this step ran through, if it was a `uses:` step */
  uses?: string;
  /** origin of `uses`; `needs-only` pipelines cannot be run by the embedded builder */
  definition?: Pick<PipelineDefinition, 'name' | 'file' | 'origin' | 'supported'>;
  /** substituted when CompileOptions.runs is set, else as written */
  runs?: string;
  workingDirectory?: string;
  environment: Record<string, string>;
  /** the resolved inputs (`with` plus defaults), available as `${{inputs.*}}` */
  inputs: Record<string, string>;
  needs: CompiledNeed[];
  steps: CompiledStep[];
}

export interface CompiledPipeline {
  /** main package name or subpackage name */
  package: string;
  subpackage?: Subpackage;
  steps: CompiledStep[];
}

export interface CompiledRecipe {
  arch: string;
  main: CompiledPipeline;
  /** subpackages whose `if:` holds for this arch */
  subpackages: CompiledPipeline[];
  /** every `needs.packages` entry of every kept step, in order (not deduplicated, as melange) */
  needs: CompiledNeed[];
  /**
   * Whether the compile read an arch variable (ARCH_VARIABLES) for anything but checking that a
   * `runs` name is defined: if not, every other arch compiles to the same steps and needs.
   */
  archDependent: boolean;
}

const MAX_DEPTH = 32;

/**
 * The names a step's `runs` refers to, found once per step: a pipeline file's step is checked
 * for every recipe that uses it, a recipe's step once per arch.
 */
const runsNames = new WeakMap<PipelineStep, readonly string[]>();

function runsVariables(step: PipelineStep): readonly string[] {
  let names = runsNames.get(step);
  if (names === undefined) {
    names = variablesIn(step.runs ?? '');
    runsNames.set(step, names);
  }
  return names;
}

/** Compiles a recipe's pipelines for one arch; throws RecipeErrors with every problem found. */
export function compileRecipe(recipe: Recipe, options: CompileOptions): CompiledRecipe {
  const errors = new ErrorCollector();
  const compiled = collectCompiledRecipe(recipe, options, errors);
  errors.throwIfAny();
  return compiled;
}

/** Like compileRecipe, but adds problems to `errors` and returns what could be compiled. */
export function collectCompiledRecipe(recipe: Recipe, options: CompileOptions, errors: ErrorCollector): CompiledRecipe {
  const mainVars = new ArchReads(packageSubstitutions(recipe, options.arch, options.buildOptions));
  const compiler = new Compiler(recipe, options, errors, mainVars);
  const main: CompiledPipeline = {
    package: recipe.package.name,
    steps: compiler.steps(recipe.pipeline, mainVars, {}),
  };
  const subpackages: CompiledPipeline[] = [];
  for (const sub of recipe.subpackages) {
    const vars = subpackageScope(mainVars, sub.name);
    if (sub.if !== undefined && !compiler.condition(sub.if, vars, recipe.positions, fieldPath(sub.field, 'if'))) continue;
    subpackages.push({ package: sub.name, subpackage: sub, steps: compiler.steps(sub.pipeline, vars, {}) });
  }
  const needs: CompiledNeed[] = [];
  const gather = (steps: CompiledStep[]) => {
    for (const s of steps) {
      needs.push(...s.needs);
      gather(s.steps);
    }
  };
  gather(main.steps);
  for (const sub of subpackages) gather(sub.steps);
  return { arch: options.arch, main, subpackages, needs, archDependent: mainVars.archRead };
}

/** A compile's own variables, noting whether an arch variable was read. */
class ArchReads implements Variables {
  archRead = false;
  /** while checking that names are defined: any arch defines them all */
  paused = false;

  constructor(private readonly vars: ReadonlyMap<string, string>) {}

  get(name: string): string | undefined {
    if (!this.paused && ARCH_VARIABLES.has(name)) this.archRead = true;
    return this.vars.get(name);
  }
}

interface Frame {
  /** positions of the file the steps are written in */
  positions: FieldPositions;
  /** path from the recipe to the list holding the steps */
  trail: string;
  /** position in the recipe of the recipe-level step (undefined while at recipe level) */
  recipeStep?: SourcePosition;
  workingDirectory?: string;
  environment: Record<string, string>;
  /** `uses` names on the way here, to stop a pipeline that uses itself */
  stack: string[];
}

class Compiler {
  constructor(
    private readonly recipe: Recipe,
    private readonly options: CompileOptions,
    private readonly errors: ErrorCollector,
    private readonly archReads: ArchReads,
  ) {}

  steps(steps: PipelineStep[], vars: Variables, environment: Record<string, string>): CompiledStep[] {
    const frame: Frame = { positions: this.recipe.positions, trail: '', environment, stack: [] };
    return this.compileList(steps, vars, frame);
  }

  condition(expression: string, vars: Variables, positions: FieldPositions, field: string): boolean {
    try {
      return evaluateCondition(expression, vars);
    } catch (e) {
      this.report(positions, field, field, e);
      return false;
    }
  }

  private compileList(steps: PipelineStep[], vars: Variables, frame: Frame): CompiledStep[] {
    const out: CompiledStep[] = [];
    for (const step of steps) {
      const compiled = this.compileStep(step, vars, frame);
      if (compiled) out.push(compiled);
    }
    return out;
  }

  private compileStep(step: PipelineStep, parentVars: Variables, frame: Frame): CompiledStep | undefined {
    const positions = frame.positions;
    const field = frame.trail ? `${frame.trail}.${step.field.slice(step.field.lastIndexOf('pipeline['))}` : step.field;
    const position = positions.positionOf(step.field);
    const recipeStep = frame.recipeStep ?? position;
    const at = (sub: string) => fieldPath(step.field, sub);
    const shown = (sub: string) => fieldPath(field, sub);

    // a compiled config carries both `uses` and the expanded `pipeline`; melange then ignores `uses`
    let definition: PipelineDefinition | undefined;
    if (step.uses !== undefined && step.pipeline.length === 0) {
      if (frame.stack.includes(step.uses) || frame.stack.length >= MAX_DEPTH) {
        this.fail(positions, at('uses'), shown('uses'), `pipeline "${step.uses}" uses itself (${[...frame.stack, step.uses].join(' → ')})`);
        return undefined;
      }
      try {
        definition = this.options.library.get(step.uses);
      } catch (e) {
        if (e instanceof RecipeErrors) {
          this.fail(positions, at('uses'), shown('uses'), `pipeline "${step.uses}" is malformed (see the errors in ${e.errors[0]?.file})`);
          for (const inner of e.errors) this.errors.add(inner);
        } else if (e instanceof PipelineNotFoundError) {
          this.fail(positions, at('uses'), shown('uses'), e.message);
        } else throw e;
        return undefined;
      }
    }

    // melange unmarshals the pipeline file over the step: what the file sets wins
    const def = definition?.step;
    const ifExpr = def?.if ?? step.if;
    const ifPositions = def?.if !== undefined && definition ? definition.positions : positions;
    const ifField = def?.if !== undefined ? 'if' : at('if');

    const inputs = definition ? this.resolveInputs(step, definition, parentVars, positions, field) : { ...step.with };
    let vars = parentVars;
    const keys = Object.keys(inputs);
    if (keys.length > 0) {
      const own = new Map<string, string>();
      vars = new ScopedVariables(parentVars, own);
      for (const k of keys) {
        // a compiled config's plain step with `with`: its values see the inputs before them
        const value = definition ? (inputs[k] as string) : this.substitute(inputs[k] as string, vars, positions, () => at(`with.${k}`), () => shown(`with.${k}`));
        inputs[k] = value;
        own.set(`inputs.${k}`, value);
      }
    }

    if (ifExpr !== undefined) {
      const shownIf = def?.if !== undefined ? `${field}.uses(${step.uses}).if` : shown('if');
      try {
        if (!evaluateCondition(ifExpr, vars)) return undefined;
      } catch (e) {
        this.report(ifPositions, ifField, shownIf, e);
        return undefined;
      }
    }

    const wdFile = def?.workingDirectory !== undefined ? definition : undefined;
    const wdRaw = def?.workingDirectory ?? step.workingDirectory;
    const workingDirectory =
      wdRaw !== undefined
        ? this.substitute(
            wdRaw,
            vars,
            wdFile ? wdFile.positions : positions,
            () => (wdFile ? 'working-directory' : at('working-directory')),
            () => (wdFile ? `${field}.uses(${step.uses}).working-directory` : shown('working-directory')),
          )
        : frame.workingDirectory;
    const environment = { ...frame.environment, ...step.environment, ...(def?.environment ?? {}) };

    const needs: CompiledNeed[] = [];
    const addNeeds = (list: string[], filePositions: FieldPositions, base: string, shownBase: string, pipeline?: string) => {
      list.forEach((raw, i) => {
        const sf = `${shownBase}.needs.packages[${i}]`;
        const name = this.substitute(raw, vars, filePositions, () => `${base ? `${base}.` : ''}needs.packages[${i}]`, () => sf);
        needs.push({ name, field: sf, position: recipeStep, pipeline });
      });
    };
    addNeeds(step.needs, positions, step.field, field, frame.stack[frame.stack.length - 1]);
    const childTrail = definition ? `${field}.uses(${definition.name})` : field;
    if (definition) addNeeds(def?.needs ?? [], definition.positions, '', childTrail, definition.name);

    let runs = def?.runs ?? step.runs;
    if (runs !== undefined) {
      const runsPositions = def?.runs !== undefined && definition ? definition.positions : positions;
      const runsAt = def?.runs !== undefined ? 'runs' : at('runs');
      const runsShown = () => `${childTrail}.runs`;
      if (this.options.runs) runs = this.substitute(runs, vars, runsPositions, () => runsAt, runsShown);
      else this.checkDefined(def?.runs !== undefined ? (def as PipelineStep) : step, vars, runsPositions, runsAt, runsShown());
    }

    const children = definition ? def?.pipeline ?? [] : step.pipeline;
    const childFrame: Frame = {
      positions: definition ? definition.positions : positions,
      trail: childTrail,
      recipeStep,
      workingDirectory,
      environment,
      stack: definition ? [...frame.stack, definition.name] : frame.stack,
    };
    return {
      field,
      position,
      name: def?.name ?? step.name,
      uses: step.uses,
      definition: definition && {
        name: definition.name,
        file: definition.file,
        origin: definition.origin,
        supported: definition.supported,
      },
      runs,
      workingDirectory,
      environment,
      inputs,
      needs,
      steps: this.compileList(children, vars, childFrame),
    };
  }

  /** `with` checked against the pipeline's inputs, defaults filled, all substituted. */
  private resolveInputs(
    step: PipelineStep,
    definition: PipelineDefinition,
    vars: Variables,
    positions: FieldPositions,
    field: string,
  ): Record<string, string> {
    const declared = definition.step.inputs;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.with)) {
      const at = () => fieldPath(step.field, `with.${k}`);
      const shown = () => fieldPath(field, `with.${k}`);
      if (!(k in declared)) {
        const names = Object.keys(declared);
        this.fail(
          positions,
          at(),
          shown(),
          `undefined input "${k}" for pipeline "${definition.name}" (inputs: ${names.length ? names.join(', ') : 'none'})`,
        );
        continue;
      }
      out[k] = this.substitute(v, vars, positions, at, shown);
    }
    // as melange's validateWith: every declared input is defined; an empty value takes the
    // default, and a required input must end up non-empty
    for (const [k, input] of Object.entries(declared)) {
      if (out[k] !== undefined && out[k] !== '') continue;
      if (input.default !== undefined && input.default !== '') {
        out[k] = this.substitute(input.default, vars, definition.positions, () => `inputs.${k}.default`, () => `${field}.uses(${definition.name}).inputs.${k}.default`);
      } else if (input.required) {
        this.fail(
          positions,
          fieldPath(step.field, 'uses'),
          fieldPath(field, 'with'),
          `required input "${k}" for pipeline "${definition.name}" is not set${input.description ? ` (${input.description.trim()})` : ''}`,
        );
        // reported once here, not again at every use of ${{inputs.k}}
        out[k] = '';
      } else {
        out[k] = '';
      }
    }
    return out;
  }

  /** `at` and `shown` name the field for an error; built only then, as most texts have no `${{` */
  private substitute(text: string, vars: Variables, positions: FieldPositions, at: () => string, shown: () => string): string {
    if (!text.includes('${{')) return text;
    try {
      return substituteAll(text, vars);
    } catch (e) {
      this.report(positions, at(), shown(), e);
      return text;
    }
  }

  /** Reports an unknown name in a step's `runs` without building the substituted text. */
  private checkDefined(step: PipelineStep, vars: Variables, positions: FieldPositions, at: string, shown: string): void {
    this.archReads.paused = true;
    try {
      for (const name of runsVariables(step)) {
        if (vars.get(name) === undefined) {
          this.report(positions, at, shown, new UndefinedVariableError(name));
          return;
        }
      }
    } finally {
      this.archReads.paused = false;
    }
  }

  private report(positions: FieldPositions, at: string, shown: string, e: unknown): void {
    if (e instanceof UndefinedVariableError || e instanceof ConditionError) this.fail(positions, at, shown, e.message);
    else throw e;
  }

  private fail(positions: FieldPositions, at: string, shown: string, detail: string): void {
    this.errors.add(new RecipeError(positions.positionOf(at), shown, detail));
  }
}
