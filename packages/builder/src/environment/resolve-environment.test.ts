import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadSignatureError, buildPackage, generateKeyPair, indexEntryFromPackage, publicKeyOf, writeIndexFile } from '@stagecraft/apk';
import type { SourceLock } from '@stagecraft/melange-config';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { NoEnvironmentProviderError, resolveEnvironment } from './resolve-environment';

const key = generateKeyPair('test.rsa', 2048);

/** A one-package signed repository holding `hello`, which needs a C library and a shell, by package, virtual, so: and cmd: names. */
async function helloRepository(signingKey = key) {
  const base = tempDir('repo');
  const payload = join(base, 'payload');
  await mkdir(join(payload, 'usr/bin'), { recursive: true });
  await writeFile(join(payload, 'usr/bin/hello'), '#!/bin/sh\necho hello\n');
  const built = await buildPackage({
    info: {
      name: 'hello', version: '1.0-r0', arch: 'x86_64', origin: 'hello', description: 'says hello', url: '', commit: '',
      license: 'MIT', depends: ['glibc-dev', 'sh', 'so:libc.so.6', 'cmd:dash'], provides: ['cmd:hello=1.0-r0'], replaces: [], triggers: [],
    },
    dataDir: payload,
    signingKey,
    sourceDateEpoch: 0,
  });
  const repo = join(base, 'repo');
  await mkdir(join(repo, 'x86_64'), { recursive: true });
  await writeFile(join(repo, 'x86_64/hello-1.0-r0.apk'), built.bytes);
  await writeIndexFile(join(repo, 'x86_64/APKINDEX.tar.gz'), [indexEntryFromPackage(built.bytes)], { signingKey });
  const keyFile = join(base, 'test.rsa.pub');
  await writeFile(keyFile, publicKeyOf(key).pem);
  return { repo, keyFile };
}

const locked = (name: string, depends: string[] = [], provides: string[] = []) => ({
  name, version: '1:2.36-9+deb12u4', depends, provides, sha256: name.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a'), size: 100, filename: `pool/main/${name}.deb`,
});

const lock: SourceLock = {
  lockVersion: 1,
  type: 'debian',
  requested: ['libc6-dev', 'dash'],
  archs: {
    x86_64: {
      baseUrl: 'http://deb.debian.org/debian/',
      packages: [locked('libc6', [], ['so:libc.so.6=6']), locked('libc6-dev', ['libc6'], ['glibc-dev', 'libc-dev']), locked('dash', [], ['cmd:dash', 'sh'])],
    },
  },
};

describe('resolveEnvironment', () => {
  it('draws from signed repositories and the seed lock, with digests and origins', async () => {
    const { repo, keyFile } = await helloRepository();
    const plan = resolveEnvironment({ requested: ['hello'], repositories: [repo], keyrings: [keyFile], seeds: [{ name: 'debian', lock }], arch: 'x86_64' });
    expect(plan.packages.map((p) => `${p.name} ${p.version} ${p.format} ${p.origin.kind}`)).toEqual([
      'dash 1:2.36-9+deb12u4 deb seed',
      'hello 1.0-r0 apk repository',
      'libc6 1:2.36-9+deb12u4 deb seed',
      'libc6-dev 1:2.36-9+deb12u4 deb seed',
    ]);
    const libc = plan.packages.find((p) => p.name === 'libc6')!;
    expect(libc.origin).toEqual({ kind: 'seed', seed: 'debian', url: 'http://deb.debian.org/debian/pool/main/libc6.deb' });
    expect(libc.digest).toBe(`sha256:${locked('libc6').sha256}`);
    const hello = plan.packages.find((p) => p.name === 'hello')!;
    expect(hello.origin).toMatchObject({ kind: 'repository', repository: repo });
    expect(hello.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('names the missing name, the chain that needed it and the sources tried', async () => {
    const { repo, keyFile } = await helloRepository();
    const withoutShell: SourceLock = { ...lock, archs: { x86_64: { ...lock.archs.x86_64!, packages: lock.archs.x86_64!.packages.filter((p) => p.name !== 'dash') } } };
    const error = (() => {
      try {
        return resolveEnvironment({ requested: ['hello'], repositories: [repo], keyrings: [keyFile], seeds: [{ name: 'debian', lock: withoutShell }], arch: 'x86_64' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NoEnvironmentProviderError);
    expect((error as Error).message).toBe(
      `x86_64 build environment: nothing provides "sh" — required by: requested "hello" → hello-1.0-r0 depends on "sh" (sources tried: ${repo}, seed:debian)`,
    );
  });

  it('refuses a repository signed by a key that is not trusted', async () => {
    const { repo } = await helloRepository(generateKeyPair('test.rsa', 2048));
    const { keyFile } = await helloRepository();
    expect(() => resolveEnvironment({ requested: ['hello'], repositories: [repo], keyrings: [keyFile], seeds: [], arch: 'x86_64' })).toThrow(BadSignatureError);
  });

  it('says when a seed has nothing locked for the architecture', () => {
    expect(() => resolveEnvironment({ requested: ['dash'], repositories: [], keyrings: [], seeds: [{ name: 'debian', lock }], arch: 'aarch64' })).toThrow(
      'seed "debian" has no packages locked for aarch64 (locked: x86_64); run stagecraft seed lock --arch aarch64',
    );
  });
});
