import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseRecipe, PipelineLibrary, RecipeErrors } from '@stagecraft/melange-config';
import { afterAll, describe, expect, it } from 'vitest';
import { compileBuild, UnsupportedPipelineError } from './compile-build';

const work = mkdtempSync(join(tmpdir(), 'compile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function put(rel: string, text: string): string {
  const file = join(work, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

// A workspace pipeline with inputs, a default that uses a compile-time variable, needs and
// a nested step that inherits the inputs.
put(
  'pipelines/greet.yaml',
  `name: greet
needs:
  packages:
    - coreutils
inputs:
  who:
    description: whom
    required: true
  prefix:
    description: where
    default: \${{targets.contextdir}}
pipeline:
  - runs: echo hello \${{inputs.who}} > \${{inputs.prefix}}/greeting
  - pipeline:
      - runs: echo again \${{inputs.who}}
`,
);
const library = new PipelineLibrary({ workspaceDirs: [join(work, 'pipelines')] });
const compile = (text: string, arch: 'x86_64' | 'aarch64' = 'x86_64') => compileBuild(parseRecipe(text, 'os/hello/melange.yaml'), arch, library);

const recipe = `package:
  name: hello
  version: 1.0
  epoch: 2
environment:
  contents:
    packages:
      - build-base
pipeline:
  - name: build
    working-directory: src
    environment:
      CFLAGS: -O2
    runs: make ARCH=\${{build.arch}} DESTDIR=\${{targets.destdir}}
  - uses: greet
    with:
      who: \${{package.name}}
  - if: \${{build.arch}} == 'aarch64'
    uses: greet
    needs:
      packages:
        - never-needed
    with:
      who: arm
subpackages:
  - name: hello-doc
    pipeline:
      - runs: mv \${{targets.destdir}}/usr/share \${{targets.subpkgdir}}/usr/
  - name: hello-arm-only
    if: \${{build.arch}} == 'aarch64'
`;

describe('compileBuild', () => {
  it('substitutes compile-time variables, fills input defaults and inherits working directory and environment', () => {
    const build = compile(recipe);
    const [main, doc] = build.packages;
    expect(main.steps.map((s) => s.runs)).toEqual([
      'make ARCH=x86_64 DESTDIR=/home/build/melange-out/hello',
      'echo hello hello > /home/build/melange-out/hello/greeting',
      'echo again hello',
    ]);
    expect(main.steps[0]).toMatchObject({ workingDirectory: 'src', environment: { CFLAGS: '-O2' }, label: 'build' });
    expect(main.steps[1].label).toMatch(/^greet › echo hello/);
    expect(doc.steps[0].runs).toBe('mv /home/build/melange-out/hello/usr/share /home/build/melange-out/hello-doc/usr/');
  });

  it("drops subpackages and steps whose if is false, with their needs", () => {
    const x86 = compile(recipe);
    expect(x86.packages.map((p) => p.name)).toEqual(['hello', 'hello-doc']);
    expect(x86.environmentPackages).toEqual(['build-base', 'coreutils']);
    const arm = compile(recipe, 'aarch64');
    expect(arm.packages.map((p) => p.name)).toEqual(['hello', 'hello-doc', 'hello-arm-only']);
    expect(arm.packages[0].steps).toHaveLength(5);
  });

  it('refuses an unknown pipeline with its position and the supported list', () => {
    const text = 'package:\n  name: hello\n  version: 1.0\npipeline:\n  - runs: true\n  - uses: go/build\n    with:\n      packages: .\n';
    const err = (() => {
      try {
        compile(text);
      } catch (e) {
        return e;
      }
    })() as RecipeErrors;
    expect(err).toBeInstanceOf(RecipeErrors);
    const refusal = err.errors[0] as UnsupportedPipelineError;
    expect(refusal).toBeInstanceOf(UnsupportedPipelineError);
    expect(refusal.message).toMatch(/^os\/hello\/melange.yaml:6:\d+: pipeline\[1\]\.uses: pipeline "go\/build" is not supported/);
    expect(refusal.supported.length).toBeGreaterThan(0);
  });

  it('reports undefined and missing inputs and unknown variables together', () => {
    const text = `package:
  name: hello
  version: 1.0
pipeline:
  - uses: greet
    with:
      whom: typo
  - runs: echo \${{vars.nope}}
`;
    const message = (() => {
      try {
        compile(text);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain('os/hello/melange.yaml:7:13: pipeline[0].with.whom: undefined input "whom"');
    expect(message).toContain('pipeline[0].with: required input "who" for pipeline "greet" is not set');
    expect(message).toContain('os/hello/melange.yaml:8:11: pipeline[1].runs: variable "${{vars.nope}}" is not defined');
  });

  it('records fetch sources with checksums, refusing a malformed one at compile time', () => {
    const sha = 'ab'.repeat(32);
    const ok = compile(`package:
  name: hello
  version: 1.0
pipeline:
  - uses: fetch
    with:
      uri: https://example.org/hello-\${{package.version}}.tar.gz
      expected-sha256: ${sha}
`);
    expect(ok.sources).toMatchObject([{ uri: 'https://example.org/hello-1.0.tar.gz', expected: { algorithm: 'sha256', hex: sha }, name: 'hello', version: '1.0' }]);
    expect(ok.packages[0].steps[0].fetch).toEqual({ source: 0, directory: '.', stripComponents: 1, extract: true });
    // the download happens on the host, so melange's wget is not pulled into the environment
    expect(ok.environmentPackages).toEqual([]);
    expect(() =>
      compile(`package:
  name: hello
  version: 1.0
pipeline:
  - uses: fetch
    with:
      uri: https://example.org/x.tar.gz
      expected-sha256: abc
`),
    ).toThrow(/:8:\d+: pipeline\[0\]\.with\.expected-sha256: expected-sha256 must be 64 hex characters/);
  });

  it('refuses a git-checkout that would need the network inside the sandbox', () => {
    expect(() =>
      compile(`package:
  name: hello
  version: 1.0
pipeline:
  - uses: git-checkout
    with:
      repository: https://github.com/example/hello
      tag: v1.0
      expected-commit: ${'c'.repeat(40)}
`),
    ).toThrow(/pipeline\[0\]\.with\.repository: git-checkout of https:\/\/github.com\/example\/hello needs the network/);
  });

  it('takes a workspace pipeline over the built-in of the same name', () => {
    put('override/split/dev.yaml', 'name: our split/dev\npipeline:\n  - runs: echo workspace split for ${{targets.contextdir}}\n');
    const text = 'package:\n  name: hello\n  version: 1.0\nsubpackages:\n  - name: hello-dev\n    pipeline:\n      - uses: split/dev\n';
    const withOverride = compileBuild(parseRecipe(text, 'm.yaml'), 'x86_64', new PipelineLibrary({ workspaceDirs: [join(work, 'override')] }));
    expect(withOverride.packages[1].steps.map((s) => s.runs)).toEqual(['echo workspace split for /home/build/melange-out/hello-dev']);
    const builtin = compileBuild(parseRecipe(text, 'm.yaml'), 'x86_64', new PipelineLibrary());
    expect(builtin.packages[1].steps[0].runs).not.toContain('workspace split');
  });
});
