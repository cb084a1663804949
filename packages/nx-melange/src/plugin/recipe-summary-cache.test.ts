import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { tempDir } from '../../../../tools/test-temp-dir';
import { RecipeSummaryCache, type CachedRecipe } from './recipe-summary-cache';
import { storeSummary } from './stored-summary';

const summary = (name: string): RecipeSummary => ({
  file: `os/${name}.yaml`,
  name,
  version: '1.0',
  epoch: 0,
  fullVersion: '1.0-r0',
  description: name,
  license: 'MIT',
  targetArchitecture: [],
  needs: [],
  provides: [],
  runtime: {},
  repositories: [],
});

function cachePath(): string {
  return join(tempDir('summary-cache'), 'workspace-data', 'stagecraft-recipes.json');
}

describe('RecipeSummaryCache', () => {
  it('returns what an earlier run stored, under the same context', () => {
    const path = cachePath();
    const first = RecipeSummaryCache.load(path, 'ctx');
    first.set('os/a.yaml@1', summary('a'));
    first.save();
    expect(RecipeSummaryCache.load(path, 'ctx').get('os/a.yaml@1')).toEqual(summary('a'));
  });

  it('drops everything when the context (options, pipelines, parser) changed', () => {
    const path = cachePath();
    const first = RecipeSummaryCache.load(path, 'ctx');
    first.set('os/a.yaml@1', summary('a'));
    first.save();
    expect(RecipeSummaryCache.load(path, 'other').get('os/a.yaml@1')).toBeUndefined();
  });

  it('keeps only the entries the last run used', () => {
    const path = cachePath();
    const first = RecipeSummaryCache.load(path, 'ctx');
    first.set('os/a.yaml@1', summary('a'));
    first.set('os/b.yaml@1', summary('b'));
    first.save();
    const second = RecipeSummaryCache.load(path, 'ctx');
    second.get('os/a.yaml@1');
    second.save();
    expect((JSON.parse(readFileSync(path, 'utf8')).recipes as unknown[][]).map(([, key]) => key)).toEqual(['os/a.yaml@1']);
  });

  it('does not rewrite the file on a run that changed nothing', () => {
    const path = cachePath();
    const first = RecipeSummaryCache.load(path, 'ctx');
    first.set('os/a.yaml@1', summary('a'));
    first.save();
    writeFileSync(path, readFileSync(path, 'utf8').replace('"description":"a"', '"description":"marker"'));
    const second = RecipeSummaryCache.load(path, 'ctx');
    expect(second.get('os/a.yaml@1')?.description).toBe('marker');
    second.save();
    expect(readFileSync(path, 'utf8')).toContain('marker');
  });

  it('treats a corrupt file as empty and replaces it, leaving no temp file behind', () => {
    const path = cachePath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '{"context":"ctx","recipes":');
    const cache = RecipeSummaryCache.load(path, 'ctx');
    expect(cache.get('os/a.yaml@1')).toBeUndefined();
    cache.set('os/a.yaml@1', summary('a'));
    cache.save();
    expect(RecipeSummaryCache.load(path, 'ctx').get('os/a.yaml@1')).toEqual(summary('a'));
    expect(readdirSync(join(path, '..'))).toEqual(['stagecraft-recipes.json']);
  });

  describe('a thread\'s batches, written as they come', () => {
    const batch = (...names: string[]): [string, CachedRecipe[]] => {
      const recipes = names.map((name): CachedRecipe => [`os/${name}.yaml`, `os/${name}.yaml@1`, storeSummary(summary(name))]);
      return [JSON.stringify(recipes), recipes];
    };

    it('are in the file before save(), which adds the rest and puts it in place', () => {
      const path = cachePath();
      const earlier = RecipeSummaryCache.load(path, 'ctx');
      earlier.set('os/kept.yaml@1', summary('kept'));
      earlier.save();
      const cache = RecipeSummaryCache.load(path, 'ctx');
      cache.appendBatch(...batch('a', 'b'));
      cache.appendBatch(...batch());
      cache.appendBatch(...batch('c'));
      const temp = `${path}.${process.pid}.ahead.tmp`;
      expect(readFileSync(temp, 'utf8')).toContain('"os/c.yaml@1"');
      expect(cache.get('os/b.yaml@1')).toEqual(summary('b'));
      cache.get('os/kept.yaml@1');
      cache.set('os/d.yaml@1', summary('d'));
      cache.save();
      expect(existsSync(temp)).toBe(false);
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { recipes: CachedRecipe[] };
      expect(saved.recipes.map(([, key]) => key)).toEqual(['os/a.yaml@1', 'os/b.yaml@1', 'os/c.yaml@1', 'os/kept.yaml@1', 'os/d.yaml@1']);
      const again = RecipeSummaryCache.load(path, 'ctx');
      for (const name of ['a', 'b', 'c', 'kept', 'd']) expect(again.get(`os/${name}.yaml@1`)).toEqual(summary(name));
    });

    it('fall back to a whole write when the file cannot be written ahead', () => {
      const path = cachePath();
      mkdirSync(`${path}.${process.pid}.ahead.tmp`, { recursive: true });
      const cache = RecipeSummaryCache.load(path, 'ctx');
      cache.appendBatch(...batch('a'));
      cache.save();
      expect(RecipeSummaryCache.load(path, 'ctx').get('os/a.yaml@1')).toEqual(summary('a'));
    });
  });
});

