/**
 * Shared by the builder's end-to-end suites: a temp dir removed when the suite or test is done, a
 * throw-away signing key, a copy of a fixture recipe in a fresh directory, and the Debian seed as
 * the builds' environment source.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '@stagecraft/apk';
import type { BuildRecipeOptions } from '../src/build-recipe';
import { cacheDir, debianSeedLock } from './seed-root';

export { tempDir } from '../../../tools/test-temp-dir';

export const FIXTURES = join(__dirname, 'fixtures');

/** 2048 bits: the minimum apk accepts, and quick to generate per suite. */
export function testKey(dir: string): { privateKey: string; publicKey: string } {
  const pair = generateKeyPair('e2e-test.rsa', 2048);
  const privateKey = join(dir, pair.name);
  writeFileSync(privateKey, pair.privateKeyPem);
  writeFileSync(`${privateKey}.pub`, pair.publicKeyPem);
  return { privateKey, publicKey: `${privateKey}.pub` };
}

/** A fresh copy of fixtures/<name>, so each build reads its recipe from a different place. */
export function copyFixture(name: string, into: string): string {
  const dir = join(into, name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return join(dir, 'melange.yaml');
}

export function seedBuildOptions(): Pick<BuildRecipeOptions, 'seeds' | 'storeDir' | 'env'> {
  return {
    seeds: [{ name: 'debian', lock: debianSeedLock() }],
    storeDir: cacheDir,
    env: { SOURCE_DATE_EPOCH: '1700000000' },
  };
}
