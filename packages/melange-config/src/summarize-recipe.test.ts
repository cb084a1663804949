import { describe, expect, it } from 'vitest';
import { PipelineLibrary } from './pipeline-library';
import { RecipeErrors } from './recipe-error';
import { summarizeRecipe } from './summarize-recipe';
import { writePipelineDir } from './__fixtures__/write-pipeline-dir';

const library = new PipelineLibrary({
  workspaceDirs: [
    writePipelineDir({
      'py/build': `name: py build\nneeds:\n  packages:\n    - py3-\${{inputs.python}}-build\ninputs:\n  python:\n    default: "3.12"\npipeline:\n  - uses: strip\n`,
    }),
  ],
});

const RECIPE = `package:
  name: foo
  version: 2.1.0
  epoch: 3
  description: the foo tool
  copyright:
    - license: MIT
    - license: Apache-2.0
  dependencies:
    runtime:
      - libbar>=1.2
    provides:
      - foo-compat=\${{package.full-version}}
      - cmd:foo
    provider-priority: \${{vars.prio}}
vars:
  prio: "10"
environment:
  contents:
    repositories:
      - https://packages.example.org/os
    packages:
      - build-base
      - gcc~13
      - make
pipeline:
  - uses: autoconf/make
  - if: \${{build.arch}} == 'aarch64'
    uses: py/build
  - if: \${{build.arch}} == 'x86_64'
    runs: echo x
    needs:
      packages:
        - nasm<3
subpackages:
  - name: foo-dev
    dependencies:
      runtime:
        - foo
      provider-priority: "5"
    pipeline:
      - uses: split/dev
  - name: foo-arm
    if: \${{build.arch}} == 'aarch64'
`;

describe('summarizeRecipe', () => {
  const s = summarizeRecipe(RECIPE, 'os/foo.yaml', { library });

  it('describes the package', () => {
    expect(s).toMatchObject({
      file: 'os/foo.yaml',
      name: 'foo',
      version: '2.1.0',
      epoch: 3,
      fullVersion: '2.1.0-r3',
      description: 'the foo tool',
      license: 'MIT AND Apache-2.0',
      targetArchitecture: [],
      repositories: ['https://packages.example.org/os'],
    });
  });

  it('needs the environment plus every used pipeline\'s needs, recursively, per arch', () => {
    const needs = s.needs.map((n) => `${n.raw} [${n.archs.join(',')}] ${n.field}`);
    expect(needs).toEqual([
      'build-base [x86_64,aarch64] environment.contents.packages[0]',
      'gcc~13 [x86_64,aarch64] environment.contents.packages[1]',
      'make [x86_64,aarch64] environment.contents.packages[2]',
      'make [x86_64,aarch64] pipeline[0].uses(autoconf/make).needs.packages[0]',
      'nasm<3 [x86_64] pipeline[2].needs.packages[0]',
      'busybox [x86_64,aarch64] subpackages[0].pipeline[0].uses(split/dev).needs.packages[0]',
      'py3-3.12-build [aarch64] pipeline[1].uses(py/build).needs.packages[0]',
      'binutils [aarch64] pipeline[1].uses(py/build).pipeline[0].uses(strip).needs.packages[0]',
      'scanelf [aarch64] pipeline[1].uses(py/build).pipeline[0].uses(strip).needs.packages[1]',
    ]);
  });

  it('parses constraints and points each need at its recipe line', () => {
    const gcc = s.needs.find((n) => n.name === 'gcc');
    expect(gcc).toMatchObject({ op: '~', version: '13', position: { file: 'os/foo.yaml', line: 24, column: 9 } });
    const strip = s.needs.find((n) => n.name === 'binutils');
    expect(strip).toMatchObject({ pipeline: 'strip', position: { line: 28, column: 5 } });
  });

  it('provides the package, its subpackages (for any arch) and provides entries, with versions and priorities', () => {
    expect(s.provides).toEqual([
      { name: 'foo', version: '2.1.0-r3', package: 'foo', kind: 'package', priority: 10 },
      { name: 'foo-compat', version: '2.1.0-r3', package: 'foo', kind: 'provides', priority: 10 },
      { name: 'cmd:foo', version: '', package: 'foo', kind: 'provides', priority: 10 },
      { name: 'foo-dev', version: '2.1.0-r3', package: 'foo-dev', kind: 'subpackage', priority: 5 },
      { name: 'foo-arm', version: '2.1.0-r3', package: 'foo-arm', kind: 'subpackage', priority: 0 },
    ]);
  });

  it('lists runtime dependencies per output package', () => {
    expect(s.runtime).toEqual({
      foo: [{ raw: 'libbar>=1.2', name: 'libbar', op: '>=', version: '1.2' }],
      'foo-dev': [{ raw: 'foo', name: 'foo' }],
      'foo-arm': [],
    });
  });

  it('computes only the asked architectures', () => {
    const x86 = summarizeRecipe(RECIPE, 'os/foo.yaml', { library, archs: ['x86_64'] });
    expect(x86.needs.every((n) => n.archs.join() === 'x86_64')).toBe(true);
    expect(x86.provides.map((p) => p.name)).not.toContain('foo-arm');
  });

  it('limits needs to target-architecture', () => {
    const arm = summarizeRecipe(
      `package:\n  name: a\n  version: 1\n  epoch: 0\n  target-architecture:\n    - aarch64\nenvironment:\n  contents:\n    packages:\n      - x\n`,
      'os/a.yaml',
      { library },
    );
    expect(arm.targetArchitecture).toEqual(['aarch64']);
    expect(arm.needs.map((n) => n.archs)).toEqual([['aarch64']]);
  });

  it('throws every parse error at once, and the compile errors once the recipe parses', () => {
    try {
      summarizeRecipe(
        `package:\n  name: a\n  version: 1\n  epoch: 0\n  bogus: 1\npipeline:\n  - uses: autoconf/make\n    with:\n      dirr: x\n`,
        'os/a.yaml',
        { library },
      );
      expect.unreachable();
    } catch (e) {
      expect((e as RecipeErrors).errors.map(String)).toEqual([
        'os/a.yaml:5:3: package.bogus: unknown field "bogus" (expected one of: name, version, epoch, description, annotations, url, commit, target-architecture, copyright, dependencies, options, scriptlets, checks, cpe, timeout, resources, test-resources, setcap)',
      ]);
    }
    try {
      summarizeRecipe(`package:\n  name: a\n  version: 1\n  epoch: 0\npipeline:\n  - uses: autoconf/make\n    with:\n      dirr: x\n`, 'os/a.yaml', { library });
      expect.unreachable();
    } catch (e) {
      expect((e as RecipeErrors).errors.map(String)).toEqual([
        'os/a.yaml:8:13: pipeline[0].with.dirr: undefined input "dirr" for pipeline "autoconf/make" (inputs: dir, opts, targets)',
      ]);
    }
  });
});
