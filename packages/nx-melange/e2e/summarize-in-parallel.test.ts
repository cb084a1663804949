/**
 * The cold graph's parallel summariser, as Nx loads it: compiled, with its worker script beside
 * it, over real wolfi-os recipes and one broken recipe; and the summary cache's compact form,
 * over every corpus recipe.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { sharedDir } from '../../../tools/shared-dir.mjs';
import type * as Parallel from '../src/plugin/summarize-in-parallel';
import type * as Summarizer from '../src/plugin/recipe-summarizer';
import type * as Stored from '../src/plugin/stored-summary';
import { contentKey } from '../src/plugin/content-key';
import { CHECKOUT, compilePlugin } from './nx-workspace';

const corpus = join(sharedDir(), 'corpus/wolfi-os');
const pipelineDir = join(sharedDir(), 'corpus/wolfi-os-pipelines');

describe.skipIf(availableParallelism() < 2)('summarizeInParallel (compiled, with worker threads)', () => {
  let parallel: typeof Parallel;
  let summarizer: typeof Summarizer;
  let stored: typeof Stored;

  beforeAll(() => {
    compilePlugin();
    parallel = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/summarize-in-parallel.js'));
    summarizer = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/recipe-summarizer.js'));
    stored = require(join(CHECKOUT, 'packages/nx-melange/dist/plugin/stored-summary.js'));
  });

  it('summarises on worker threads exactly as serially, and leaves failures to the caller', async () => {
    const recipes = readdirSync(corpus)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .slice(0, 600)
      .map((name) => ({ file: `os/${name}`, text: readFileSync(join(corpus, name), 'utf8') }));
    recipes.push({ file: 'os/broken.yaml', text: 'package:\n  name: [broken\n' });
    const root = mkdtempSync(join(tmpdir(), 'summarize-in-parallel-'));
    mkdirSync(join(root, 'os'));
    for (const { file, text } of recipes) writeFileSync(join(root, file), text);

    const summaries = (await parallel.summarizeInParallel(recipes.map((r) => r.file), root, pipelineDir))!;
    expect([...summaries.keys()].sort()).toEqual(recipes.slice(0, -1).map((r) => r.file));
    const serial = summarizer.createRecipeSummarizer('', pipelineDir);
    for (const { file, text } of recipes.slice(0, -1)) {
      const { key, stored: compact } = summaries.get(file)!;
      expect(key).toBe(contentKey(file, text));
      expect(stored.loadSummary(compact, file)).toEqual(serial(file, text));
    }
  });

  it('hands back every corpus summary in the compact cache form, which loads back to the summary unchanged', async () => {
    const recipes = readdirSync(corpus)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => ({ file: `os/${name}`, text: readFileSync(join(corpus, name), 'utf8') }));
    const summaries = (await parallel.summarizeInParallel(recipes.map((r) => r.file.slice('os/'.length)), corpus, pipelineDir))!;
    expect(summaries.size).toBe(recipes.length);
    const serial = summarizer.createRecipeSummarizer('', pipelineDir);
    let before = 0;
    let after = 0;
    for (const { file, text } of recipes) {
      const summary: RecipeSummary = serial(file, text);
      const compact = summaries.get(file.slice('os/'.length))!.stored;
      before += JSON.stringify(summary).length;
      after += JSON.stringify(compact).length;
      expect(stored.loadSummary(compact, file)).toEqual(summary);
    }
    expect(after).toBeLessThan(before / 2);
  });

  it('leaves a small batch to the caller: a thread would cost more than it saves', async () => {
    expect(parallel.summarizeInParallel(['os/a.yaml'], corpus, pipelineDir)).toBeUndefined();
  });
});
