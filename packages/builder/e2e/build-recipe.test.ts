/**
 * End to end: real recipes built by buildRecipe in the real sandbox from the locked Debian
 * seed, for both architectures (aarch64 under qemu-user), inspected with @stagecraft/apk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readIndex, readPackage, readTrustedKeys } from '@stagecraft/apk';
import type { Arch } from '@stagecraft/melange-config';
import { describe, expect, it } from 'vitest';
import { buildRecipe } from '../src/build-recipe';
import { copyFixture, seedBuildOptions, tempDir, testKey } from './build-helpers';
import { ARCH_MACHINE } from './seed-root';

const work = tempDir('build-e2e');
const key = testKey(work);
const trustedKeys = readTrustedKeys([key.publicKey]);

const INTERP: Record<Arch, string> = { x86_64: 'so:ld-linux-x86-64.so.2', aarch64: 'so:ld-linux-aarch64.so.1' };

describe.each<Arch>(['x86_64', 'aarch64'])('building fixtures/greet for %s', (arch) => {
  const outDir = join(work, `out-${arch}`);
  let logLines: string[] = [];
  const built = (async () => {
    logLines = [];
    return buildRecipe({
      recipe: copyFixture('greet', join(work, `src-${arch}`)),
      arch,
      outDir,
      signingKey: key.privateKey,
      cacheDir: join(work, 'sources'),
      namespace: 'stagecraft',
      log: (l) => logLines.push(l),
      ...seedBuildOptions(),
    });
  })();

  it('writes signed packages for the main package and the split subpackage', async () => {
    const result = await built;
    expect(result.packages.map((p) => p.file.split('/').pop())).toEqual(['greet-1.2.0-r0.apk', 'greet-dev-1.2.0-r0.apk']);
    for (const p of result.packages) {
      const pkg = readPackage(p.file, { trustedKeys, requireSignature: true });
      expect(pkg.info.arch).toBe(arch);
      expect(pkg.signatures.some((s) => s.trusted)).toBe(true);
    }
  });

  it('generates so:, cmd: and pc: names from the payload', async () => {
    const result = await built;
    const [main, dev] = result.packages.map((p) => readPackage(p.file, { trustedKeys }));
    expect(main.info.provides).toEqual(['cmd:greet=1.2.0-r0', 'so:libgreet.so.1=1']);
    expect(main.info.depends).toEqual([INTERP[arch], 'so:libc.so.6']);
    expect(dev.info.provides).toEqual(['pc:greet=1.2.0-r0']);
    expect(dev.info.depends).toEqual(['so:libgreet.so.1']);
    const greet = main.dataEntries.find((e) => e.path === 'usr/bin/greet')!;
    expect(greet.content().readUInt16LE(18)).toBe(ARCH_MACHINE[arch]);
    expect(greet.mode & 0o777).toBe(0o755);
    expect(greet.mtime).toBe(1700000000);
  });

  it('puts an SPDX SBOM inside each package and provenance, index and log beside them', async () => {
    const result = await built;
    const dev = readPackage(result.packages[1].file, { trustedKeys });
    const sbom = JSON.parse(dev.dataEntries.find((e) => e.path === 'var/lib/db/sbom/greet-dev-1.2.0-r0.spdx.json')!.content().toString());
    expect(sbom.spdxVersion).toBe('SPDX-2.3');
    expect(sbom.packages[0]).toMatchObject({ name: 'greet-dev', versionInfo: '1.2.0-r0', licenseDeclared: 'MIT' });

    const provenance = JSON.parse(readFileSync(result.provenanceFile!, 'utf8'));
    expect(provenance.subject.map((s: { name: string }) => s.name)).toEqual(['greet-1.2.0-r0.apk', 'greet-dev-1.2.0-r0.apk']);
    const env = provenance.predicate.buildDefinition.resolvedDependencies.filter((d: any) => d.annotations.kind === 'environment');
    const gcc = env.find((d: any) => d.name === 'gcc');
    expect(gcc.annotations.repository).toBe('seed:debian');
    expect(gcc.digest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(gcc.uri).toMatch(/\.deb$/);

    const index = readIndex(result.indexFile!, { trustedKeys });
    expect(index.entries.map((e) => e.name)).toEqual(['greet', 'greet-dev']);
    const log = readFileSync(result.logFile!, 'utf8');
    expect(log).toMatch(/==> sandbox: greet: compile/);
    expect(log).toMatch(/<== sandbox: greet-dev: split headers: ok/);
    expect(Object.keys(result.phases)).toEqual(['compile', 'resolve', 'assemble', 'workspace', 'sandbox', 'package', 'publish', 'cleanup']);
    expect(readdirSync(join(outDir, arch)).sort()).toEqual([
      'APKINDEX.tar.gz',
      'greet-1.2.0-r0.apk',
      'greet-1.2.0-r0.build.log',
      'greet-1.2.0-r0.provenance.json',
      'greet-dev-1.2.0-r0.apk',
    ]);
    expect(existsSync(join(outDir, arch, 'greet-1.2.0-r0.apk'))).toBe(true);
  });
});
