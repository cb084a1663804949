/**
 * The Nx `build` executor (DESIGN "The executor"): a thin adapter from one Nx task to one
 * build. It assembles the task's private repository from the outputs of the dependency tasks
 * that build its seeding providers, finds the seed locks of the recipe's stage, runs the
 * chosen backend with the workspace key, and replaces dist/<arch>/<projectRoot>/ with what the build produced. Log lines go to the
 * terminal prefixed with the package name, and into the build log kept in the output.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { readSigningKey } from '@stagecraft/apk';
import { buildRecipe, type SeedSource } from '@stagecraft/builder';
import { parseRecipe, type Arch, type SourceLock } from '@stagecraft/melange-config';
import { normalizeInferenceOptions, type MelangePluginOptions } from '../../plugin/inference-options';
import { recipeRef } from '../../plugin/recipe-project';
import { providerOutputDirs, type TaskGraphView } from './dependency-outputs';
import { melangeArgv } from './melange-argv';
import { assemblePrivateRepository } from './private-repository';
import { taskProviders } from './task-providers';
import { taskSeeds } from './task-seeds';
import { ensureWorkspaceKey } from './workspace-key';

export interface BuildExecutorOptions {
  recipe: string;
  arch: Arch;
  backend?: 'embedded' | 'melange';
  outDir?: string;
  namespace?: string;
  signingKey?: string;
  cacheDir?: string;
  mirrors?: string[];
  storeDir?: string;
}

const PLUGIN_PATH = /nx-melange/;

export default async function buildExecutor(options: BuildExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const root = context.root;
  const projectName = context.projectName ?? '';
  const projectRoot = context.projectsConfigurations?.projects[projectName]?.root ?? dirname(options.recipe);
  const label = basename(projectRoot);
  const say = (line: string) => process.stdout.write(`[${label}] ${line}\n`);
  const outDir = resolve(root, options.outDir ?? join('dist', options.arch, projectRoot));
  const scratchRoot = join(root, '.stagecraft', 'tasks');
  mkdirSync(scratchRoot, { recursive: true });
  const scratch = mkdtempSync(join(scratchRoot, `${label}-${options.arch}-`));
  try {
    const keys = await ensureWorkspaceKey(root, options.signingKey);
    const taskId = [projectName, context.targetName, context.configurationName].filter(Boolean).join(':');
    const rawOptions = pluginOptions(context);
    const projects = context.projectsConfigurations?.projects ?? {};
    const depDirs = context.taskGraph
      ? providerOutputDirs(context.taskGraph as unknown as TaskGraphView, taskId, taskProviders(projectName, rawOptions, projects, root)).map((d) =>
          resolve(root, d),
        )
      : [];
    const repo = await assemblePrivateRepository(join(scratch, 'repo'), options.arch, depDirs, readSigningKey(keys.privateKey));
    say(`environment repository: ${repo.packages.length} packages from ${depDirs.length} dependency outputs`);

    const inference = normalizeInferenceOptions(rawOptions);
    const { stage } = recipeRef(options.recipe);
    const recipe = parseRecipe(readFileSync(join(root, options.recipe), 'utf8'), options.recipe);
    const seeds: SeedSource[] = taskSeeds(inference, stage, recipe.environment.contents.repositories).map((s) => ({
      name: s.name,
      lock: JSON.parse(readFileSync(join(root, s.lock), 'utf8')) as SourceLock,
    }));
    const pipelineDir = join(root, inference.pipelineDir);
    const staging = join(scratch, 'out');
    // The project's folder, not the recipe's: in Wolfi's flat layout os/curl.yaml sits beside
    // os/curl/, and the workspace must get os/curl/ (as wolfi passes --source-dir ./curl/).
    const sourceDir = join(root, projectRoot);
    const common = {
      recipe: join(root, options.recipe),
      repositories: [repo.dir],
      keyrings: [keys.publicKey],
      signingKey: keys.privateKey,
      cacheDir: resolve(root, options.cacheDir ?? '.stagecraft/sources'),
      pipelineDir: existsSync(pipelineDir) ? pipelineDir : undefined,
      namespace: options.namespace ?? 'unknown',
    };

    if ((options.backend ?? 'embedded') === 'embedded') {
      const result = await buildRecipe({
        ...common,
        recipe: options.recipe,
        arch: options.arch,
        outDir: staging,
        seeds,
        pipelineDirs: common.pipelineDir ? [common.pipelineDir] : [],
        sourceDir,
        emptyWorkspace: !existsSync(sourceDir),
        mirrors: options.mirrors,
        storeDir: options.storeDir,
        generateIndex: false,
        log: say,
        env: { ...process.env },
      });
      if (result.skipped) say(result.skipped);
    } else {
      await runMelange(
        melangeArgv({ ...common, arch: options.arch, sourceDir, outDir: staging }),
        say,
        join(staging, options.arch, `${label}.build.log`),
      );
    }
    publish(join(staging, options.arch), outDir);
    return { success: true };
  } catch (err) {
    for (const line of (err instanceof Error ? err.message : String(err)).split('\n')) say(line);
    return { success: false };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function pluginOptions(context: ExecutorContext): MelangePluginOptions | undefined {
  for (const p of context.nxJsonConfiguration?.plugins ?? []) {
    if (typeof p !== 'string' && PLUGIN_PATH.test(p.plugin)) return p.options as MelangePluginOptions;
  }
  return undefined;
}

/** The task's output dir becomes exactly what this build produced (a skipped arch: empty). */
function publish(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(dirname(to), { recursive: true });
  if (existsSync(from) && readdirSync(from).length > 0) renameSync(from, to);
  else mkdirSync(to, { recursive: true });
}

function runMelange(argv: string[], say: (line: string) => void, logFile: string): Promise<void> {
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    say(line);
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn('melange', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString()).split('\n');
        partial = parts.pop() ?? '';
        parts.forEach(keep);
      });
      stream.on('end', () => partial && keep(partial));
    }
    child.on('error', (err) =>
      reject(new Error(`melange backend: cannot run melange (${err.message}); install melange or use backend "embedded"`)),
    );
    child.on('close', (code) => {
      mkdirSync(dirname(logFile), { recursive: true });
      writeFileSync(logFile, `${lines.join('\n')}\n`);
      if (code === 0) resolvePromise();
      else reject(new Error(`melange build exited with ${code}`));
    });
  });
}
