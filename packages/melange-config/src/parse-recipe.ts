/**
 * melange.yaml → Recipe, the way melange's ParseConfiguration does it: decode with known
 * fields only, substitute the parse-time variables (package.*, vars.*, var-transforms), expand
 * `range` subpackages over their `data` (keys sorted), validate. Every problem found is
 * collected; the caller gets all of them at once, each with file:line:column and field path.
 *
 * Files are read with the fast YAML reader first. When it declines the file, or the recipe has
 * any problem at all, the file is read again with the exact reader, so what users see of a
 * problem (message, position, field path) is always the exact reader's.
 */
import type { Recipe, Subpackage } from './recipe-model';
import { ErrorCollector } from './recipe-error';
import {
  readBuildOptions,
  readCapabilities,
  readData,
  readEnvironment,
  readPackage,
  readSteps,
  readSubpackage,
  readTest,
  readVarTransforms,
  TOP_LEVEL_KEYS,
} from './read-recipe-nodes';
import type { SubpackageDeclaration } from './read-recipe-nodes';
import { ScopedVariables, substituteAll, substituteKnown, UndefinedVariableError } from './substitute';
import { replaceAllGo } from './var-transforms';
import { fieldPath } from './node-reader';
import type { NodeReader, SourceNode, YamlReader } from './node-reader';
import { parseYaml, YamlNodeReader } from './yaml-source';
import { FastNodeReader, loadFastYaml } from './fast-yaml-source';
import { validateRecipe } from './validate-recipe';
import { substituteStrings } from './substitute-strings';

/** Parses and validates a recipe; throws RecipeErrors listing every problem. */
export function parseRecipe(text: string, file: string, reader: YamlReader = 'fast'): Recipe {
  const errors = new ErrorCollector();
  const recipe = readRecipe(text, file, errors, reader);
  errors.throwIfAny();
  return recipe as Recipe;
}

/** Like parseRecipe, but adds problems to `errors`; undefined when the file is not usable at all. */
export function readRecipe(text: string, file: string, errors: ErrorCollector, reader: YamlReader = 'fast'): Recipe | undefined {
  if (reader === 'fast') {
    const recipe = readRecipeFast(text, file);
    if (recipe) return recipe;
  }
  const before = errors.size;
  const { source, doc } = parseYaml(text, file, errors);
  if (errors.size > before) return undefined;
  return readRecipeNodes(new YamlNodeReader(source, doc, errors), file);
}

/**
 * The fast reader alone: the recipe, or undefined when the fast reader declines the file or
 * finds any problem in it (the exact reader is the one to report problems).
 */
export function readRecipeFast(text: string, file: string): Recipe | undefined {
  const yaml = loadFastYaml(text, file);
  if (!yaml) return undefined;
  const errors = new ErrorCollector();
  const recipe = readRecipeNodes(new FastNodeReader(yaml.source, yaml.root, errors), file);
  return errors.size === 0 ? recipe : undefined;
}

function readRecipeNodes(r: NodeReader, file: string): Recipe | undefined {
  const root = r.root;
  const top = new Map(r.entries(root, '', TOP_LEVEL_KEYS));
  const node = (key: string): SourceNode | null => top.get(key) ?? null;
  if (!top.has('package')) {
    r.fail(root, 'package', 'a recipe needs a "package" with a name and version');
    return undefined;
  }

  const pkg = readPackage(r, node('package'));
  const rawVars = r.strMap(node('vars'), 'vars');
  const varTransforms = readVarTransforms(r, node('var-transforms'), 'var-transforms');
  const data = readData(r, node('data'), 'data');

  const parseVars = new Map<string, string>([
    ['package.name', pkg.name],
    ['package.version', pkg.version],
    ['package.epoch', String(pkg.epoch)],
    ['package.full-version', pkg.fullVersion],
    ['package.description', pkg.description],
  ]);
  for (const [k, v] of Object.entries(rawVars)) parseVars.set(`vars.${k}`, v);
  const vars = { ...rawVars };
  varTransforms.forEach((t, i) => {
    const field = fieldPath('var-transforms', i);
    try {
      const from = substituteAll(t.from, parseVars);
      const value = replaceAllGo(from, t.match, t.replace);
      parseVars.set(`vars.${t.to}`, value);
      vars[t.to] = value;
    } catch (e) {
      const sub = e instanceof UndefinedVariableError ? 'from' : 'match';
      const detail =
        e instanceof UndefinedVariableError
          ? `${e.message} at parse time (var-transforms see only package.*, vars.* and earlier transforms)`
          : (e as Error).message;
      r.failAt(offsetOrZero(r, fieldPath(field, sub)), fieldPath(field, sub), detail);
    }
  });
  // melange leaves options and capabilities unsubstituted
  const options = readBuildOptions(r, node('options'), 'options');
  const capabilities = readCapabilities(r, node('capabilities'), 'capabilities');
  const replace = (s: string) => substituteKnown(s, parseVars);
  r.replace = replace;

  const recipe: Recipe = {
    file,
    positions: { file, positionOf: (field) => r.positionOf(field) },
    package: substituteStrings(pkg, replace),
    environment: readEnvironment(r, node('environment'), 'environment'),
    pipeline: readSteps(r, node('pipeline'), 'pipeline'),
    subpackages: [],
    data,
    vars,
    varTransforms,
    options,
    capabilities,
    test: top.has('test') ? readTest(r, node('test'), 'test') : undefined,
  };
  const declarations = r.items(node('subpackages'), 'subpackages').map((n, i) =>
    readSubpackage(r, n, fieldPath('subpackages', i)),
  );
  for (const declaration of declarations) {
    recipe.subpackages.push(...expandSubpackage(declaration, data, parseVars, r));
  }
  validateRecipe(recipe, (field, detail) => r.failAt(offsetOrZero(r, field), field, detail));
  return recipe;
}

function offsetOrZero(r: NodeReader, field: string): number {
  // walk up the path until a recorded field: a missing key is reported at its parent
  let f = field;
  for (;;) {
    const offset = r.offsets.get(f);
    if (offset !== undefined) return offset;
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    if (cut <= 0) return 0;
    f = f.slice(0, cut);
  }
}

function expandSubpackage(
  declaration: SubpackageDeclaration,
  data: Recipe['data'],
  parseVars: Map<string, string>,
  r: NodeReader,
): Subpackage[] {
  const { range, ...rest } = declaration;
  // the declaration was read with the parse-time replacer; only range.* is left to fill in
  if (range === undefined || range === '') return [rest];
  const set = data.find((d) => d.name === range);
  if (!set) {
    const field = fieldPath(declaration.field, 'range');
    const known = data.map((d) => d.name);
    r.failAt(
      offsetOrZero(r, field),
      field,
      `range "${range}" names no data set${known.length ? ` (data sets: ${known.join(', ')})` : ' (the recipe has no "data")'}`,
    );
    return [];
  }
  return Object.keys(set.items)
    .sort()
    .map((key) => {
      const value = set.items[key] as string;
      const itemVars = new ScopedVariables(parseVars, new Map([['range.key', key], ['range.value', value]]));
      const expanded = substituteStrings(rest, (s) => substituteKnown(s, itemVars));
      return { ...expanded, range: { data: range, key, value } };
    });
}
