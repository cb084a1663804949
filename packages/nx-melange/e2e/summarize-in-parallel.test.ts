/**
 * The cold graph's parallel summariser, as Nx loads it: compiled, with its worker script beside
 * it. Runs over real wolfi-os recipes and one broken recipe.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { sharedDir } from '../../../tools/shared-dir.mjs';
import type { SummarizeRecipe } from '../src/plugin/create-recipe-nodes';
import type * as Parallel from '../src/plugin/summarize-in-parallel';
import type * as Summarizer from '../src/plugin/recipe-summarizer';
import { CHECKOUT, compilePlugin } from './nx-workspace';

const corpus = join(sharedDir(), 'corpus/wolfi-os');
const pipelineDir = join(sharedDir(), 'corpus/wolfi-os-pipelines');

describe.skipIf(availableParallelism() < 2)('summarizeInParallel (compiled, with worker threads)', () => {
  let parallel: typeof Parallel;
  let summarizer: typeof Summarizer;

  beforeAll(() => {
    compilePlugin();
    parallel = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/summarize-in-parallel.js'));
    summarizer = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/recipe-summarizer.js'));
  });

  it('summarises on the calling thread and on workers alike, exactly as serially, and leaves failures to the caller', async () => {
    const recipes = readdirSync(corpus)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .slice(0, 600)
      .map((name) => ({ file: `os/${name}`, text: readFileSync(join(corpus, name), 'utf8') }));
    recipes.push({ file: 'os/broken.yaml', text: 'package:\n  name: [broken\n' });

    const serial = summarizer.createRecipeSummarizer('', pipelineDir);
    const here: string[] = [];
    const countingHere: SummarizeRecipe = (file, text) => {
      here.push(file);
      return serial(file, text);
    };
    const summaries: Map<string, RecipeSummary> = await parallel.summarizeInParallel(recipes, pipelineDir, countingHere);

    expect([...summaries.keys()].sort()).toEqual(recipes.slice(0, -1).map((r) => r.file));
    for (const { file, text } of recipes.slice(0, -1)) expect(summaries.get(file)).toEqual(serial(file, text));
    // the calling thread did its share, and only its share: the rest came from workers
    expect(here.length).toBeGreaterThan(0);
    expect(here.length).toBeLessThan(recipes.length);
  });

  it('leaves a small batch to the caller: a thread would cost more than it saves', async () => {
    const here: string[] = [];
    const summaries = await parallel.summarizeInParallel([{ file: 'os/a.yaml', text: 'package: {}' }], pipelineDir, (file) => {
      here.push(file);
      throw new Error('not called');
    });
    expect(summaries.size).toBe(0);
    expect(here).toEqual([]);
  });
});
