/**
 * Reproducibility: the same recipe, sources and environment, built twice from copies in two
 * different directories into two different out dirs, gives byte-identical packages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRecipe } from '../src/build-recipe';
import { copyFixture, seedBuildOptions, tempDir, testKey } from './build-helpers';

const work = tempDir('reproducible');
const key = testKey(work);

describe('two builds of fixtures/greet in different directories', () => {
  it('produce byte-identical .apk files', async () => {
    const logs: string[][] = [[], []];
    const build = (n: number) =>
      buildRecipe({
        log: (l) => logs[n - 1].push(l),
        recipe: copyFixture('greet', join(work, `checkout-${n}`)),
        arch: 'x86_64',
        outDir: join(work, `out-${n}`),
        signingKey: key.privateKey,
        cacheDir: join(work, `sources-${n}`),
        ...seedBuildOptions(),
      });
    const first = await build(1);
    const second = await build(2);
    expect(second.packages.map((p) => p.sha256)).toEqual(first.packages.map((p) => p.sha256));
    for (const [i, p] of first.packages.entries()) {
      expect(readFileSync(second.packages[i].file).equals(readFileSync(p.file))).toBe(true);
    }
    expect(readFileSync(second.indexFile!).equals(readFileSync(first.indexFile!))).toBe(true);
    // same plan, same root: the second build mounts the first one's, read-only
    expect(logs[1].find((l) => l.includes('build root'))).toMatch(/^reusing build root /);
  });
});
