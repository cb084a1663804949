/**
 * The fast YAML reader (fast-yaml-parser.ts) must give what the exact one (`yaml`) gives, for every recipe
 * of the wolfi-os corpus: the same RecipeSummary, field for field, positions of every needed
 * name included, and the same recipe model with the same position for every step; likewise
 * for every pipeline file, wolfi's and our built-ins. The fast reader must also serve the
 * corpus itself, not hand it all to the exact reader, or the comparison would prove nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe, PipelineLibrary, readPipelineDefinition, RecipeErrors, summarizeRecipe } from '../src/index';
import type { PipelineDefinition, Recipe } from '../src/index';
import { readRecipeFast } from '../src/parse-recipe';
import { loadFastYaml } from '../src/fast-yaml-source';
import { bothReaders } from '../src/__fixtures__/both-readers';
import { sharedDir } from '../../../tools/shared-dir.mjs';

const CORPUS = path.join(sharedDir(), 'corpus/wolfi-os');
const PIPELINES = path.join(sharedDir(), 'corpus/wolfi-os-pipelines');

/** Path of the first place where two plain values differ, or undefined when equal. */
function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${at || '(top)'}: fast ${JSON.stringify(a)} vs exact ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: fast ${JSON.stringify(a)} vs exact ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const found = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`);
    if (found) return found;
  }
  const order = (o: object) => Object.keys(o).join(',');
  return order(a) === order(b) ? undefined : `${at}: keys in order ${order(a)} vs ${order(b)}`;
}

/** Every field path a recipe's model names, with the fields a compile looks positions up for. */
function fieldsOf(recipe: Recipe): string[] {
  const fields: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const field = (value as { field?: unknown }).field;
      if (typeof field === 'string') fields.push(field, ...['uses', 'runs', 'with', 'if', 'working-directory', 'range'].map((k) => `${field}.${k}`));
      Object.values(value).forEach(visit);
    }
  };
  visit({ ...recipe, positions: undefined });
  recipe.environment.contents.packages.forEach((_, i) => fields.push(`environment.contents.packages[${i}]`));
  return fields;
}

const withoutPositions = <T extends Recipe | PipelineDefinition>(value: T) => ({ ...value, positions: undefined });

function yamlFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

describe('fast YAML reader over the wolfi-os corpus', () => {
  let recipes: { file: string; text: string }[] = [];

  beforeAll(() => {
    recipes = fs
      .readdirSync(CORPUS)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ file: `wolfi-os/${f}`, text: fs.readFileSync(path.join(CORPUS, f), 'utf8') }));
  });

  it('reads every recipe itself, handing none to the exact reader', () => {
    expect(recipes).toHaveLength(3401);
    expect(recipes.filter((r) => readRecipeFast(r.text, r.file) === undefined).map((r) => r.file)).toEqual([]);
  });

  it('summarises every recipe exactly as the exact reader does', () => {
    const fastLibrary = new PipelineLibrary({ workspaceDirs: [PIPELINES] });
    const exactLibrary = new PipelineLibrary({ workspaceDirs: [PIPELINES], reader: 'exact' });
    const differences: string[] = [];
    for (const r of recipes) {
      const fast = summarizeRecipe(r.text, r.file, { library: fastLibrary, reader: 'fast' });
      const exact = summarizeRecipe(r.text, r.file, { library: exactLibrary, reader: 'exact' });
      const difference = firstDifference(fast, exact);
      if (difference) differences.push(`${r.file}: ${difference}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('reads the same recipe model, with the same position for every step and environment package', () => {
    const differences: string[] = [];
    for (const r of recipes) {
      const fast = parseRecipe(r.text, r.file, 'fast');
      const exact = parseRecipe(r.text, r.file, 'exact');
      const difference =
        firstDifference(withoutPositions(fast), withoutPositions(exact)) ??
        firstDifference(
          Object.fromEntries(fieldsOf(exact).map((f) => [f, fast.positions.positionOf(f)])),
          Object.fromEntries(fieldsOf(exact).map((f) => [f, exact.positions.positionOf(f)])),
        );
      if (difference) differences.push(`${r.file}: ${difference}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('parses every node of every recipe and pipeline file into the value and offset the exact reader gives it', () => {
    const files = [...recipes.map((r) => path.join(CORPUS, path.basename(r.file))), ...yamlFilesUnder(PIPELINES), ...yamlFilesUnder(new PipelineLibrary().builtinDir)];
    const differences: string[] = [];
    for (const file of files) {
      const { fast, exact } = bothReaders(fs.readFileSync(file, 'utf8'), file);
      const difference = firstDifference(fast, exact);
      if (difference) differences.push(`${file}: ${difference}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('agrees with the exact reader on every mutated recipe it accepts (seeded edits: YAML indicators inserted, characters deleted, indents shifted)', () => {
    const edits = ['"', "'", ':', ': ', ' #', '#', '\t', '\n', '- ', '  ', '|', '>', '[', ']', '{', '}', ',', '\\', '---\n', '...', '&a ', '*a', '!', '?', '\r\n', '|-\n', '>-', "''", '""', '\n\n', '%'];
    let seed = 20261129;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const differences: string[] = [];
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const recipe = recipes[random(recipes.length)]!;
      let text = recipe.text;
      for (let edit = 1 + random(3); edit > 0; edit--) {
        // the structure of a recipe is at its top; its scripts fill the rest
        const at = random(Math.min(text.length, 3000));
        const kind = random(3);
        if (kind === 0) text = text.slice(0, at) + edits[random(edits.length)] + text.slice(at);
        else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + random(3));
        else {
          const line = text.lastIndexOf('\n', at) + 1;
          text = text.slice(0, line) + ' '.repeat(random(3)) + text.slice(line + random(2));
        }
      }
      if (loadFastYaml(text, recipe.file) === undefined) continue;
      accepted++;
      const { fast, exact } = bothReaders(text, recipe.file);
      const difference = firstDifference(fast, exact);
      if (difference) differences.push(`${recipe.file} edit ${i}: ${difference}`);
    }
    // the check proves something only if the fast reader took a good share of the edited files
    expect(accepted).toBeGreaterThan(1000);
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('reads every pipeline file, wolfi\'s and the built-ins, as the exact reader does', () => {
    const files = [...yamlFilesUnder(PIPELINES), ...yamlFilesUnder(new PipelineLibrary().builtinDir)];
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => loadFastYaml(fs.readFileSync(file, 'utf8'), file) === undefined)).toEqual([]);
    const differences: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = readPipelineDefinition(text, file, 'p', 'workspace', 'fast');
      const exact = readPipelineDefinition(text, file, 'p', 'workspace', 'exact');
      // two of wolfi's test pipelines have a step field melange does not know
      if (fast instanceof RecipeErrors || exact instanceof RecipeErrors) {
        if (String(fast) !== String(exact)) differences.push(`${file}: fast ${String(fast)} vs exact ${String(exact)}`);
        continue;
      }
      const fields = ['', 'runs', 'if', 'working-directory', 'description', ...Object.keys(exact.step.inputs).map((k) => `inputs.${k}.default`)];
      const difference =
        firstDifference(withoutPositions(fast), withoutPositions(exact)) ??
        firstDifference(
          Object.fromEntries(fields.map((f) => [f, fast.positions.positionOf(f)])),
          Object.fromEntries(fields.map((f) => [f, exact.positions.positionOf(f)])),
        );
      if (difference) differences.push(`${file}: ${difference}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });
});
