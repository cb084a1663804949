/**
 * End to end: a recipe whose build environment is another recipe's output repository.
 * greet (a shared library, its -dev split and a tool) is built from the Debian seed;
 * greet-user, an autoconf project whose configure is generated in the sandbox, then takes
 * greet-dev and, through its so: dependency, greet from that signed repository, and its
 * toolchain from the seed — where so:libc.so.6 of greet's own dependencies resolves too.
 * Both architectures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPackage, readTrustedKeys } from '@stagecraft/apk';
import type { Arch } from '@stagecraft/melange-config';
import { describe, expect, it } from 'vitest';
import { buildRecipe } from '../src/build-recipe';
import { copyFixture, seedBuildOptions, tempDir, testKey } from './build-helpers';
import { ARCH_MACHINE } from './seed-root';

const work = tempDir('build-chain');
const key = testKey(work);
const trustedKeys = readTrustedKeys([key.publicKey]);

describe.each<Arch>(['x86_64', 'aarch64'])('greet-user on top of greet for %s', (arch) => {
  it("builds from the first build's repository and records where each package came from", async () => {
    const repo = join(work, `repo-${arch}`);
    const common = { arch, signingKey: key.privateKey, cacheDir: join(work, 'sources'), ...seedBuildOptions() };
    await buildRecipe({ ...common, recipe: copyFixture('greet', join(work, `greet-${arch}`)), outDir: repo });

    const log: string[] = [];
    const result = await buildRecipe({
      ...common,
      recipe: copyFixture('greet-user', join(work, `user-${arch}`)),
      outDir: join(work, `out-${arch}`),
      repositories: [repo],
      keyrings: [key.publicKey],
      log: (l) => log.push(l),
    });

    const [user] = result.packages.map((p) => readPackage(p.file, { trustedKeys, requireSignature: true }));
    expect(user.info).toMatchObject({ name: 'greet-user', version: '0.3.0-r1', arch, license: 'Apache-2.0' });
    expect(user.info.depends).toContain('so:libgreet.so.1');
    const binary = user.dataEntries.find((e) => e.path === 'usr/bin/greet-user')!;
    expect(binary.content().readUInt16LE(18)).toBe(ARCH_MACHINE[arch]);
    expect(log.some((l) => l.includes('autoreconf'))).toBe(true);
    expect(log).toContain('checking for greeting in -lgreet... yes');

    const provenance = JSON.parse(readFileSync(result.provenanceFile!, 'utf8'));
    const env = provenance.predicate.buildDefinition.resolvedDependencies.filter((d: any) => d.annotations.kind === 'environment');
    const fromRepo = env.filter((d: any) => d.annotations.repository === repo).map((d: any) => `${d.name}=${d.annotations.version}`);
    expect(fromRepo.sort()).toEqual(['greet-dev=1.2.0-r0', 'greet=1.2.0-r0']);
    expect(env.find((d: any) => d.name === 'autoconf').annotations.repository).toBe('seed:debian');
  });
});
