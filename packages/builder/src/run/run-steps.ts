/**
 * Runs a compiled build's steps in the sandbox, main package first, then each subpackage, all
 * in one workspace (as melange does). The first failing step ends the build with an error that
 * names the step, its place in the recipe, the exit code and the last lines it printed.
 */
import type { SourcePosition } from '@stagecraft/melange-config';
import type { CompiledBuild, RunStep } from '../compile/compile-build';
import type { FetchedSource } from '../fetch/fetch-source';
import type { BuildLog } from '../log/build-log';
import { runInSandbox } from '../sandbox';
import { SANDBOX_HOME } from '../sandbox/bwrap-args';
import { extractSource } from './extract-source';
import { LineSplitter } from './line-splitter';
import { SANDBOX_CACHE, stepArgv, stepEnvironment } from './step-command';

export interface RunStepsInput {
  build: CompiledBuild;
  rootDir: string;
  workspaceDir: string;
  sourceDateEpoch: number;
  envFiles: Record<string, string>;
  /** the verified sources, in CompiledBuild.sources order */
  sources: FetchedSource[];
  /** source cache, visible read-only at /var/cache/melange as melange mounts its cache dir */
  cacheDir?: string;
  log: BuildLog;
  signal?: AbortSignal;
}

const TAIL_LINES = 25;

export class StepFailedError extends Error {
  override name = 'StepFailedError';
  constructor(
    readonly step: RunStep,
    readonly packageName: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly tail: string[],
  ) {
    const how = exitCode !== null ? `exit code ${exitCode}` : `signal ${signal}`;
    super(
      `${where(step.position)}: ${step.field}: step "${step.label}" of ${packageName} failed with ${how}\n` +
        `--- last ${tail.length} lines of the build log ---\n${tail.join('\n')}`,
    );
  }
}

function where(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

export async function runSteps(input: RunStepsInput): Promise<void> {
  const { build, log } = input;
  for (const pkg of build.packages) {
    for (const step of pkg.steps) {
      const fetch = step.fetch;
      if (fetch) {
        const source = input.sources[fetch.source];
        await log.step('fetch', `${pkg.name}: extract ${source.uri}`, () => {
          const into = extractSource({
            action: fetch,
            workingDirectory: step.workingDirectory,
            workspaceDir: input.workspaceDir,
            cachedFile: source.path,
            uri: source.uri,
          });
          log.line(`${fetch.extract ? 'extracted' : 'copied'} ${source.uri} (sha256 ${source.sha256}) into ${into}`);
        });
        continue;
      }
      await log.step('sandbox', `${pkg.name}: ${step.label}`, async () => {
        const out = new LineSplitter((l) => log.line(l));
        const err = new LineSplitter((l) => log.line(l));
        const result = await runInSandbox({
          arch: build.arch,
          rootDir: input.rootDir,
          workspaceDir: input.workspaceDir,
          readOnlyBinds: input.cacheDir ? [{ source: input.cacheDir, target: SANDBOX_CACHE }] : [],
          env: stepEnvironment({
            sourceDateEpoch: input.sourceDateEpoch,
            envFiles: input.envFiles,
            recipe: build.recipe.environment.environment,
            step: step.environment,
          }),
          argv: stepArgv(step),
          cwd: SANDBOX_HOME,
          onOutput: (chunk, stream) => (stream === 'stdout' ? out : err).push(chunk),
          signal: input.signal,
        });
        out.flush();
        err.flush();
        if (result.exitCode !== 0) {
          throw new StepFailedError(step, pkg.name, result.exitCode, result.signal, log.tail(TAIL_LINES));
        }
      });
    }
  }
}
