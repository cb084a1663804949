#!/usr/bin/env node
/**
 * Cost of resolving the seeding graph of the wolfi-os corpus (3,401 recipes as the `os` stage,
 * with the published lock tools/corpus-workspace.mjs derives from them), using the compiled
 * packages/nx-melange/dist, through both entry points: resolveSeedingGraph (every name explained,
 * what `stagecraft why` reads) and resolveSeedingEdges (edges and problems only, what the Nx
 * plugin needs). Nx resolves once per cold command, in a fresh process, so the figure that counts
 * is the FIRST run in a process (no JIT warm-up): each of --processes fresh node processes per
 * entry point loads the summaries (untimed, and its garbage collected, so that parsing the input
 * is not billed to the resolver), then times --runs resolutions. Prints the median over processes
 * of the first run, and the median of the later (warm) runs, wall and CPU (user+sys).
 *
 *   npm run build && node tools/bench/resolve.mjs [--processes 5] [--runs 3] [--baseline <dist>]
 *
 * --baseline times resolveSeedingGraph from another compiled packages/nx-melange/dist too, in
 * processes interleaved with the others: this machine's speed varies with what else runs on it,
 * so only figures taken together compare. For the code before the resolver was tuned:
 *   mkdir /tmp/base && git archive c424f4f packages tsconfig.base.json | tar -x -C /tmp/base
 *   ln -s "$PWD/node_modules" /tmp/base/node_modules && npx tsc -b /tmp/base/packages/nx-melange
 *   node tools/bench/resolve.mjs --baseline /tmp/base/packages/nx-melange/dist
 * Without it, speed-ups are against these figures for c424f4f, taken with this bench on this
 * machine (2 cores shared with other jobs, load ~3.5) on 2026-11-28, 7 processes × 3 runs:
 *   first run 2141 ms wall / 2748 ms CPU, warm 1578 ms wall / 1841 ms CPU;
 * the tuned code, in the same run: resolveSeedingGraph first 1395 / 1939 (1.5× / 1.4×), warm
 * 1329 / 1466; resolveSeedingEdges first 762 / 1280 (2.8× / 2.1×), warm 614 / 763 (2.6× / 2.4×).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginOptions, publishedLock } from '../corpus-workspace.mjs';
import { sharedDir } from '../shared-dir.mjs';

const RECORDED_BASELINE = { first: { wall: 2141, cpu: 2748 }, warm: { wall: 1578, cpu: 1841 } };

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In a fresh process: resolve the input `runs` times through `entry` of `dist`, print one JSON line of timings. */
function timeResolutions(dist, entry, inputFile, runs) {
  const graph = require(join(dist, 'graph/index.js'));
  const resolveSeeding = graph[entry];
  const { ARCHS } = require(join(checkout, 'packages/melange-config/dist/index.js'));
  const { summaries, lock } = JSON.parse(readFileSync(inputFile, 'utf8'));
  const options = graph.normalizeSeedingOptions(pluginOptions());
  const recipes = summaries.map((summary) => ({ project: summary.file.replace(/\.yaml$/, ''), stage: 'os', summary }));
  globalThis.gc();
  const samples = [];
  let edges = 0;
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    edges = resolveSeeding({ options, recipes, locks: { 'published:wolfi': lock }, archs: ARCHS }).edges.length;
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
  const baselineDist = option('baseline', undefined);
  const variants = [
    ...(baselineDist ? [{ name: 'baseline resolveSeedingGraph', dist: resolve(baselineDist), entry: 'resolveSeedingGraph' }] : []),
    { name: 'resolveSeedingGraph', dist: join(checkout, 'packages/nx-melange/dist'), entry: 'resolveSeedingGraph' },
    { name: 'resolveSeedingEdges', dist: join(checkout, 'packages/nx-melange/dist'), entry: 'resolveSeedingEdges' },
  ];
  const summaries = summarizeCorpus();
  const scratch = mkdtempSync(join(tmpdir(), 'stagecraft-bench-resolve-'));
  try {
    const inputFile = join(scratch, 'input.json');
    writeFileSync(inputFile, JSON.stringify({ summaries, lock: publishedLock(summaries) }));
    const results = new Map(variants.map((v) => [v, []]));
    // interleaved, so that a slow spell of the machine hits every variant alike
    for (let p = 0; p < processes; p++) {
      for (const v of variants) {
        const child = ['--expose-gc', self, '--child', v.dist, v.entry, inputFile, '--runs', String(runs)];
        results.get(v).push(JSON.parse(execFileSync(process.execPath, child, { encoding: 'utf8', maxBuffer: 1024 * 1024 })));
      }
    }
    const figure = (samples) => ({ wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) });
    const figures = variants.map((v) => {
      const list = results.get(v);
      return { v, edges: list[0].edges, first: figure(list.map((r) => r.samples[0])), warm: runs > 1 ? figure(list.flatMap((r) => r.samples.slice(1))) : undefined };
    });
    const base = baselineDist ? figures[0] : RECORDED_BASELINE;
    console.log(`${summaries.length} recipes; ${processes} fresh processes × ${runs} resolutions per variant; medians`);
    console.log(`speed-up over ${baselineDist ? `${baselineDist} measured now` : 'the recorded baseline (c424f4f)'}`);
    console.log('                                           wall ms   cpu ms   speed-up (wall / cpu)');
    for (const f of figures) {
      for (const [run, got, was] of [['first run', f.first, base.first], ['warm runs', f.warm, base.warm]]) {
        if (!got || !was) continue;
        console.log(
          `${`${f.v.name}, ${run}`.padEnd(40)} ${got.wall.toFixed(0).padStart(8)} ${got.cpu.toFixed(0).padStart(8)}   ${(was.wall / got.wall).toFixed(2)}× / ${(was.cpu / got.cpu).toFixed(2)}×   (${f.edges} edges)`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (args[0] === '--child') timeResolutions(args[1], args[2], args[3], Number(option('runs', '3')));
else main();
