#!/usr/bin/env node
/**
 * Cost of reading recipes for the graph, over the wolfi-os corpus (3,401 recipes), using the
 * compiled packages/melange-config/dist:
 *   yaml.parse      = the bare `yaml` package, what any reader of these files pays at least,
 *   parseRecipe     = our typed, validated, substituted recipe (positions kept),
 *   summarizeRecipe = parseRecipe + pipeline compile per arch (x86_64, aarch64) → RecipeSummary,
 *                     what the Nx plugin runs for each recipe on a cold start.
 * File reads are done once up front and not timed. Each variant: one warm-up pass, then
 * --runs timed passes; prints the median wall and CPU time, per recipe, and the ratio to
 * yaml.parse. CPU time (user+sys of this process) is steadier on a shared machine.
 *
 *   npm run build && node tools/bench/recipes.mjs [--corpus <dir>] [--pipelines <dir>] [--runs 5]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '../shared-dir.mjs';

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const YAML = require(join(checkout, 'node_modules/yaml'));
const { parseRecipe, summarizeRecipe, PipelineLibrary } = require(join(checkout, 'packages/melange-config/dist/index.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const corpus = option('corpus', join(sharedDir(), 'corpus/wolfi-os'));
const pipelines = option('pipelines', join(sharedDir(), 'corpus/wolfi-os-pipelines'));
const runs = Number(option('runs', '5'));

const recipes = readdirSync(corpus)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: `wolfi-os/${f}`, text: readFileSync(join(corpus, f), 'utf8') }));

function time(pass) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  pass();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(name, pass) {
  pass();
  const samples = Array.from({ length: runs }, () => time(pass));
  return { name, wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

const variants = [
  measure('yaml.parse', () => {
    for (const r of recipes) YAML.parse(r.text);
  }),
  measure('parseRecipe', () => {
    for (const r of recipes) parseRecipe(r.text, r.file);
  }),
  measure('summarizeRecipe', () => {
    // a fresh library per pass, as a cold `nx` start has
    const library = new PipelineLibrary({ workspaceDirs: [pipelines] });
    for (const r of recipes) summarizeRecipe(r.text, r.file, { library });
  }),
];

const floor = variants[0];
console.log(`${recipes.length} recipes from ${corpus}; median of ${runs} passes after one warm-up`);
console.log('variant           wall ms   cpu ms   µs/recipe (wall / cpu)   ratio to yaml.parse (wall / cpu)');
const perRecipe = (ms) => ((ms * 1000) / recipes.length).toFixed(0);
for (const v of variants) {
  console.log(
    `${v.name.padEnd(16)} ${v.wall.toFixed(0).padStart(7)}  ${v.cpu.toFixed(0).padStart(7)}   ${`${perRecipe(v.wall)} / ${perRecipe(v.cpu)}`.padStart(22)}   ${(v.wall / floor.wall).toFixed(2)}× / ${(v.cpu / floor.cpu).toFixed(2)}×`,
  );
}
