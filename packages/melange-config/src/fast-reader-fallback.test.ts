import { describe, expect, it } from 'vitest';
import { parseRecipe, readRecipeFast } from './parse-recipe';
import type { YamlReader } from './node-reader';
import { PipelineLibrary } from './pipeline-library';
import type { Recipe } from './recipe-model';
import { RecipeErrors } from './recipe-error';
import { summarizeRecipe } from './summarize-recipe';

const library = new PipelineLibrary();

/** the messages of the RecipeErrors thrown by `read`, or [] when it throws none */
function errorsOf(read: () => unknown): string[] {
  try {
    read();
    return [];
  } catch (e) {
    if (e instanceof RecipeErrors) return e.errors.map(String);
    throw e;
  }
}

const withoutPositions = (recipe: Recipe) => ({ ...recipe, positions: undefined });

describe('the fast reader falls back to the exact one', () => {
  it('for YAML it declines: an alias gives the exact reader\'s recipe', () => {
    const text = `vars:\n  v: &v "1.0"\npackage:\n  name: foo\n  version: *v\n  epoch: 0\npipeline:\n  - runs: make\n`;
    expect(readRecipeFast(text, 'os/foo.yaml')).toBeUndefined();
    const recipe = parseRecipe(text, 'os/foo.yaml');
    expect(recipe.package.version).toBe('1.0');
    expect(withoutPositions(recipe)).toEqual(withoutPositions(parseRecipe(text, 'os/foo.yaml', 'exact')));
    expect(recipe.positions.positionOf('pipeline[0]')).toEqual({ file: 'os/foo.yaml', line: 8, column: 5 });
  });

  it('for a YAML error: the message is the exact reader\'s (the fast parser only declines)', () => {
    const text = `package:\n  name: foo\n  version: 1\n  name: bar\n`;
    expect(readRecipeFast(text, 'os/foo.yaml')).toBeUndefined();
    expect(errorsOf(() => parseRecipe(text, 'os/foo.yaml'))).toEqual(['os/foo.yaml:4:3: YAML syntax error: Map keys must be unique']);
  });

  it('for a recipe problem: every message, position and field path is the exact reader\'s', () => {
    const text = `package:\n  name: foo\n  version: 1\n  epoch: x\nenvironment:\n  contents:\n    packages: gcc\n`;
    expect(readRecipeFast(text, 'os/foo.yaml')).toBeUndefined();
    const expected = [
      'os/foo.yaml:4:10: package.epoch: expected a non-negative integer, found "x"',
      'os/foo.yaml:7:15: environment.contents.packages: expected a list, found "gcc"',
    ];
    for (const reader of ['fast', 'exact'] as YamlReader[]) {
      expect(errorsOf(() => parseRecipe(text, 'os/foo.yaml', reader))).toEqual(expected);
      expect(errorsOf(() => summarizeRecipe(text, 'os/foo.yaml', { library, reader }))).toEqual(expected);
    }
  });

  it('for a problem found only while compiling a recipe the fast reader read: the exact reader\'s errors', () => {
    const text = `package:\n  name: foo\n  version: 1\n  epoch: 0\npipeline:\n  - uses: no/such-pipeline\n  - runs: echo \${{vars.nope}}\n`;
    expect(readRecipeFast(text, 'os/foo.yaml')).toBeDefined();
    const exact = errorsOf(() => summarizeRecipe(text, 'os/foo.yaml', { library, reader: 'exact' }));
    expect(exact).toHaveLength(2);
    expect(exact[0]).toMatch(/^os\/foo\.yaml:6:11: pipeline\[0\]\.uses: pipeline "no\/such-pipeline" not found/);
    expect(exact[1]).toBe('os/foo.yaml:7:11: pipeline[1].runs: variable "${{vars.nope}}" is not defined');
    expect(errorsOf(() => summarizeRecipe(text, 'os/foo.yaml', { library }))).toEqual(exact);
  });
});
