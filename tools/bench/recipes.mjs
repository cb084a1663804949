#!/usr/bin/env node
/**
 * Cost of reading recipes for the graph, over the wolfi-os corpus (3,401 recipes), using the
 * compiled packages/melange-config/dist:
 *   yaml.parse      = the bare `yaml` package, what any reader of these files pays at least,
 *   parseFastYaml   = our fast YAML parser alone (fast-yaml-parser.ts), what the fast reader builds on,
 *   parseRecipe     = our typed, validated, substituted recipe (positions kept),
 *   summarizeRecipe = parseRecipe + pipeline compile per arch (x86_64, aarch64) → RecipeSummary,
 *                     what the Nx plugin runs for each recipe on a cold start.
 * The last two run twice: with the fast reader (parseFastYaml, the default) and with the exact reader
 * (`yaml` only, which the fast one falls back to and must agree with).
 * File reads are done once up front and not timed. Each variant: one warm-up pass, then
 * --runs timed passes; prints the median wall and CPU time, per recipe, and the ratio to
 * yaml.parse. CPU time (user+sys of this process) is steadier on a shared machine. The
 * warm-up pass is shown too ("first cpu"): with --only <variant> (repeatable) in a fresh
 * process, it is what a cold `nx` start pays before the JIT has warmed up.
 *
 *   npm run build && node tools/bench/recipes.mjs [--corpus <dir>] [--pipelines <dir>] [--runs 5] [--only <variant>]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '../shared-dir.mjs';

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const YAML = require(join(checkout, 'node_modules/yaml'));
const { parseFastYaml } = require(join(checkout, 'packages/melange-config/dist/fast-yaml-parser.js'));
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

const only = args.flatMap((a, i) => (args[i - 1] === '--only' ? [a] : []));

function measure(name, pass) {
  if (only.length > 0 && !only.includes(name)) return [];
  const first = time(pass);
  const samples = Array.from({ length: runs }, () => time(pass));
  return [{ name, first: first.cpu, wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) }];
}

const variants = [
  ...measure('yaml.parse', () => {
    for (const r of recipes) YAML.parse(r.text);
  }),
  ...measure('parseFastYaml', () => {
    for (const r of recipes) parseFastYaml(r.text);
  }),
  ...['exact', 'fast'].flatMap((reader) => [
    ...measure(`parseRecipe ${reader}`, () => {
      for (const r of recipes) parseRecipe(r.text, r.file, reader);
    }),
    ...measure(`summarizeRecipe ${reader}`, () => {
      // a fresh library per pass, as a cold `nx` start has
      const library = new PipelineLibrary({ workspaceDirs: [pipelines], reader });
      for (const r of recipes) summarizeRecipe(r.text, r.file, { library, reader });
    }),
  ]),
];

const floor = variants.find((v) => v.name === 'yaml.parse');
console.log(`${recipes.length} recipes from ${corpus}; median of ${runs} passes after one warm-up`);
console.log('variant                  wall ms   cpu ms   first cpu   µs/recipe (wall / cpu)   ratio to yaml.parse (wall / cpu)');
const perRecipe = (ms) => ((ms * 1000) / recipes.length).toFixed(0);
for (const v of variants) {
  const ratio = floor ? `${(v.wall / floor.wall).toFixed(2)}× / ${(v.cpu / floor.cpu).toFixed(2)}×` : '-';
  console.log(
    `${v.name.padEnd(23)} ${v.wall.toFixed(0).padStart(7)}  ${v.cpu.toFixed(0).padStart(7)}   ${v.first.toFixed(0).padStart(9)}   ${`${perRecipe(v.wall)} / ${perRecipe(v.cpu)}`.padStart(22)}   ${ratio}`,
  );
}
const byName = Object.fromEntries(variants.map((v) => [v.name, v]));
for (const name of ['parseRecipe', 'summarizeRecipe']) {
  const exact = byName[`${name} exact`];
  const fast = byName[`${name} fast`];
  if (exact && fast) console.log(`${name}: fast reader ${(exact.cpu / fast.cpu).toFixed(2)}× faster than exact (cpu)`);
}
