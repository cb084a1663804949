#!/usr/bin/env node
/**
 * Measures the candidate cycle rules of the seeding graph on the Wolfi OS corpus (3,401 recipes
 * as the `os` stage, sources `self` then a `published:` repository that holds everything the
 * tree builds — the corpus workspace's lock). For each rule:
 *   moved     = self edges the rule moves past self (of all self edges inside cycles),
 *   problems  = names left without a provider,
 *   time      = one full resolution, wall and CPU (user+sys, GC threads included; steadier on a
 *               shared machine), the better of two runs,
 * and stability, by editing the summaries the way a maintainer edits recipes:
 *   outside   = add a dependency to a recipe nothing depends on (cannot touch any cycle),
 *   leaf      = bump the version and add a subpackage of a recipe nothing depends on,
 *   in-cycle  = add one need between two members of the big cycle (--edits picks, seeded),
 *   drop      = remove one need of a cycle member that resolves inside the cycle (--edits picks).
 * "Edges moved" counts project edges that appear or disappear, leaving out the edited
 * recipe's own edges; "redirects moved" counts changes in the set of moved-past-self edges.
 *
 *   npx tsc -b packages/nx-melange && node tools/bench/cycle-rules.mjs [--edits 5] [--rules rank,eades]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { publishedLock } from '../corpus-workspace.mjs';
import { sharedDir } from '../shared-dir.mjs';

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = join(sharedDir(), 'corpus');
const require = createRequire(join(checkout, 'package.json'));
const graph = require(join(checkout, 'packages/nx-melange/dist/graph/index.js'));
const { createRecipeSummarizer } = require(join(checkout, 'packages/nx-melange/dist/plugin/recipe-summarizer.js'));

const { values } = parseArgs({
  options: { edits: { type: 'string', default: '5' }, rules: { type: 'string', default: 'rank,scc-all,greedy,eades' } },
});
const editCount = Number(values.edits);
const rules = values.rules.split(',');

function loadSummaries() {
  const summarize = createRecipeSummarizer(corpus, join(corpus, 'wolfi-os-pipelines'));
  const dir = join(corpus, 'wolfi-os');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => summarize(`os/${name}`, readFileSync(join(dir, name), 'utf8')));
}

const options = graph.normalizeSeedingOptions({
  stages: [{ name: 'os', sources: ['self', 'published:wolfi'] }],
  published: { wolfi: { type: 'apk', lock: 'published/wolfi.lock.json' } },
});

function projectOf(summary) {
  return `os/${summary.file.slice('os/'.length, -'.yaml'.length)}`;
}

function resolveTree(summaries, rule, lock) {
  const recipes = summaries.map((summary) => ({ project: projectOf(summary), stage: 'os', summary }));
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = graph.resolveSeedingGraph({ options, recipes, locks: { 'published:wolfi': lock }, archs: ['x86_64', 'aarch64'], cycleRule: rule });
  const used = process.cpuUsage(cpu);
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000 };
}

const edgeSet = (g, skip) => new Set(g.edges.filter((e) => e.source !== skip).map((e) => `${e.source}>${e.target}`));
const redirectSet = (g, skip) => new Set(g.redirects.filter((r) => r.source !== skip).map((r) => `${r.source}>${r.target}`));
const difference = (a, b) => [...a].filter((x) => !b.has(x)).length + [...b].filter((x) => !a.has(x)).length;

/** Deterministic picks (mulberry32), so every rule is measured on the same edits. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function withNeed(summary, name) {
  const position = { file: summary.file, line: 1, column: 1 };
  const need = { raw: name, name, field: `environment.contents.packages[${summary.needs.length}]`, position, archs: ['x86_64', 'aarch64'] };
  return { ...summary, needs: [...summary.needs, need] };
}

function planEdits(summaries, baseline) {
  const byProject = new Map(summaries.map((s) => [projectOf(s), s]));
  const dependents = new Map();
  for (const e of baseline.edges) dependents.set(e.target, (dependents.get(e.target) ?? 0) + 1);
  const selfEdges = baseline.resolutions.filter((r) => r.kind === 'self' && r.provider.kind === 'project');
  const adjacency = new Map();
  for (const r of selfEdges) {
    if (!adjacency.has(r.project)) adjacency.set(r.project, new Set());
    adjacency.get(r.project).add(r.provider.project);
  }
  for (const r of baseline.redirects) {
    if (!adjacency.has(r.source)) adjacency.set(r.source, new Set());
    adjacency.get(r.source).add(r.target);
  }
  const sccGraph = new Map([...adjacency].map(([k, v]) => [k, [...v].sort()]));
  for (const targets of adjacency.values()) for (const t of targets) if (!sccGraph.has(t)) sccGraph.set(t, []);
  const components = findComponents(sccGraph).filter((c) => c.length > 1).sort((a, b) => b.length - a.length);
  const big = components[0] ?? [];
  const inBig = new Set(big);
  const leaves = [...byProject.keys()].filter((p) => !dependents.has(p)).sort();
  const replace = (project, summary) => summaries.map((s) => (projectOf(s) === project ? summary : s));
  const edits = [];
  const outside = leaves[0];
  edits.push({ kind: 'outside', project: outside, summaries: replace(outside, withNeed(byProject.get(outside), 'zlib-dev')) });
  const leaf = leaves[1];
  const leafSummary = byProject.get(leaf);
  const bumped = {
    ...leafSummary,
    version: `${leafSummary.version}.1`,
    fullVersion: `${leafSummary.version}.1-r0`,
    provides: [
      ...leafSummary.provides.map((p) => ({ ...p, version: `${leafSummary.version}.1-r0` })),
      { name: `${leafSummary.name}-extra`, version: `${leafSummary.version}.1-r0`, package: `${leafSummary.name}-extra`, kind: 'subpackage', priority: 0 },
    ],
  };
  edits.push({ kind: 'leaf', project: leaf, summaries: replace(leaf, bumped) });
  const pick = random(2026);
  let attempts = 0;
  for (let i = 0; i < editCount && big.length > 1 && attempts++ < 10_000; i++) {
    const from = big[Math.floor(pick() * big.length)];
    const to = big[Math.floor(pick() * big.length)];
    if (from === to || adjacency.get(from)?.has(to)) {
      i--;
      continue;
    }
    edits.push({ kind: 'in-cycle', project: from, summaries: replace(from, withNeed(byProject.get(from), byProject.get(to).name)) });
  }
  for (let i = 0; i < editCount && big.length > 1 && attempts++ < 20_000; i++) {
    const from = big[Math.floor(pick() * big.length)];
    const summary = byProject.get(from);
    // a direct need whose first-pass provider is a cycle member (kept, or moved past self)
    const inside = baseline.resolutions.filter(
      (r) =>
        r.project === from &&
        r.via.length === 0 &&
        ((r.provider.kind === 'project' && inBig.has(r.provider.project)) || (r.redirect !== undefined && inBig.has(r.redirect.cycle[1]))),
    );
    if (inside.length === 0) {
      i--;
      continue;
    }
    const dropped = inside[Math.floor(pick() * inside.length)];
    const kept = { ...summary, needs: summary.needs.filter((n) => n.field !== dropped.field) };
    edits.push({ kind: 'drop', project: from, summaries: replace(from, kept) });
  }
  return { edits, components, selfEdgeCount: [...adjacency.values()].reduce((n, s) => n + s.size, 0), inCycleEdges: countInside(adjacency, components) };
}

function countInside(adjacency, components) {
  const component = new Map();
  components.forEach((c, i) => c.forEach((n) => component.set(n, i)));
  let n = 0;
  for (const [u, targets] of adjacency) for (const v of targets) if (component.has(u) && component.get(u) === component.get(v)) n++;
  return n;
}

function findComponents(adjacency) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  let counter = 0;
  for (const root of adjacency.keys()) {
    if (index.has(root)) continue;
    const work = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    on.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const neighbours = adjacency.get(frame.node) ?? [];
      if (frame.next < neighbours.length) {
        const next = neighbours[frame.next++];
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          on.add(next);
          work.push({ node: next, next: 0 });
        } else if (on.has(next)) low.set(frame.node, Math.min(low.get(frame.node), index.get(next)));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].node, Math.min(low.get(work[work.length - 1].node), low.get(frame.node)));
      if (low.get(frame.node) === index.get(frame.node)) {
        const c = [];
        let m;
        do {
          m = stack.pop();
          on.delete(m);
          c.push(m);
        } while (m !== frame.node);
        out.push(c.sort());
      }
    }
  }
  return out;
}

const summaries = loadSummaries();
const lock = publishedLock(summaries);
process.stdout.write(`corpus: ${summaries.length} recipes; published lock: ${lock.archs.x86_64.packages.length} packages\n`);

// The edits are planned once, on the cycles as the first pass sees them (rule-independent).
const reference = resolveTree(summaries, 'scc-all', lock).result;
const plan = planEdits(summaries, reference);
process.stdout.write(
  `self edges: ${plan.selfEdgeCount}; inside cycles: ${plan.inCycleEdges}; cycles (SCC sizes): ${plan.components.map((c) => c.length).join(', ')}\n`,
);
process.stdout.write(`edits: ${plan.edits.map((e) => `${e.kind} ${e.project}`).join('; ')}\n\n`);

const rows = [];
for (const rule of rules) {
  const base = resolveTree(summaries, rule, lock);
  const again = resolveTree(summaries, rule, lock);
  const deterministic = JSON.stringify(base.result.edges.map((e) => [e.source, e.target])) === JSON.stringify(again.result.edges.map((e) => [e.source, e.target]));
  const stability = {};
  for (const edit of plan.edits) {
    const after = resolveTree(edit.summaries, rule, lock).result;
    const moved = difference(edgeSet(base.result, edit.project), edgeSet(after, edit.project));
    const redirects = difference(redirectSet(base.result, edit.project), redirectSet(after, edit.project));
    (stability[edit.kind] ??= []).push({ moved, redirects });
  }
  const summary = (kind) => {
    const list = stability[kind] ?? [];
    if (list.length === 0) return '-';
    const mean = (f) => (list.reduce((n, x) => n + f(x), 0) / list.length).toFixed(1);
    const max = (f) => Math.max(...list.map(f));
    return `${mean((x) => x.moved)}/${max((x) => x.moved)} e, ${mean((x) => x.redirects)}/${max((x) => x.redirects)} r`;
  };
  rows.push([
    rule,
    String(base.result.redirects.length),
    String(base.result.problems.length),
    String(base.result.edges.length),
    deterministic ? 'yes' : 'NO',
    summary('outside'),
    summary('leaf'),
    summary('in-cycle'),
    summary('drop'),
    `${Math.round(Math.min(base.ms, again.ms))} ms`,
    `${Math.round(Math.min(base.cpuMs, again.cpuMs))} ms`,
  ]);
  process.stderr.write(`${rule} done\n`);
}

const header = ['rule', 'moved past self', 'problems', 'edges', 'same twice', 'outside edit', 'leaf edit', 'in-cycle add', 'in-cycle drop', 'resolve wall', 'resolve cpu'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
process.stdout.write(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`);
process.stdout.write('\nstability cells: mean/max edges moved (e) and mean/max redirects changed (r) per edit, the edited recipe\'s own edges left out\n');
