/**
 * The cold graph's parallel summariser, as Nx loads it: compiled, with its worker script beside
 * it, over real wolfi-os recipes and one broken recipe; and the summary cache's compact form,
 * over every corpus recipe.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { sharedDir } from '../../../tools/shared-dir.mjs';
import type * as Parallel from '../src/plugin/summarize-in-parallel';
import type * as Summarizer from '../src/plugin/recipe-summarizer';
import type * as Stored from '../src/plugin/stored-summary';
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

  it('summarises on worker threads exactly as serially, and leaves failures to the caller', async () => {
    const recipes = readdirSync(corpus)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .slice(0, 600)
      .map((name) => ({ file: `os/${name}`, text: readFileSync(join(corpus, name), 'utf8') }));
    recipes.push({ file: 'os/broken.yaml', text: 'package:\n  name: [broken\n' });

    const summaries: Map<string, RecipeSummary> = await parallel.summarizeInParallel(recipes, pipelineDir);
    expect([...summaries.keys()].sort()).toEqual(recipes.slice(0, -1).map((r) => r.file));
    const serial = summarizer.createRecipeSummarizer('', pipelineDir);
    for (const { file, text } of recipes.slice(0, -1)) expect(summaries.get(file)).toEqual(serial(file, text));
  });

  it('stores every corpus summary in the compact cache form and loads it back unchanged', async () => {
    const stored: typeof Stored = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/stored-summary.js'));
    const recipes = readdirSync(corpus)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => ({ file: `os/${name}`, text: readFileSync(join(corpus, name), 'utf8') }));
    const summaries = await parallel.summarizeInParallel(recipes, pipelineDir);
    expect(summaries.size).toBe(recipes.length);
    let before = 0;
    let after = 0;
    for (const [file, summary] of summaries) {
      const text = JSON.stringify(stored.storeSummary(summary));
      before += JSON.stringify(summary).length;
      after += text.length;
      expect(stored.loadSummary(JSON.parse(text), file)).toEqual(summary);
    }
    expect(after).toBeLessThan(before / 2);
  });

  it('leaves a small batch to the caller: a thread would cost more than it saves', async () => {
    const summaries = await parallel.summarizeInParallel([{ file: 'os/a.yaml', text: 'package: {}' }], pipelineDir);
    expect(summaries.size).toBe(0);
  });
});
