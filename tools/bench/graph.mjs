#!/usr/bin/env node
/**
 * Project-graph cost of the nx-melange plugin at Wolfi scale (3,401 recipes), daemon off:
 *   floor = Nx with a trivial plugin that creates the same projects without opening a recipe,
 *           from facts this bench works out beforehand (what any plugin pays Nx for these
 *           projects; see floorPlugin),
 *   cold  = our plugin with its caches (recipe summaries, resolved seeding graph) deleted before
 *           every run: every recipe parsed, the graph resolved,
 *   warm  = our plugin with its caches in place (an unchanged tree).
 * Each variant: one warm-up run, then --runs timed runs of `nx show projects` and
 * `nx graph --file`, taken in rounds (every variant once per round, so a machine that slows
 * down for a while slows them all alike); medians of wall time and of CPU time (user+sys of nx
 * and the children it waited for), and the ratios to the floor: of the medians, and the median
 * of each round's ratio to the floor run beside it ("by round", the steadier on a busy machine).
 * Nx does not always reap its plugin workers before exiting, so with isolated plugins (Nx's
 * default) the CPU column can miss plugin work; --in-process (NX_ISOLATE_PLUGINS=false) runs
 * the plugins inside nx, where every cycle is counted.
 * Every plugin runs in a clone of the workspace with its nx.json committed, so on a clean tree
 * (the workspace given is not touched). `nx graph` works out the projects touched by
 * uncommitted changes, and that alone made a run ~0.55 s cheaper with a modified nx.json than
 * on a clean tree. Cold and warm share a clone, each with its own workspace data folder.
 * Targets: warm ≤ 1.15× floor, cold ≤ 2× floor. Earlier floors, each run as a variant with a
 * column of ratios to it: --stand-in-floor, the floor of sessions 4–6 (the same project
 * functions with the directory name for every fact), and --thin-floor, the floor before them
 * (one input, no project metadata).
 *
 *   npm run build && node tools/bench/graph.mjs [--workspace <dir>] [--runs 5] [--in-process] [--stand-in-floor] [--thin-floor]
 *
 * Without --workspace a corpus workspace is generated (tools/corpus-workspace.mjs) in a
 * temporary directory and removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { generateCorpusWorkspace, pluginOptions, writeNxJson } from '../corpus-workspace.mjs';

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ourPlugin = join(checkout, 'packages/nx-melange/dist/plugin.js');

const ourDist = join(checkout, 'packages/nx-melange/dist/plugin');
const USAGE = 'graph.mjs [--workspace <dir>] [--runs N] [--in-process] [--stand-in-floor] [--thin-floor]';
const require = createRequire(import.meta.url);

/**
 * The floor: Nx with a trivial plugin that creates the same projects without reading a recipe.
 * It builds them with our own project functions (so they stay the same as ours) from each
 * recipe's facts (name, version, description, license, architectures, repositories), which
 * this bench works out once, with our recipe model, and writes into it as a constant, as it
 * does the code inputs and the host arch. It carries our plugin's name, which Nx stores once
 * per key of every project in its source maps.
 * With no facts given (the stand-in floor of sessions 4–6) each recipe's directory name stands
 * in for them. Those projects are smaller than ours, and plain ASCII: the 15 corpus
 * descriptions with a ™, — or Arabic letter make Nx decode every message and file that carries
 * the projects on UTF-8's slower path, a cost of showing the real descriptions, not of reading
 * recipes.
 */
function floorPlugin(workspace, facts = {}) {
  const { codeInputsFor } = require(join(ourDist, 'code-inputs.js'));
  const { hostArch } = require(join(ourDist, 'host-arch.js'));
  return `
const { locateRecipe } = require(${JSON.stringify(join(ourDist, 'recipe-location.js'))});
const { inferRecipeProject } = require(${JSON.stringify(join(ourDist, 'recipe-project.js'))});
const { lockFilesFor, normalizeInferenceOptions } = require(${JSON.stringify(join(ourDist, 'inference-options.js'))});
const codeInputs = ${JSON.stringify(codeInputsFor(workspace))};
const hostArch = ${JSON.stringify(hostArch())};
const facts = JSON.parse(${JSON.stringify(JSON.stringify(facts))});
exports.name = '@stagecraft/nx-melange';
exports.createNodes = ['*/{*.yaml,*/melange.yaml}', (files, rawOptions) => {
  const options = normalizeInferenceOptions(rawOptions);
  const results = [];
  for (const file of files) {
    const location = locateRecipe(file, options.stages);
    if (location === undefined) continue;
    const recipe = facts[file] ?? { name: location.directory, fullVersion: '0-r0', description: location.directory, license: 'unknown', targetArchitecture: [], repositories: [] };
    const context = { hostArch, pipelineDir: options.pipelineDir, lockFiles: lockFilesFor(options, location.stage, recipe.repositories), codeInputs };
    results.push([file, { projects: { [location.root]: inferRecipeProject(recipe, location, context) } }]);
  }
  return results;
}];
`;
}

/**
 * What our plugin's projects show of every recipe of the workspace that parses, by recipe file,
 * from our recipe model: the floor's constant.
 */
function recipeFacts(workspace) {
  const { createRecipeSummarizer } = require(join(ourDist, 'recipe-summarizer.js'));
  const { projectFacts } = require(join(ourDist, 'recipe-project.js'));
  const { locateRecipe } = require(join(ourDist, 'recipe-location.js'));
  const { normalizeInferenceOptions } = require(join(ourDist, 'inference-options.js'));
  const options = normalizeInferenceOptions(pluginOptions());
  const summarize = createRecipeSummarizer(workspace, join(workspace, options.pipelineDir));
  const facts = {};
  for (const stage of options.stages) {
    const candidates = readdirSync(join(workspace, stage), { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? `${stage}/${entry.name}/melange.yaml` : `${stage}/${entry.name}`,
    );
    for (const file of candidates) {
      if (locateRecipe(file, options.stages) === undefined || !existsSync(join(workspace, file))) continue;
      try {
        facts[file] = projectFacts(summarize(file, readFileSync(join(workspace, file), 'utf8')));
      } catch {
        // a recipe our plugin rejects: the floor stands in for it
      }
    }
  }
  return facts;
}

/**
 * The floor this bench used until session 4: the same project names, roots and tags, and a
 * thinner build target than ours (one input, no project metadata). Kept for comparison.
 */
const THIN_FLOOR_PLUGIN = `
const configurations = { x86_64: { arch: 'x86_64' }, amd64: { arch: 'x86_64' }, aarch64: { arch: 'aarch64' }, arm64: { arch: 'aarch64' } };
exports.createNodes = ['*/{*.yaml,*/melange.yaml}', (files, options) => {
  const stages = new Set((options.stages || []).map((s) => s.name));
  const results = [];
  for (const file of files) {
    const parts = file.split('/');
    if (!stages.has(parts[0])) continue;
    const flat = parts.length === 2;
    if (!flat && parts[2] !== 'melange.yaml') continue;
    const root = flat ? parts[0] + '/' + parts[1].slice(0, -5) : parts[0] + '/' + parts[1];
    results.push([file, { projects: { [root]: { name: root, root, tags: ['stage:' + parts[0]],
      metadata: { technologies: ['melange'] },
      targets: { build: { executor: '@stagecraft/nx-melange:build', options: { recipe: file, arch: 'x86_64' },
        configurations, dependsOn: ['^build'], cache: true,
        inputs: flat ? ['{workspaceRoot}/' + root + '/**/*', '{workspaceRoot}/' + file] : ['{projectRoot}/**/*'],
        outputs: ['{workspaceRoot}/dist/{options.arch}/{projectRoot}'],
        metadata: { description: 'build ' + root, technologies: ['melange'] } } } } } }]);
  }
  return results;
}];
`;

function parseArgs(argv) {
  const args = { workspace: undefined, runs: 5, inProcess: false, standInFloor: false, thinFloor: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workspace') args.workspace = resolve(argv[++i]);
    else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--in-process') args.inProcess = true;
    else if (argv[i] === '--stand-in-floor') args.standInFloor = true;
    else if (argv[i] === '--thin-floor') args.thinFloor = true;
    else throw new Error(`unknown argument ${argv[i]} (usage: ${USAGE})`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be a positive integer');
  return args;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One timed nx command: wall seconds and CPU seconds (user+sys, children included). */
function timeNx(workspace, env, args) {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', join(checkout, 'node_modules/.bin/nx'), ...args], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = result.stderr.split('\n').find((l) => l.startsWith('TIME '));
  if (result.status !== 0 || line === undefined) {
    throw new Error(`nx ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  const [wall, user, sys] = line.slice(5).split(' ').map(Number);
  return { wall, cpu: user + sys };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'stagecraft-bench-graph-'));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      rmSync(scratch, { recursive: true, force: true });
      process.exit(130);
    });
  }
  try {
    const workspace = args.workspace ?? join(scratch, 'corpus');
    if (args.workspace === undefined) {
      process.stdout.write(`generating the corpus workspace in ${workspace} …\n`);
      generateCorpusWorkspace(workspace);
    }
    process.stdout.write('working out every recipe\'s facts for the floor …\n');
    const pluginFile = (name, source) => {
      const file = join(scratch, `${name}-plugin.js`);
      writeFileSync(file, source);
      return file;
    };
    const floor = pluginFile('floor', floorPlugin(workspace, recipeFacts(workspace)));

    // A clone of the workspace per plugin, its nx.json committed: every variant runs on a clean
    // tree, and the workspace given is left as it is.
    const cloneFor = (name, plugin) => {
      const dir = join(scratch, `workspace-${name}`);
      const git = (...gitArgs) => {
        const result = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...gitArgs], { encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`git ${gitArgs.join(' ')} failed: ${result.stderr}`);
      };
      git('clone', '-q', '--local', workspace, dir);
      symlinkSync(join(checkout, 'node_modules'), join(dir, 'node_modules'));
      writeNxJson(dir, plugin);
      git('-C', dir, 'commit', '-q', '--allow-empty', '-m', `bench: ${name} plugin`, '--', 'nx.json');
      return dir;
    };
    const ours = cloneFor('ours', ourPlugin);
    const dataDir = (name) => join(scratch, `workspace-data-${name.replace(' ', '-')}`);
    // Floors other than the floor, each with a column of ratios to it.
    const otherFloors = [
      ...(args.standInFloor ? [{ name: 'stand-in floor', column: 'wall×stand-in', source: floorPlugin(workspace) }] : []),
      ...(args.thinFloor ? [{ name: 'thin floor', column: 'wall×thin', source: THIN_FLOOR_PLUGIN }] : []),
    ];
    const variants = [
      { name: 'floor', dir: cloneFor('floor', floor), beforeRun: () => {} },
      ...otherFloors.map(({ name, source }) => {
        const slug = name.replace(' ', '-');
        return { name, dir: cloneFor(slug, pluginFile(slug, source)), beforeRun: () => {} };
      }),
      {
        name: 'cold',
        dir: ours,
        beforeRun: (data) => {
          mkdirSync(data, { recursive: true });
          for (const cache of readdirSync(data)) if (cache.startsWith('stagecraft-')) rmSync(join(data, cache), { force: true });
        },
      },
      { name: 'warm', dir: ours, beforeRun: () => {} },
    ];
    const commands = [
      { name: 'show projects', args: ['show', 'projects'] },
      { name: 'graph --file', args: ['graph', `--file=${join(scratch, 'graph.json')}`] },
    ];
    const envOf = (variant) => ({
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      NX_WORKSPACE_DATA_DIRECTORY: dataDir(variant.name),
      NX_CACHE_DIRECTORY: join(scratch, 'cache'),
      ...(args.inProcess ? { NX_ISOLATE_PLUGINS: 'false' } : {}),
    });
    const run = (variant, command) => {
      variant.beforeRun(dataDir(variant.name));
      return timeNx(variant.dir, envOf(variant), command.args);
    };
    const projectsOf = {};
    for (const variant of variants) {
      for (const command of commands) {
        run(variant, command);
        if (command.name === 'graph --file') {
          // Counted from the file: nx's piped stdout can be cut short when it exits.
          const { graph } = JSON.parse(readFileSync(join(scratch, 'graph.json'), 'utf8'));
          const edges = Object.values(graph.dependencies).reduce((sum, list) => sum + list.length, 0);
          process.stdout.write(`${variant.name}: ${Object.keys(graph.nodes).length} projects, ${edges} edges\n`);
          projectsOf[variant.name] = graph.nodes;
        }
      }
    }
    // The floor stands for what Nx pays for our projects only while they are the same.
    const differing = Object.keys({ ...projectsOf.floor, ...projectsOf.warm }).filter(
      (project) => JSON.stringify(projectsOf.floor[project]) !== JSON.stringify(projectsOf.warm[project]),
    );
    if (differing.length > 0) {
      throw new Error(`the floor's projects are not ours: ${differing.length} differ, e.g. ${differing[0]}`);
    }
    // Round by round, every variant in turn: a machine that slows down for a while slows all of
    // them, instead of whichever variant happened to be running.
    const runs = Object.fromEntries(variants.flatMap((v) => commands.map((c) => [`${v.name}/${c.name}`, []])));
    for (let i = 0; i < args.runs; i++) {
      for (const command of commands) for (const variant of variants) runs[`${variant.name}/${command.name}`].push(run(variant, command));
    }
    const figures = Object.fromEntries(
      Object.entries(runs).map(([cell, list]) => [cell, { wall: median(list.map((r) => r.wall)), cpu: median(list.map((r) => r.cpu)), walls: list.map((r) => r.wall) }]),
    );

    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const mode = args.inProcess ? 'plugins in-process' : 'plugins isolated (Nx default)';
    process.stdout.write(`\nnx-melange graph cost, daemon off, ${mode}, ${args.runs} runs per cell after a warm-up, medians (load average at end: ${load})\n`);
    const otherColumns = otherFloors.map(({ column }) => column.padStart(15)).join('');
    process.stdout.write(`${'variant/command'.padEnd(34)}${'wall s'.padStart(8)}${'cpu s'.padStart(8)}${'wall×floor'.padStart(12)}${'by round'.padStart(10)}${'cpu×floor'.padStart(11)}${otherColumns}  target  runs (wall s)\n`);
    for (const variant of variants) {
      for (const command of commands) {
        const f = figures[`${variant.name}/${command.name}`];
        const floorFigures = figures[`floor/${command.name}`];
        const otherRatios = otherFloors.map(({ name }) => (f.wall / figures[`${name}/${command.name}`].wall).toFixed(2).padStart(15)).join('');
        const target = variant.name === 'warm' ? '≤1.15' : variant.name === 'cold' ? '≤2' : '';
        // per round: the variant against the floor run next to it
        const roundRatio = median(f.walls.map((wall, i) => wall / floorFigures.walls[i]));
        process.stdout.write(
          `${`${variant.name} / ${command.name}`.padEnd(34)}${f.wall.toFixed(2).padStart(8)}${f.cpu.toFixed(2).padStart(8)}` +
            `${(f.wall / floorFigures.wall).toFixed(2).padStart(12)}${roundRatio.toFixed(2).padStart(10)}${(f.cpu / floorFigures.cpu).toFixed(2).padStart(11)}${otherRatios}  ${target.padEnd(6)}  ${f.walls.map((w) => w.toFixed(2)).join(' ')}\n`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench/graph: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
