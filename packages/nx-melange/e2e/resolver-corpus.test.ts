/**
 * Pins the seeding-graph resolver's whole output on the wolfi-os corpus (3,401 recipes as the
 * `os` stage, with the published lock tools/corpus-workspace.mjs derives from them): edges,
 * external uses, redirects, problems and every resolution with its explanation (passed-over
 * sources, closure chain, redirect), as `stagecraft why` reads them. The resolver is tuned for
 * speed at this scale; this test is what says a faster resolver still answers the same.
 *
 * The digests were recorded from the resolver before its speed work. The input is pinned too,
 * so that a change to the recipe model (summaries) is told apart from a change to the resolver:
 * if only INPUT_DIGEST fails, the summaries changed and both digests need recording again from
 * a resolver known to be right.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHS, PipelineLibrary, summarizeRecipe, type RecipeSummary, type SourceLock } from '@stagecraft/melange-config';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedLock, pluginOptions } from '../../../tools/corpus-workspace.mjs';
import { sharedDir } from '../../../tools/shared-dir.mjs';
import { CycleError, NoProviderError, normalizeSeedingOptions, resolveSeedingEdges, resolveSeedingGraph, type SeedingEdges, type SeedingGraph } from '../src/graph';

const INPUT_DIGEST = '0089cdb600caea8121cd6add61bca07e5bf376992ada88b82e4868586f5fb437';
const GRAPH_DIGEST = '4d39b1150051dc0c50ea28e15acabee81de6837c7a96478a3b6be279e5be14c7';
const UNLOCKED_GRAPH_DIGEST = 'd69085d9ad8d7857e99fb02462210ab5b73df69af0093108aafcf1edd24222c3';

/** Object keys sorted and undefined fields left out, so only content counts, not construction order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  // an Error's message and name are not own enumerable fields
  const record: Record<string, unknown> = value instanceof Error ? { ...value, message: value.message, name: value.name } : { ...value };
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
}

/** Hashed item by item: the graph written out whole is a quarter of a gigabyte. */
function digestItems(hash: Hash, label: string, items: readonly unknown[]): void {
  hash.update(`${label} ${items.length}\n`);
  for (const item of items) hash.update(`${canonical(item)}\n`);
}

function digestGraph(graph: SeedingGraph): string {
  const hash = createHash('sha256');
  digestItems(hash, 'edges', graph.edges);
  digestItems(hash, 'external', graph.external);
  digestItems(hash, 'problems', graph.problems);
  digestItems(hash, 'redirects', graph.redirects);
  digestItems(hash, 'resolutions', graph.resolutions);
  return hash.digest('hex');
}

function digestEdges(graph: SeedingEdges): string {
  const hash = createHash('sha256');
  digestItems(hash, 'edges', graph.edges);
  digestItems(hash, 'problems', graph.problems);
  digestItems(hash, 'redirects', graph.redirects);
  return hash.digest('hex');
}

describe('the seeding-graph resolver on the wolfi-os corpus', () => {
  const corpus = join(sharedDir(), 'corpus');
  let summaries: RecipeSummary[];

  beforeAll(() => {
    const library = new PipelineLibrary({ workspaceDirs: [join(corpus, 'wolfi-os-pipelines')] });
    summaries = [];
    for (const name of readdirSync(join(corpus, 'wolfi-os')).filter((entry) => entry.endsWith('.yaml')).sort()) {
      // as in the corpus workspace: a recipe the model rejects is a problem nx reports, not a graph node
      try {
        summaries.push(summarizeRecipe(readFileSync(join(corpus, 'wolfi-os', name), 'utf8'), `os/${name}`, { library }));
      } catch {
        continue;
      }
    }
  });

  it('reads the same recipe summaries as when the graph was pinned', () => {
    const hash = createHash('sha256');
    digestItems(hash, 'summaries', summaries);
    expect(hash.digest('hex')).toBe(INPUT_DIGEST);
  });

  const corpusInput = (locks: Record<string, SourceLock>) => ({
    options: normalizeSeedingOptions(pluginOptions()),
    recipes: summaries.map((summary) => ({ project: summary.file.replace(/\.yaml$/, ''), stage: 'os', summary })),
    locks,
    archs: ARCHS,
  });
  const resolveCorpus = (locks: Record<string, SourceLock>) => resolveSeedingGraph(corpusInput(locks));

  it('resolves the same graph, explanations included, as before the resolver was tuned', () => {
    const graph = resolveCorpus({ 'published:wolfi': publishedLock(summaries) });
    expect(graph.edges.length).toBeGreaterThan(20_000);
    expect(digestGraph(graph)).toBe(GRAPH_DIGEST);
  });

  // Without the published lock every name the tree cannot build, and every redirected edge, is a
  // problem, and no name resolves alike on both archs: the paths the locked corpus never takes.
  it('reports the same problems as before the resolver was tuned when the published lock is missing', () => {
    const graph = resolveCorpus({});
    expect(graph.problems.filter((p) => p instanceof CycleError).length).toBeGreaterThan(100);
    expect(graph.problems.filter((p) => p instanceof NoProviderError).length).toBeGreaterThan(100);
    expect(digestGraph(graph)).toBe(UNLOCKED_GRAPH_DIGEST);
  });

  it('gives the Nx plugin, through resolveSeedingEdges, exactly the explained graph\'s edges, problems and redirects', () => {
    for (const locks of [{ 'published:wolfi': publishedLock(summaries) }, {}]) {
      const graph = resolveCorpus(locks);
      const edges = resolveSeedingEdges(corpusInput(locks));
      expect(digestEdges(edges)).toBe(digestEdges({ ...graph, edges: graph.edges.map(({ resolutions: _resolutions, ...edge }) => edge) }));
    }
  });
});
