import { describe, expect, it } from 'vitest';
import { ARCH_VARIABLES, compileSubstitutions, packageSubstitutions, UnknownArchError } from './compile-substitutions';
import { evaluateCondition } from './evaluate-condition';
import { parseRecipe } from './parse-recipe';
import { substituteAll } from './substitute';

const recipe = parseRecipe(
  `package:\n  name: foo\n  version: 1.2\n  epoch: 4\nvars:\n  v: x\noptions:\n  fast: {}\nsubpackages:\n  - name: foo-dev\n`,
  'os/foo.yaml',
);

describe('compileSubstitutions', () => {
  it('names every variable whose value differs between archs in ARCH_VARIABLES, and no other', () => {
    const x86 = packageSubstitutions(recipe, 'x86_64');
    for (const arch of ['aarch64', 'x86', 'riscv64']) {
      const other = packageSubstitutions(recipe, arch);
      expect([...other.keys()]).toEqual([...x86.keys()]);
      expect(new Set([...x86.keys()].filter((name) => other.get(name) !== x86.get(name)))).toEqual(ARCH_VARIABLES);
    }
  });

  it('defines what melange defines for the main package', () => {
    const vars = compileSubstitutions(recipe, { arch: 'aarch64' });
    const text =
      '${{package.full-version}} ${{build.arch}} ${{build.goarch}} ${{host.triplet.gnu}} ${{host.triplet.rust}} ' +
      '${{targets.destdir}} ${{targets.contextdir}} ${{targets.package.foo-dev}} ${{context.name}} ${{vars.v}} ${{options.fast.enabled}}';
    expect(substituteAll(text, vars)).toBe(
      '1.2-r4 aarch64 arm64 aarch64-unknown-linux-gnu aarch64-unknown-linux-gnu /home/build/melange-out/foo ' +
        '/home/build/melange-out/foo /home/build/melange-out/foo-dev foo x false',
    );
    expect(vars.has('subpkg.name')).toBe(false);
    expect(vars.has('package.description')).toBe(false);
  });

  it('points contextdir at the subpackage and adds the inputs of a pipeline', () => {
    const vars = compileSubstitutions(recipe, { arch: 'x86_64', subpackage: 'foo-dev', inputs: { dir: 'src' } });
    expect(substituteAll('${{targets.contextdir}} ${{targets.subpkgdir}} ${{subpkg.name}} ${{targets.destdir}} ${{inputs.dir}}', vars)).toBe(
      '/home/build/melange-out/foo-dev /home/build/melange-out/foo-dev foo-dev /home/build/melange-out/foo src',
    );
    expect(evaluateCondition("${{targets.destdir}} != ${{targets.contextdir}} && ${{host.triplet.gnu}} == 'x86_64-pc-linux-gnu'", vars)).toBe(true);
  });

  it('refuses an unknown architecture', () => {
    expect(() => compileSubstitutions(recipe, { arch: 'mips' })).toThrow(UnknownArchError);
  });
});
