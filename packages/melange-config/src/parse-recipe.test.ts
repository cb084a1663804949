import { describe, expect, it } from 'vitest';
import { parseRecipe } from './parse-recipe';
import { RecipeErrors, YamlSyntaxError } from './recipe-error';

/** the messages of the RecipeErrors a recipe text throws */
function errorsOf(text: string, file = 'os/foo.yaml'): string[] {
  try {
    parseRecipe(text, file);
  } catch (e) {
    if (e instanceof RecipeErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  throw new Error('expected the recipe to be rejected');
}

const MINIMAL = `package:
  name: foo
  version: 1.10
  epoch: 2
`;

describe('parseRecipe', () => {
  it('keeps scalars as written: version 1.10 stays "1.10", epoch is a number', () => {
    const r = parseRecipe(MINIMAL, 'os/foo.yaml');
    expect(r.package.version).toBe('1.10');
    expect(r.package.epoch).toBe(2);
    expect(r.package.fullVersion).toBe('1.10-r2');
  });

  it('reports a YAML syntax error with the file and line', () => {
    const text = `package:\n  name: foo\n  version: [1.0\n`;
    try {
      parseRecipe(text, 'os/foo.yaml');
      expect.unreachable();
    } catch (e) {
      const [first] = (e as RecipeErrors).errors;
      expect(first).toBeInstanceOf(YamlSyntaxError);
      expect(first?.file).toBe('os/foo.yaml');
      expect(first?.message).toMatch(/^os\/foo\.yaml:\d+:\d+: YAML syntax error: /);
      expect(first?.line).toBeGreaterThanOrEqual(3);
    }
  });

  it('reports a duplicate key as a YAML error at its line', () => {
    expect(errorsOf(`${MINIMAL}  name: bar\n`)).toEqual([
      'os/foo.yaml:5:3: YAML syntax error: Map keys must be unique',
    ]);
  });

  it('rejects unknown keys at their position, naming the field path and the known keys', () => {
    const text = `${MINIMAL}subpackages:
  - name: foo-doc
    dependencies:
      runtim:
        - bar
`;
    expect(errorsOf(text)).toEqual([
      'os/foo.yaml:8:7: subpackages[0].dependencies.runtim: unknown field "runtim" (expected one of: runtime, provides, replaces, provider-priority, replaces-priority)',
    ]);
  });

  it('rejects a wrong shape with the field path', () => {
    expect(errorsOf(`${MINIMAL}environment:\n  contents:\n    packages: busybox\n`)).toEqual([
      'os/foo.yaml:7:15: environment.contents.packages: expected a list, found "busybox"',
    ]);
  });

  it('collects every error of a recipe instead of stopping at the first', () => {
    const text = `package:
  name: -bad
  version: ""
  epoch: x
pipeline:
  - uses: fetch
    runs: echo
`;
    const errors = errorsOf(text);
    expect(errors).toHaveLength(4);
    expect(errors.join('\n')).toContain('package.name: package name "-bad" must match');
    expect(errors.join('\n')).toContain('package.version: a package needs a non-empty version');
    expect(errors.join('\n')).toContain('package.epoch: expected a non-negative integer, found "x"');
    expect(errors.join('\n')).toContain('pipeline[0].runs: a step has either "uses" or "runs", not both');
  });

  it('requires a package section', () => {
    expect(errorsOf('pipeline: []\n')).toEqual(['os/foo.yaml:1:1: package: a recipe needs a "package" with a name and version']);
  });

  it('rejects "with" without "uses"', () => {
    expect(errorsOf(`${MINIMAL}pipeline:\n  - with:\n      a: b\n`)).toEqual([
      'os/foo.yaml:7:7: pipeline[0].with: "with" needs "uses": inputs go to a reusable pipeline',
    ]);
  });

  it('substitutes package and vars at parse time and leaves compile-time names alone', () => {
    const r = parseRecipe(
      `${MINIMAL}vars:
  py: "3.12"
environment:
  contents:
    packages:
      - python-\${{vars.py}}
pipeline:
  - runs: echo \${{package.full-version}} \${{build.arch}} \${{ package.name }}
`,
      'os/foo.yaml',
    );
    expect(r.environment.contents.packages).toEqual(['python-3.12']);
    expect(r.pipeline[0]?.runs).toBe('echo 1.10-r2 ${{build.arch}} foo');
  });

  it('applies var-transforms in order, each seeing the earlier ones, with Go replacement syntax', () => {
    const r = parseRecipe(
      `package:
  name: foo
  version: 1.2.3_rc4
  epoch: 0
var-transforms:
  - from: \${{package.version}}
    match: ^(\\d+)\\.(\\d+)\\.(\\d+)_rc(\\d+)$
    replace: \${1}.\${2}.\${3}-rc\${4}
    to: upstream
  - from: \${{vars.upstream}}
    match: \\.
    replace: _
    to: underscored
  - from: \${{vars.upstream}}
    match: ^(?P<major>\\d+)\\..*
    replace: $major$$
    to: major
`,
      'os/foo.yaml',
    );
    expect(r.vars).toMatchObject({ upstream: '1.2.3-rc4', underscored: '1_2_3-rc4', major: '1$' });
  });

  it('rejects a var-transform whose from uses a compile-time name', () => {
    expect(
      errorsOf(`${MINIMAL}var-transforms:\n  - from: \${{build.arch}}\n    match: x\n    replace: y\n    to: z\n`),
    ).toEqual([
      'os/foo.yaml:6:11: var-transforms[0].from: variable "${{build.arch}}" is not defined at parse time (var-transforms see only package.*, vars.* and earlier transforms)',
    ]);
  });

  it('rejects a var-transform regex JavaScript cannot evaluate the RE2 way', () => {
    expect(errorsOf(`${MINIMAL}var-transforms:\n  - from: a\n    match: (?U)a+\n    replace: y\n    to: z\n`)[0]).toMatch(
      /var-transforms\[0\]\.match: regular expression "\(\?U\)a\+" cannot be evaluated: the U \(ungreedy\) flag/,
    );
  });

  it('expands range subpackages over data with keys sorted, substituting range.key/value', () => {
    const r = parseRecipe(
      `${MINIMAL}data:
  - name: pythons
    items:
      "3.13": "313"
      "3.10": "310"
      "3.12": "312"
subpackages:
  - range: pythons
    name: py\${{range.key}}-foo
    dependencies:
      provider-priority: \${{range.value}}
      runtime:
        - python-\${{range.key}}
  - name: foo-doc
`,
      'os/foo.yaml',
    );
    expect(r.subpackages.map((s) => s.name)).toEqual(['py3.10-foo', 'py3.12-foo', 'py3.13-foo', 'foo-doc']);
    expect(r.subpackages[1]?.dependencies).toMatchObject({ providerPriority: '312', runtime: ['python-3.12'] });
    expect(r.subpackages[1]?.range).toEqual({ data: 'pythons', key: '3.12', value: '312' });
    expect(r.subpackages[1]?.field).toBe('subpackages[0]');
  });

  it('rejects a range over a data set that does not exist', () => {
    expect(errorsOf(`${MINIMAL}subpackages:\n  - range: nope\n    name: x\n`)).toEqual([
      'os/foo.yaml:6:12: subpackages[0].range: range "nope" names no data set (the recipe has no "data")',
    ]);
  });

  it('reports an unknown substitution where only parse-time names can appear', () => {
    expect(errorsOf(`${MINIMAL}package2: x\n`)[0]).toContain('unknown field "package2"');
    expect(
      errorsOf(`${MINIMAL}environment:\n  contents:\n    packages:\n      - gcc-\${{vars.gcc}}\n`),
    ).toEqual([
      'os/foo.yaml:8:9: environment.contents.packages[0]: unknown substitution ${{vars.gcc}}: only package.*, vars.*, var-transforms and range.* are defined here',
    ]);
  });

  it('rejects duplicate subpackage names and a subpackage named like the package', () => {
    const errors = errorsOf(`${MINIMAL}subpackages:\n  - name: foo\n  - name: foo-dev\n  - name: foo-dev\n`);
    expect(errors).toEqual([
      'os/foo.yaml:6:11: subpackages[0].name: subpackage name "foo" is the main package\'s name',
      'os/foo.yaml:8:11: subpackages[2].name: subpackage name "foo-dev" is already used by subpackages[1]',
    ]);
  });

  it('rejects a provider-priority that is not an integer', () => {
    expect(errorsOf(`${MINIMAL}  dependencies:\n    provider-priority: high\n`)).toEqual([
      'os/foo.yaml:6:24: package.dependencies.provider-priority: provider-priority must be an integer, found "high"',
    ]);
  });

  it('accepts update: with any content and ignores it', () => {
    const r = parseRecipe(`${MINIMAL}update:\n  enabled: true\n  github:\n    identifier: a/b\n`, 'os/foo.yaml');
    expect(r.package.name).toBe('foo');
  });

  it('gives field positions for later errors', () => {
    const r = parseRecipe(`${MINIMAL}pipeline:\n  - uses: fetch\n    with:\n      uri: x\n`, 'os/foo.yaml');
    expect(r.positions.positionOf('pipeline[0].with.uri')).toEqual({ file: 'os/foo.yaml', line: 8, column: 12 });
  });
});
