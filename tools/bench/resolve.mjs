#!/usr/bin/env node
/**
 * Cost of resolveSeedingGraph on the wolfi-os corpus (3,401 recipes as the `os` stage, with the
 * published lock tools/corpus-workspace.mjs derives from them), using the compiled
 * packages/nx-melange/dist. Nx resolves the graph once per cold command, in a fresh process, so
 * the figure that counts is the FIRST run in a process (no JIT warm-up): each of --processes
 * fresh node processes loads the summaries (untimed), then times --runs resolutions. Prints the
 * median over processes of the first run, and the median of the later (warm) runs, wall and CPU
 * (user+sys of the process; steadier on a shared machine).
 *
 *   npm run build && node tools/bench/resolve.mjs [--processes 5] [--runs 3]
 *
 * Baseline, before the resolver was tuned (commit c424f4f, same machine, 2 shared cores):
 *   first run 1262 ms wall / 1873 ms CPU, warm 1084 ms wall / 1512 ms CPU.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginOptions, publishedLock } from '../corpus-workspace.mjs';
import { sharedDir } from '../shared-dir.mjs';

const BASELINE = { first: { wall: 1262, cpu: 1873 }, warm: { wall: 1084, cpu: 1512 } };

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In a fresh process: resolve the input `runs` times, print one JSON line of timings. */
function timeResolutions(inputFile, runs) {
  const { normalizeSeedingOptions, resolveSeedingGraph } = require(join(checkout, 'packages/nx-melange/dist/graph/index.js'));
  const { ARCHS } = require(join(checkout, 'packages/melange-config/dist/index.js'));
  const { summaries, lock } = JSON.parse(readFileSync(inputFile, 'utf8'));
  const options = normalizeSeedingOptions(pluginOptions());
  const recipes = summaries.map((summary) => ({ project: summary.file.replace(/\.yaml$/, ''), stage: 'os', summary }));
  const samples = [];
  let edges = 0;
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    edges = resolveSeedingGraph({ options, recipes, locks: { 'published:wolfi': lock }, archs: ARCHS }).edges.length;
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    samples.push({ wall, cpu: (cpu.user + cpu.system) / 1000 });
  }
  process.stdout.write(`${JSON.stringify({ samples, edges })}\n`);
}

function summarizeCorpus() {
  const { summarizeRecipe, PipelineLibrary } = require(join(checkout, 'packages/melange-config/dist/index.js'));
  const corpus = join(sharedDir(), 'corpus');
  const library = new PipelineLibrary({ workspaceDirs: [join(corpus, 'wolfi-os-pipelines')] });
  const summaries = [];
  for (const name of readdirSync(join(corpus, 'wolfi-os')).filter((f) => f.endsWith('.yaml')).sort()) {
    try {
      summaries.push(summarizeRecipe(readFileSync(join(corpus, 'wolfi-os', name), 'utf8'), `os/${name}`, { library }));
    } catch {
      // as in the corpus workspace: a recipe the model rejects is no graph node
    }
  }
  return summaries;
}

function main() {
  const processes = Number(option('processes', '5'));
  const runs = Number(option('runs', '3'));
  const summaries = summarizeCorpus();
  const scratch = mkdtempSync(join(tmpdir(), 'stagecraft-bench-resolve-'));
  try {
    const inputFile = join(scratch, 'input.json');
    writeFileSync(inputFile, JSON.stringify({ summaries, lock: publishedLock(summaries) }));
    const results = Array.from({ length: processes }, () =>
      JSON.parse(execFileSync(process.execPath, [self, '--child', inputFile, '--runs', String(runs)], { encoding: 'utf8', maxBuffer: 1024 * 1024 })),
    );
    const first = results.map((r) => r.samples[0]);
    const warm = results.flatMap((r) => r.samples.slice(1));
    const figure = (samples) => ({ wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) });
    const rows = [['first run', figure(first), BASELINE.first]];
    if (warm.length > 0) rows.push(['warm runs', figure(warm), BASELINE.warm]);
    console.log(`${summaries.length} recipes, ${results[0].edges} edges; ${processes} fresh processes × ${runs} resolutions; medians`);
    console.log('            wall ms   cpu ms   speed-up over baseline (wall / cpu)');
    for (const [name, f, base] of rows) {
      console.log(
        `${name.padEnd(10)} ${f.wall.toFixed(0).padStart(8)} ${f.cpu.toFixed(0).padStart(8)}   ${(base.wall / f.wall).toFixed(2)}× / ${(base.cpu / f.cpu).toFixed(2)}×`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (args[0] === '--child') timeResolutions(args[1], Number(option('runs', '3')));
else main();
