import { describe, expect, it } from 'vitest';
import { compileRecipe } from './compile-pipeline';
import type { CompiledStep } from './compile-pipeline';
import { parseRecipe } from './parse-recipe';
import { PipelineLibrary } from './pipeline-library';
import { RecipeErrors } from './recipe-error';
import { writePipelineDir } from './__fixtures__/write-pipeline-dir';

const HEAD = `package:
  name: foo
  version: 1.0
  epoch: 0
`;

const workspace = writePipelineDir({
  'greet': `name: greet
needs:
  packages:
    - greeter-\${{inputs.flavour}}
inputs:
  who:
    description: whom to greet
    required: true
  flavour:
    default: \${{build.arch}}
pipeline:
  - runs: echo hello \${{inputs.who}} in \${{targets.contextdir}}
`,
  'outer': `name: outer
inputs:
  who:
    default: world
pipeline:
  - uses: greet
    with:
      who: \${{inputs.who}}!
`,
  'loop-a': `pipeline:\n  - uses: loop-b\n`,
  'loop-b': `pipeline:\n  - uses: loop-a\n`,
  'broken': `pipeline:\n  - runz: x\n`,
});
const library = new PipelineLibrary({ workspaceDirs: [workspace] });

function compile(body: string, arch = 'x86_64', runs = true) {
  return compileRecipe(parseRecipe(HEAD + body, 'os/foo.yaml'), { library, arch, runs });
}

function errorsOf(body: string, arch = 'x86_64'): string[] {
  try {
    compile(body, arch);
  } catch (e) {
    if (e instanceof RecipeErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  throw new Error('expected compile errors');
}

const flat = (steps: CompiledStep[]): CompiledStep[] => steps.flatMap((s) => [s, ...flat(s.steps)]);

describe('compileRecipe', () => {
  it('says whether the compile read an arch variable, not counting the names a runs body is checked for', () => {
    expect(compile('pipeline:\n  - runs: echo ${{build.arch}} ${{host.triplet.gnu}}\n', 'x86_64', false).archDependent).toBe(false);
    expect(compile('pipeline:\n  - runs: echo ${{build.arch}}\n', 'x86_64', true).archDependent).toBe(true);
    expect(compile("pipeline:\n  - if: ${{build.arch}} == 'aarch64'\n    runs: x\n", 'x86_64', false).archDependent).toBe(true);
    expect(compile('pipeline:\n  - working-directory: ${{host.triplet.rust}}\n    runs: x\n', 'x86_64', false).archDependent).toBe(true);
    // a pipeline input's default, and a subpackage's if
    expect(compile('pipeline:\n  - uses: greet\n    with:\n      who: me\n', 'x86_64', false).archDependent).toBe(true);
    expect(compile('pipeline:\n  - uses: greet\n    with:\n      who: me\n      flavour: plain\n', 'x86_64', false).archDependent).toBe(false);
    expect(compile("subpackages:\n  - name: foo-arm\n    if: ${{build.goarch}} == 'arm64'\n", 'x86_64', false).archDependent).toBe(true);
  });

  it('resolves uses, fills input defaults with compile-time names and substitutes runs', () => {
    const c = compile(`pipeline:\n  - uses: greet\n    with:\n      who: bob\n`, 'aarch64');
    const [step] = c.main.steps;
    expect(step?.inputs).toEqual({ who: 'bob', flavour: 'aarch64' });
    expect(step?.steps[0]?.runs).toBe('echo hello bob in /home/build/melange-out/foo');
    expect(c.needs).toEqual([
      {
        name: 'greeter-aarch64',
        field: 'pipeline[0].uses(greet).needs.packages[0]',
        position: { file: 'os/foo.yaml', line: 6, column: 5 },
        pipeline: 'greet',
      },
    ]);
  });

  it('leaves runs bodies alone unless asked, but still reports unknown names in them', () => {
    const c = compile(`pipeline:\n  - runs: echo \${{targets.destdir}}\n`, 'x86_64', false);
    expect(c.main.steps[0]?.runs).toBe('echo ${{targets.destdir}}');
    expect(() => compile(`pipeline:\n  - runs: echo \${{targets.dest}}\n`, 'x86_64', false)).toThrow(
      'os/foo.yaml:6:11: pipeline[0].runs: variable "${{targets.dest}}" is not defined',
    );
  });

  it('passes inputs through nested uses and names the path in needs', () => {
    const c = compile(`subpackages:\n  - name: foo-x\n    pipeline:\n      - uses: outer\n`);
    expect(c.needs[0]?.field).toBe('subpackages[0].pipeline[0].uses(outer).pipeline[0].uses(greet).needs.packages[0]');
    const greet = flat(c.subpackages[0]?.steps ?? []).find((s) => s.uses === 'greet');
    expect(greet?.inputs.who).toBe('world!');
    expect(greet?.steps[0]?.runs).toBe('echo hello world! in /home/build/melange-out/foo-x');
  });

  it('reports an undefined input at the with key, listing the inputs', () => {
    expect(errorsOf(`pipeline:\n  - uses: greet\n    with:\n      who: a\n      whom: b\n`)).toEqual([
      'os/foo.yaml:9:13: pipeline[0].with.whom: undefined input "whom" for pipeline "greet" (inputs: who, flavour)',
    ]);
  });

  it('reports a missing required input at the uses', () => {
    expect(errorsOf(`pipeline:\n  - uses: greet\n`)).toEqual([
      'os/foo.yaml:6:11: pipeline[0].with: required input "who" for pipeline "greet" is not set (whom to greet)',
    ]);
  });

  it('reports an unknown compile-time variable in runs, with, needs, working-directory and if', () => {
    const errors = errorsOf(`pipeline:
  - runs: echo \${{targets.nope}}
  - uses: greet
    with:
      who: \${{vars.nobody}}
  - working-directory: \${{package.srcdirr}}
    runs: ls
  - if: \${{build.arc}} == 'x86_64'
    runs: true
  - runs: true
    needs:
      packages:
        - \${{inputs.none}}
`);
    expect(errors).toEqual([
      'os/foo.yaml:6:11: pipeline[0].runs: variable "${{targets.nope}}" is not defined',
      'os/foo.yaml:9:12: pipeline[1].with.who: variable "${{vars.nobody}}" is not defined',
      'os/foo.yaml:10:24: pipeline[2].working-directory: variable "${{package.srcdirr}}" is not defined',
      'os/foo.yaml:12:9: pipeline[3].if: variable "${{build.arc}}" is not defined',
      'os/foo.yaml:17:11: pipeline[4].needs.packages[0]: variable "${{inputs.none}}" is not defined',
    ]);
  });

  it('skips a step whose if is false, with its needs and children', () => {
    const body = `pipeline:
  - if: \${{build.arch}} == 'aarch64'
    uses: greet
    with:
      who: arm
  - if: \${{build.arch}} != "aarch64" && ('a' == 'b' || 'c' == 'c')
    runs: echo x86
`;
    expect(compile(body, 'x86_64').main.steps.map((s) => s.runs)).toEqual(['echo x86']);
    expect(compile(body, 'x86_64').needs).toEqual([]);
    expect(compile(body, 'aarch64').needs.map((n) => n.name)).toEqual(['greeter-aarch64']);
  });

  it('drops subpackages whose if is false for the arch', () => {
    const body = `subpackages:\n  - name: foo-arm\n    if: \${{build.arch}} == 'aarch64'\n  - name: foo-doc\n`;
    expect(compile(body, 'x86_64').subpackages.map((s) => s.package)).toEqual(['foo-doc']);
    expect(compile(body, 'aarch64').subpackages.map((s) => s.package)).toEqual(['foo-arm', 'foo-doc']);
  });

  it('inherits working-directory and environment into nested steps', () => {
    const c = compile(`pipeline:
  - working-directory: /home/build/src
    environment:
      A: "1"
    pipeline:
      - runs: pwd
        environment:
          B: "2"
      - working-directory: other
        runs: pwd
`);
    const [a, b] = c.main.steps[0]?.steps ?? [];
    expect(a).toMatchObject({ workingDirectory: '/home/build/src', environment: { A: '1', B: '2' } });
    expect(b?.workingDirectory).toBe('other');
  });

  it('refuses a pipeline that uses itself', () => {
    expect(errorsOf(`pipeline:\n  - uses: loop-a\n`)[0]).toContain('pipeline "loop-a" uses itself (loop-a → loop-b → loop-a)');
  });

  it('names a pipeline that does not exist and where it was looked for', () => {
    expect(errorsOf(`pipeline:\n  - uses: nowhere/to-be-found\n`)[0]).toMatch(
      /^os\/foo\.yaml:6:11: pipeline\[0\]\.uses: pipeline "nowhere\/to-be-found" not found \(searched: .*needs-only\.json\)$/,
    );
  });

  it('reports a malformed pipeline file with its own file and line', () => {
    const errors = errorsOf(`pipeline:\n  - uses: broken\n`);
    expect(errors.some((m) => m.startsWith('os/foo.yaml:6:11: pipeline[0].uses: pipeline "broken" is malformed'))).toBe(true);
    expect(errors.some((m) => /broken\.yaml:2:5: pipeline\[0\]\.runz: unknown field "runz"/.test(m))).toBe(true);
  });

  it('marks needs-only pipelines as unsupported while still collecting their needs', () => {
    const c = compile(`pipeline:\n  - uses: go/build\n    with:\n      packages: .\n      output: foo\n      go-package: go-1.26\n`);
    expect(c.main.steps[0]?.definition).toMatchObject({ name: 'go/build', origin: 'needs-only', supported: false });
    expect(c.needs.map((n) => n.name)).toEqual(['go-1.26', 'build-base', 'busybox', 'ca-certificates-bundle']);
  });

  it('evaluates options.<name>.enabled from the enabled build options', () => {
    const body = `options:\n  fast:\n    vars:\n      level: "3"\npipeline:\n  - if: \${{options.fast.enabled}} == 'true'\n    runs: echo \${{vars.level}}\n`;
    const recipe = parseRecipe(HEAD + body, 'os/foo.yaml');
    expect(compileRecipe(recipe, { library, arch: 'x86_64', runs: true }).main.steps).toEqual([]);
    const on = compileRecipe(recipe, { library, arch: 'x86_64', runs: true, buildOptions: ['fast'] });
    expect(on.main.steps[0]?.runs).toBe('echo 3');
  });
});
