/**
 * The names a recipe needs and provides, for the seeding graph: parse, compile the pipelines
 * for each architecture (needs only, `runs` untouched), and merge. Runs over every recipe at
 * every cold `nx` start, so it does no more than the graph needs.
 */
import type { Arch, Dependency, NeededName, ProvidedName, RecipeSummary } from './recipe-summary';
import { ARCHS } from './recipe-summary';
import type { Recipe } from './recipe-model';
import { ErrorCollector } from './recipe-error';
import { collectCompiledRecipe, type CompiledRecipe } from './compile-pipeline';
import type { PipelineLibrary } from './pipeline-library';
import { parseDependency } from './parse-dependency';
import { readRecipe, readRecipeFast } from './parse-recipe';
import type { YamlReader } from './node-reader';
import { fieldPath } from './node-reader';

export interface SummarizeOptions {
  library: PipelineLibrary;
  /** architectures to compute needs for (default: all of ARCHS); merged in the summary */
  archs?: readonly Arch[];
  /** default 'fast' (see YamlReader) */
  reader?: YamlReader;
}

/**
 * Summarises one recipe; throws RecipeErrors listing every problem found. A recipe read by the
 * fast reader with any problem, even one found only while compiling, is summarised again from
 * the exact reader, whose positions the errors then carry.
 */
export function summarizeRecipe(text: string, file: string, options: SummarizeOptions): RecipeSummary {
  if ((options.reader ?? 'fast') === 'fast') {
    const summary = summarizeFast(text, file, options);
    if (summary) return summary;
  }
  const errors = new ErrorCollector();
  const recipe = readRecipe(text, file, errors, 'exact');
  errors.throwIfAny();
  const summary = summarizeParsedRecipe(recipe as Recipe, options, errors);
  errors.throwIfAny();
  return summary;
}

function summarizeFast(text: string, file: string, options: SummarizeOptions): RecipeSummary | undefined {
  const recipe = readRecipeFast(text, file);
  if (!recipe) return undefined;
  const errors = new ErrorCollector();
  try {
    const summary = summarizeParsedRecipe(recipe, options, errors);
    return errors.size === 0 ? summary : undefined;
  } catch {
    // whatever was thrown, the exact path throws it again, with the exact reader's positions
    return undefined;
  }
}

/** The architectures a recipe builds for, out of those asked for. */
export function recipeArchs(recipe: Recipe, archs: readonly Arch[] = ARCHS): Arch[] {
  const target = recipe.package.targetArchitecture;
  if (target.length === 0 || target.includes('all')) return [...archs];
  return archs.filter((a) => target.includes(a) || (a === 'x86_64' && target.includes('amd64')) || (a === 'aarch64' && target.includes('arm64')));
}

export function summarizeParsedRecipe(recipe: Recipe, options: SummarizeOptions, errors: ErrorCollector): RecipeSummary {
  const pkg = recipe.package;
  const archs = recipeArchs(recipe, options.archs ?? ARCHS);
  // one entry per (field, name), in first-seen order; the position is looked up once
  const needs: NeededName[] = [];
  const byField = new Map<string, NeededName | NeededName[]>();
  const need = (raw: string, field: string, position: () => NeededName['position'], arch: Arch, pipeline?: string) => {
    const found = byField.get(field);
    const same = Array.isArray(found) ? found.find((n) => n.raw === raw) : found?.raw === raw ? found : undefined;
    if (same) {
      if (!same.archs.includes(arch)) same.archs.push(arch);
      return;
    }
    const entry: NeededName = Object.assign(parseDependency(raw), { field, position: position(), archs: [arch] });
    if (pipeline !== undefined) entry.pipeline = pipeline;
    needs.push(entry);
    // an `if:` on the arch can give one field a different name per arch
    if (found === undefined) byField.set(field, entry);
    else if (Array.isArray(found)) found.push(entry);
    else byField.set(field, [found, entry]);
  };

  const outputs = new Map<string, Recipe['subpackages'][number] | undefined>([[pkg.name, undefined]]);
  const envPackages = recipe.environment.contents.packages.map((raw, i) => ({
    raw,
    field: fieldPath('environment.contents.packages', i),
  }));
  // Most recipes read no arch variable outside `runs` (2,932 of the corpus's 3,401): their first
  // arch's compile stands for the others. One with errors is compiled for each arch, so its
  // errors are what they always were.
  let shared: CompiledRecipe | undefined;
  for (const arch of archs) {
    for (const { raw, field } of envPackages) need(raw, field, () => recipe.positions.positionOf(field), arch);
    const errorsBefore = errors.size;
    const compiled = shared ?? collectCompiledRecipe(recipe, { library: options.library, arch }, errors);
    if (shared === undefined && !compiled.archDependent && errors.size === errorsBefore) shared = compiled;
    for (const n of compiled.needs) need(n.name, n.field, () => n.position, arch, n.pipeline);
    for (const sub of compiled.subpackages) if (sub.subpackage) outputs.set(sub.package, sub.subpackage);
  }
  if (archs.length === 0) {
    for (const sub of recipe.subpackages) if (sub.if === undefined) outputs.set(sub.name, sub);
  }

  const provides: ProvidedName[] = [];
  const runtime: Record<string, Dependency[]> = {};
  for (const [name, sub] of outputs) {
    const deps = sub ? sub.dependencies : pkg.dependencies;
    const priority = Number.parseInt(deps.providerPriority ?? '0', 10) || 0;
    provides.push({ name, version: pkg.fullVersion, package: name, kind: sub ? 'subpackage' : 'package', priority });
    for (const raw of deps.provides) {
      const d = parseDependency(raw);
      provides.push({ name: d.name, version: d.op === '=' ? (d.version ?? '') : '', package: name, kind: 'provides', priority });
    }
    runtime[name] = deps.runtime.map(parseDependency);
  }

  return {
    file: recipe.file,
    name: pkg.name,
    version: pkg.version,
    epoch: pkg.epoch,
    fullVersion: pkg.fullVersion,
    description: pkg.description,
    license: pkg.copyright.map((c) => c.license).filter(Boolean).join(' AND '),
    targetArchitecture:
      pkg.targetArchitecture.length === 0 || pkg.targetArchitecture.includes('all') ? [] : recipeArchs(recipe),
    needs,
    provides,
    runtime,
    repositories: recipe.environment.contents.repositories,
  };
}
