/**
 * How one compiled step runs inside the sandbox, after melange's buildEvalRunCommand: a
 * `/bin/sh -c` script that stops at the first failing command, creates and enters the working
 * directory, and runs the step's shell text.
 */
import { SANDBOX_HOME, SANDBOX_PATH } from '../sandbox/bwrap-args';

export const SANDBOX_CACHE = '/var/cache/melange';

export interface StepCommandInput {
  runs: string;
  /** absolute, or relative to /home/build */
  workingDirectory?: string;
}

export function stepArgv(step: StepCommandInput): string[] {
  const dir = sandboxPath(step.workingDirectory);
  const script = [
    'set -e',
    // dash (Debian's /bin/sh) has no pipefail; busybox ash and bash do.
    'if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi',
    `[ -d ${shellQuote(dir)} ] || mkdir -p ${shellQuote(dir)}`,
    `cd ${shellQuote(dir)}`,
    step.runs,
    'exit 0',
  ].join('\n');
  return ['/bin/sh', '-c', script];
}

export function sandboxPath(workingDirectory: string | undefined): string {
  if (!workingDirectory || workingDirectory === '.') return SANDBOX_HOME;
  if (workingDirectory.startsWith('/')) return workingDirectory;
  return `${SANDBOX_HOME}/${workingDirectory.replace(/^\.\//, '').replace(/\/+$/, '')}`;
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface StepEnvironmentInput {
  sourceDateEpoch: number;
  /** `--env-file` contents, lowest precedence after the defaults */
  envFiles?: Record<string, string>;
  /** `environment.environment` of the recipe */
  recipe?: Record<string, string>;
  /** the step's own `environment` (already merged with its parents') */
  step?: Record<string, string>;
}

/** melange's order: defaults that apply only when unset, env files, recipe, step; PATH first. */
export function stepEnvironment(input: StepEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {
    PATH: SANDBOX_PATH,
    ...input.envFiles,
    ...input.recipe,
    ...input.step,
    SOURCE_DATE_EPOCH: String(input.sourceDateEpoch),
  };
  const defaults: Record<string, string> = {
    HOME: SANDBOX_HOME,
    GOPATH: `${SANDBOX_HOME}/.cache/go`,
    GOMODCACHE: `${SANDBOX_CACHE}/gomodcache`,
    UV_CACHE_DIR: `${SANDBOX_CACHE}/uv`,
    PIP_CACHE_DIR: `${SANDBOX_CACHE}/pip`,
    COMPOSER_CACHE_DIR: `${SANDBOX_CACHE}/composer`,
    npm_config_cache: `${SANDBOX_CACHE}/npm`,
  };
  for (const [k, v] of Object.entries(defaults)) if (!env[k]) env[k] = v;
  return env;
}

/** A dotenv file as `--env-file` reads it: KEY=VALUE lines, optional quotes, # comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2] : value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}
