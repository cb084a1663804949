/**
 * `stagecraft build`: one recipe, one architecture, from recipe to signed packages.
 *
 *   compile → fetch sources (host) → resolve environment → assemble root → run steps
 *   (sandbox) → package (SBOM, SCA, .PKGINFO, sign) → publish (packages, index,
 *   provenance, log)
 *
 * Every check that can refuse the build (recipe errors, unsupported pipelines, source
 * checksums, unresolvable environment) runs before the first step. The out dir is touched only
 * in the publish phase, after every package was built, and each file there appears by rename;
 * a failed or killed build leaves it as it was.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { readSigningKey } from '@stagecraft/apk';
import { parseRecipe, PipelineLibrary, RecipeError, type Arch, type SourceLock } from '@stagecraft/melange-config';
import { buildDeadline, BuildTimeoutError, DurationFormatError, parseGoDuration } from './build-timeout';
import { compileBuild, type CompiledBuild } from './compile/compile-build';
import { fetchSource, type FetchedSource } from './fetch/fetch-source';
import { SourceCache } from './fetch/source-cache';
import { sha256OfDigest, type EnvironmentPlan } from './environment/environment-plan';
import { resolveEnvironment } from './environment/resolve-environment';
import { materializeEnvironment } from './environment/materialize-environment';
import { BuildLog, type LogSink } from './log/build-log';
import { packageOutputs } from './package/package-outputs';
import { publishOutputs, type PublishedPackage } from './publish/publish-outputs';
import { recipeGitFacts } from './recipe-git-facts';
import { parseEnvFile } from './run/step-command';
import { runSteps } from './run/run-steps';
import { openDownloadCache } from './store/download-cache';
import { openStore } from './store/package-store';
import { prepareWorkspace } from './workspace/prepare-workspace';
import { isAlive } from './process-alive';

export interface SeedSource {
  name: string;
  lock: SourceLock;
}

export interface BuildRecipeOptions {
  /** path of the melange.yaml */
  recipe: string;
  arch: Arch;
  /** packages go to <outDir>/<arch>/ (melange default ./packages) */
  outDir: string;
  /** APK repositories the environment may draw from (`--repository-append`) */
  repositories?: string[];
  /** public keys trusted for those repositories (`--keyring-append`) */
  keyrings?: string[];
  /** locked seed distributions the environment may draw from */
  seeds?: SeedSource[];
  /** RSA private key; unsigned packages without one, as melange */
  signingKey?: string;
  pipelineDirs?: string[];
  /** default: the recipe's directory */
  sourceDir?: string;
  emptyWorkspace?: boolean;
  /** source cache, mounted at /var/cache/melange (melange default ./melange-cache) */
  cacheDir?: string;
  /** dirs or URLs pre-filled with `sha256:<hex>` files */
  mirrors?: string[];
  envFiles?: string[];
  /** purl namespace and .PKGINFO maintainer (melange default `unknown`) */
  namespace?: string;
  /** merge the new packages into <outDir>/<arch>/APKINDEX.tar.gz (melange default true) */
  generateIndex?: boolean;
  /** content-addressed package store and download cache; default ~/.cache/stagecraft */
  storeDir?: string;
  gitRepoUrl?: string;
  /** SPDX license of the recipe file itself, for the SBOM (melange `--license`) */
  license?: string;
  log?: LogSink;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export interface BuildRecipeResult {
  arch: Arch;
  /** set when the recipe's target-architecture excludes the arch; nothing was built */
  skipped?: string;
  packages: PublishedPackage[];
  indexFile?: string;
  provenanceFile?: string;
  logFile?: string;
  /** milliseconds per phase: compile, fetch, resolve, assemble, workspace, sandbox, package, publish, cleanup */
  phases: Record<string, number>;
}

export const BUILDER_ID = 'https://stagecraft.dev/builder/embedded';

export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'stagecraft');
}

export async function buildRecipe(options: BuildRecipeOptions): Promise<BuildRecipeResult> {
  const log = new BuildLog(options.log);
  const env = options.env ?? process.env;
  const recipePath = resolve(options.recipe);
  const recipeText = readFileSync(recipePath, 'utf8');
  const recipeSha256 = createHash('sha256').update(recipeText).digest('hex');
  const recipeFile = displayPath(recipePath);

  const { build, facts } = await log.step('compile', recipeFile, () => ({
    build: compile(options, recipeText, recipeFile),
    facts: recipeGitFacts(recipePath, env),
  }));
  const skipped = archSkipped(build, options.arch);
  if (skipped) {
    log.line(skipped);
    return { arch: options.arch, skipped, packages: [], phases: log.phaseTotals() };
  }

  checkTimeout(build);
  // Inputs that can be wrong are read before anything runs, not after a long build.
  const signingKey = options.signingKey ? readSigningKey(options.signingKey) : undefined;
  const envFiles: Record<string, string> = Object.assign({}, ...(options.envFiles ?? []).map((f) => parseEnvFile(readFileSync(f, 'utf8'))));
  const namespace = options.namespace ?? 'unknown';
  const cacheDir = resolve(options.cacheDir ?? 'melange-cache');
  const sources = await fetchAll(build, cacheDir, options, log);

  const storeDir = resolve(options.storeDir ?? defaultStoreDir(env));
  const downloadCache = openDownloadCache(join(storeDir, 'downloads'));
  const { plan, store } = await log.step('resolve', `${build.environmentPackages.length} names`, async () => ({
    store: await openStore(join(storeDir, 'store')),
    plan: await resolveEnvironment({
      arch: options.arch,
      requested: build.environmentPackages,
      repositories: options.repositories ?? [],
      keyrings: options.keyrings ?? [],
      seeds: options.seeds ?? [],
    }),
  }));
  log.line(`environment: ${plan.packages.map((p) => `${p.name}=${p.version}`).join(' ')}`);

  const buildsDir = join(storeDir, 'builds');
  removeAbandonedBuilds(buildsDir);
  const scratch = join(buildsDir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  let published: Omit<BuildRecipeResult, 'phases'>;
  const deadline = buildDeadline(build.recipe.package.timeout, options.signal);
  try {
    const root = await log.step('assemble', `${plan.packages.length} packages`, async () => {
      // No rootDir: the store's shared read-only root for this package set, assembled once.
      const r = await materializeEnvironment(plan, { store, downloadCache, signal: deadline.signal });
      log.line(`${r.reused ? 'reusing' : 'assembled'} build root ${r.rootDir}`);
      return r;
    });
    const workspace = await log.step('workspace', join(scratch, 'workspace'), () =>
      prepareWorkspace({
        dir: join(scratch, 'workspace'),
        sourceDir: options.sourceDir ?? dirname(recipePath),
        emptyWorkspace: options.emptyWorkspace,
        packageNames: build.packages.map((p) => p.name),
      }),
    );
    await runSteps({
      build,
      rootDir: root.rootDir,
      workspaceDir: workspace.dir,
      sourceDateEpoch: facts.sourceDateEpoch,
      envFiles,
      sources,
      // read-only: steps may use the verified sources, never alter them
      cacheDir: existsSync(cacheDir) ? cacheDir : undefined,
      log,
      signal: deadline.signal,
    });

    const built = await log.step('package', build.packages.map((p) => p.name).join(', '), () =>
      packageOutputs({
        build,
        packageDir: workspace.packageDir,
        sourceDateEpoch: facts.sourceDateEpoch,
        commit: facts.commit,
        namespace,
        signingKey,
        sources: sources.map((s, i) => ({ uri: s.uri, sha256: s.sha256, name: build.sources[i].name, version: build.sources[i].version })),
        recipeFile: { path: recipeFile, sha256: recipeSha256, repoUrl: options.gitRepoUrl, license: options.license },
        tool: { name: 'stagecraft', version: builderVersion() },
      }),
    );

    const origin = build.recipe.package.name;
    published = await log.step('publish', join(resolve(options.outDir), options.arch), async () => ({
      arch: options.arch,
      ...(await publishOutputs({
        archDir: join(resolve(options.outDir), options.arch),
        built,
        generateIndex: options.generateIndex ?? true,
        signingKey,
        origin,
        fullVersion: build.recipe.package.fullVersion,
        provenance: {
          recipe: { file: recipeFile, sha256: recipeSha256, commit: facts.commit || undefined, repoUrl: options.gitRepoUrl },
          arch: options.arch,
          parameters: { namespace, backend: 'embedded' },
          sources: sources.map((s) => ({ uri: s.uri, sha256: s.sha256 })),
          environment: environmentOf(plan),
          builder: { id: BUILDER_ID, version: builderVersion() },
          sourceDateEpoch: facts.sourceDateEpoch,
        },
        log,
      })),
    }));
  } catch (err) {
    if (deadline.timedOut()) throw new BuildTimeoutError(build.recipe.package.timeout ?? '');
    throw err;
  } finally {
    deadline.clear();
    await log.step('cleanup', scratch, () => rm(scratch, { recursive: true, force: true }));
  }
  return { ...published, phases: log.phaseTotals() };
}

/**
 * How the recipe is named in errors, the SBOM and provenance: relative to the working directory
 * (the workspace root, for Nx tasks) when inside it, else by file name, so the same recipe
 * built from two checkouts yields the same package bytes.
 */
function displayPath(recipePath: string): string {
  const rel = relative(process.cwd(), recipePath);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : basename(recipePath);
}

function compile(options: BuildRecipeOptions, text: string, file: string): CompiledBuild {
  const recipe = parseRecipe(text, file);
  const library = new PipelineLibrary({ workspaceDirs: options.pipelineDirs ?? [] });
  return compileBuild(recipe, options.arch, library);
}

/** A malformed package.timeout is a recipe error, found before anything runs. */
function checkTimeout(build: CompiledBuild): void {
  const timeout = build.recipe.package.timeout;
  if (timeout === undefined) return;
  try {
    parseGoDuration(timeout);
  } catch (err) {
    if (!(err instanceof DurationFormatError)) throw err;
    throw new RecipeError(build.recipe.positions.positionOf('package.timeout'), 'package.timeout', err.message);
  }
}

function archSkipped(build: CompiledBuild, arch: Arch): string | undefined {
  const targets = build.recipe.package.targetArchitecture;
  if (targets.length === 0 || targets.includes(arch) || targets.includes('all')) return undefined;
  return `${build.recipe.file}: package.target-architecture is ${targets.join(', ')}; skipping ${arch}`;
}

async function fetchAll(build: CompiledBuild, cacheDir: string, options: BuildRecipeOptions, log: BuildLog): Promise<FetchedSource[]> {
  const cache = new SourceCache(cacheDir);
  const fetched: FetchedSource[] = [];
  for (const source of build.sources) {
    fetched.push(
      await log.step('fetch', source.uri, () =>
        fetchSource({ uri: source.uri, expected: source.expected }, { cache, mirrors: options.mirrors, onAttempt: (m) => log.line(m) }),
      ),
    );
  }
  return fetched;
}

function environmentOf(plan: EnvironmentPlan) {
  return plan.packages.map((p) => ({
    name: p.name,
    version: p.version,
    sha256: sha256OfDigest(p.digest),
    repository: p.origin.kind === 'seed' ? `seed:${p.origin.seed}` : p.origin.repository,
    uri: p.origin.url,
  }));
}

/** Scratch dirs of builds that were killed: their pid is gone. The store itself needs no repair. */
function removeAbandonedBuilds(buildsDir: string): void {
  let names: string[];
  try {
    names = readdirSync(buildsDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || isAlive(pid))) continue;
    rmSync(join(buildsDir, name), { recursive: true, force: true });
  }
}

let version: string | undefined;
function builderVersion(): string {
  version ??= (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
