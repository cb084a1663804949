import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, readPackage, trustedKeysFrom } from '@stagecraft/apk';
import { parseRecipe, PipelineLibrary } from '@stagecraft/melange-config';
import { afterAll, describe, expect, it } from 'vitest';
import { compileBuild } from '../compile/compile-build';
import { packageOutputs } from './package-outputs';

const work = mkdtempSync(join(tmpdir(), 'package-outputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Packaging only: the destdirs are written by the test as a build's steps would leave them.
const recipe = parseRecipe(
  `package:
  name: fonts
  version: 2.1.0
  epoch: 3
  description: font collection
  url: https://fonts.example
  copyright:
    - license: OFL-1.1
  dependencies:
    runtime:
      - fontconfig
    provides:
      - fonts-all=\${{package.full-version}}
    provider-priority: 10
  scriptlets:
    post-install: |
      #!/bin/sh
      fc-cache -f
    trigger:
      script: |
        #!/bin/sh
        fc-cache
      paths:
        - /usr/share/fonts
data:
  - name: faces
    items:
      serif: Serif faces
      mono: Monospaced faces
subpackages:
  - range: faces
    name: fonts-\${{range.key}}
    description: \${{range.value}}
    pipeline:
      - runs: mv \${{targets.destdir}}/usr/share/fonts/\${{range.key}} \${{targets.subpkgdir}}/usr/share/fonts/
  - name: fonts-tools
    dependencies:
      runtime:
        - fonts
`,
  'os/fonts/melange.yaml',
);
const build = compileBuild(recipe, 'x86_64', new PipelineLibrary());
const dir = (name: string) => join(work, 'melange-out', name);
for (const name of ['fonts', 'fonts-mono', 'fonts-serif', 'fonts-tools']) mkdirSync(dir(name), { recursive: true });
mkdirSync(join(dir('fonts-mono'), 'usr/share/fonts/mono'), { recursive: true });
writeFileSync(join(dir('fonts-mono'), 'usr/share/fonts/mono/a.ttf'), 'mono');
mkdirSync(join(dir('fonts-tools'), 'usr/bin'), { recursive: true });
writeFileSync(join(dir('fonts-tools'), 'usr/bin/fontlist'), '#!/usr/bin/env python3\nprint()\n', { mode: 0o755 });
writeFileSync(join(dir('fonts-tools'), 'usr/bin/fontsize'), '#!/usr/bin/perl\nprint 1;\n', { mode: 0o755 });
symlinkSync('fontlist', join(dir('fonts-tools'), 'usr/bin/fl'));

const key = generateKeyPair('unit.rsa', 2048);
const trustedKeys = trustedKeysFrom([[key.publicName, key.publicKeyPem]]);

describe('packageOutputs', async () => {
  const built = await packageOutputs({
    build,
    packageDir: dir,
    sourceDateEpoch: 1234567890,
    commit: 'a'.repeat(40),
    namespace: 'stagecraft',
    signingKey: key,
    sources: [],
    recipeFile: { path: 'os/fonts/melange.yaml', sha256: 'b'.repeat(64) },
    tool: { name: 'stagecraft', version: '0.0.0-test' },
  });
  const read = (name: string) => readPackage(built.find((b) => b.name === name)!.bytes, { trustedKeys, requireSignature: true });

  it('expands range subpackages in sorted key order, each with its own description', () => {
    expect(built.map((b) => b.fileName)).toEqual(['fonts-2.1.0-r3.apk', 'fonts-mono-2.1.0-r3.apk', 'fonts-serif-2.1.0-r3.apk', 'fonts-tools-2.1.0-r3.apk']);
    expect(read('fonts-mono').info).toMatchObject({ description: 'Monospaced faces', origin: 'fonts', url: 'https://fonts.example', license: 'OFL-1.1', maintainer: 'stagecraft', builddate: 1234567890 });
  });

  it('writes .PKGINFO from the recipe: declared dependencies, provides, priority, triggers', () => {
    const main = read('fonts');
    expect(main.info).toMatchObject({
      name: 'fonts',
      version: '2.1.0-r3',
      commit: 'a'.repeat(40),
      depends: ['fontconfig'],
      provides: ['fonts-all=2.1.0-r3'],
      providerPriority: 10,
      triggers: ['/usr/share/fonts'],
    });
  });

  it('puts the scriptlets in the control member as executables', () => {
    const control = Object.fromEntries(read('fonts').controlFiles.map((f) => [f.name, f]));
    expect(control['.post-install'].content.toString()).toBe('#!/bin/sh\nfc-cache -f\n');
    expect(control['.post-install'].mode & 0o777).toBe(0o755);
    expect(control['.trigger'].content.toString()).toBe('#!/bin/sh\nfc-cache\n');
  });

  it('merges generated names with declared ones; python shebangs are not dependencies', () => {
    const tools = read('fonts-tools');
    expect(tools.info.depends).toEqual(['cmd:perl', 'fonts']);
    expect(tools.info.provides).toEqual(['cmd:fontlist=2.1.0-r3', 'cmd:fontsize=2.1.0-r3']);
  });

  it('carries an SBOM for every package, even an empty one', () => {
    const serif = read('fonts-serif');
    expect(serif.dataEntries.map((e) => e.path)).toContain('var/lib/db/sbom/fonts-serif-2.1.0-r3.spdx.json');
  });
});
