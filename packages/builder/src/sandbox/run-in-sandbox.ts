/**
 * Runs one command inside bubblewrap and streams its output. The whole sandbox (bwrap and every
 * process in its pid namespace) is killed when the signal aborts, or when this process dies.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Arch } from '@stagecraft/melange-config';
import { bwrapArgs, type SandboxMounts } from './bwrap-args';
import { checkSandbox, type SandboxHost } from './check-sandbox';

export interface SandboxRun extends SandboxMounts {
  arch: Arch;
  /** variables besides HOME, PATH and SOURCE_DATE_EPOCH (which they may override) */
  env: Record<string, string>;
  argv: string[];
  /** working directory inside the sandbox; default /home/build */
  cwd?: string;
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
  host?: SandboxHost;
}

export interface SandboxResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** The read-only root cannot grow mount points at run time, so they are made beforehand. */
async function ensureMountPoints(run: SandboxRun): Promise<void> {
  const targets = ['dev', 'proc', 'tmp', 'home/build', ...(run.cacheDir ? ['var/cache/melange'] : [])];
  for (const bind of run.readOnlyBinds ?? []) targets.push(bind.target.replace(/^\/+/, ''));
  for (const target of targets) await mkdir(join(run.rootDir, target), { recursive: true });
}

/**
 * Hosts found ready in this process. The check starts two sandboxes (about 70 ms here), and a
 * build runs many steps; a host does not lose bwrap or binfmt between two steps of one build.
 */
const readyHosts = new Set<string>();

function ensureReady(arch: SandboxRun['arch'], host: SandboxHost | undefined): void {
  const key = JSON.stringify([arch, host?.bwrap, host?.binfmtDir]);
  if (readyHosts.has(key)) return;
  const problem = checkSandbox(arch, host);
  if (problem) throw problem;
  readyHosts.add(key);
}

export async function runInSandbox(run: SandboxRun): Promise<SandboxResult> {
  ensureReady(run.arch, run.host);
  run.signal?.throwIfAborted();
  await ensureMountPoints(run);
  const args = bwrapArgs(run, run.env, run.cwd ?? '/home/build', run.argv);

  return new Promise((resolve, reject) => {
    // Its own process group, so an abort can kill bwrap and anything it left behind at once.
    const child = spawn(run.host?.bwrap ?? 'bwrap', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killAll = () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    run.signal?.addEventListener('abort', killAll, { once: true });
    process.once('exit', killAll);
    child.stdout.on('data', (chunk: Buffer) => run.onOutput?.(chunk, 'stdout'));
    child.stderr.on('data', (chunk: Buffer) => run.onOutput?.(chunk, 'stderr'));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      run.signal?.removeEventListener('abort', killAll);
      process.removeListener('exit', killAll);
      resolve({ exitCode, signal });
    });
  });
}
