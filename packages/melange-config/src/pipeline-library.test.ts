import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRecipe } from './compile-pipeline';
import { parseRecipe } from './parse-recipe';
import { PipelineLibrary, PipelineNotFoundError } from './pipeline-library';
import { RecipeErrors } from './recipe-error';
import { writePipelineDir } from './__fixtures__/write-pipeline-dir';

describe('PipelineLibrary', () => {
  it('searches workspace dirs in order before the built-ins', () => {
    const first = writePipelineDir({ strip: 'name: our strip\npipeline:\n  - runs: "true"\n' });
    const second = writePipelineDir({ strip: 'name: second strip\n', 'only-here': 'name: only here\n' });
    const library = new PipelineLibrary({ workspaceDirs: [first, second] });
    expect(library.get('strip')).toMatchObject({ name: 'strip', origin: 'workspace', supported: true, file: path.join(first, 'strip.yaml') });
    expect(library.get('only-here').step.name).toBe('only here');
    expect(library.get('split/dev').origin).toBe('builtin');
    expect(new PipelineLibrary().get('strip').step.name).toBe('Strip binaries');
  });

  it('reads inputs, needs and the description of a pipeline file', () => {
    const dir = writePipelineDir({
      'x/y': 'name: y\ndescription: does y\nneeds:\n  packages:\n    - a\ninputs:\n  k:\n    description: a key\n    default: v\n    required: true\n',
    });
    const y = new PipelineLibrary({ workspaceDirs: [dir] }).get('x/y');
    expect(y.description).toBe('does y');
    expect(y.step.needs).toEqual(['a']);
    expect(y.step.inputs).toEqual({ k: { description: 'a key', default: 'v', required: true } });
  });

  it('refuses absolute names and names that climb out of the pipeline dirs', () => {
    const library = new PipelineLibrary();
    for (const name of ['/etc/passwd', '../secrets', 'split/../../x']) {
      expect(() => library.get(name)).toThrow(PipelineNotFoundError);
    }
  });

  it('reports a malformed pipeline file with its own positions, every time it is asked for', () => {
    const dir = writePipelineDir({ bad: 'name: bad\ninputs:\n  a:\n    defualt: 1\n' });
    const library = new PipelineLibrary({ workspaceDirs: [dir] });
    for (let i = 0; i < 2; i++) {
      try {
        library.get('bad');
        expect.unreachable();
      } catch (e) {
        expect((e as RecipeErrors).errors.map(String)).toEqual([
          `${path.join(dir, 'bad.yaml')}:4:5: inputs.a.defualt: unknown field "defualt" (expected one of: description, default, required)`,
        ]);
      }
    }
  });

  it('lists the known-but-unsupported built-ins with their needs, including those of pipelines they run', () => {
    const library = new PipelineLibrary();
    const recipe = parseRecipe(
      'package:\n  name: g\n  version: 1\n  epoch: 0\npipeline:\n  - uses: go/build/v2\n',
      'os/g.yaml',
    );
    const compiled = compileRecipe(recipe, { library, arch: 'x86_64' });
    expect(compiled.needs.map((n) => `${n.name} ${n.field}`)).toEqual([
      'busybox pipeline[0].uses(go/build/v2).needs.packages[0]',
      'ca-certificates-bundle pipeline[0].uses(go/build/v2).needs.packages[1]',
      'binutils pipeline[0].uses(go/build/v2).pipeline[0].uses(strip).needs.packages[0]',
      'scanelf pipeline[0].uses(go/build/v2).pipeline[0].uses(strip).needs.packages[1]',
    ]);
  });

  it('keeps needs-only.json and the built-in YAML files apart', () => {
    const library = new PipelineLibrary();
    const yamlNames = new Set(library.supportedBuiltins());
    const overlap = library.unsupportedBuiltins().filter((n) => yamlNames.has(n));
    expect(overlap).toEqual([]);
    const json = JSON.parse(fs.readFileSync(path.join(library.builtinDir, 'needs-only.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(library.unsupportedBuiltins());
  });
});
