/**
 * A throw-away git workspace for driving the real `nx` binary against the compiled plugin:
 * files written from a table, node_modules linked from this checkout, Nx's caches and
 * workspace data in the temp dir so runs share nothing with ~/.nx or each other.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const CHECKOUT = resolve(__dirname, '..', '..', '..');
export const PLUGIN = join(CHECKOUT, 'packages/nx-melange/dist/plugin.js');
const NX = join(CHECKOUT, 'node_modules/.bin/nx');

/** Compiles the plugin and the packages it references, as nx loads the compiled JavaScript. */
export function compilePlugin(): void {
  execFileSync(join(CHECKOUT, 'node_modules/.bin/tsc'), ['-b', join(CHECKOUT, 'packages/nx-melange')], {
    cwd: CHECKOUT,
    stdio: 'inherit',
  });
}

export interface NxResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export class NxWorkspace {
  /** Nx caches and workspace data live beside `root` in this temp dir, removed by dispose(). */
  private constructor(
    private readonly scratch: string,
    readonly root: string,
  ) {}

  /** A new git workspace holding `files` (and node_modules linked from this checkout). */
  static create(files: Record<string, string>): NxWorkspace {
    const workspace = NxWorkspace.empty();
    // A suite whose beforeAll throws here never gets the workspace to dispose of.
    try {
      mkdirSync(workspace.root);
      symlinkSync(join(CHECKOUT, 'node_modules'), join(workspace.root, 'node_modules'));
      workspace.write({ '.gitignore': 'node_modules\ndist\n.nx\n', ...files });
      workspace.git('init', '-q', '-b', 'main');
      workspace.commit('initial tree');
    } catch (err) {
      workspace.dispose();
      throw err;
    }
    return workspace;
  }

  /** A workspace whose root does not exist yet, for a generator to fill. */
  static empty(): NxWorkspace {
    const scratch = mkdtempSync(join(tmpdir(), 'nx-melange-e2e-'));
    return new NxWorkspace(scratch, join(scratch, 'workspace'));
  }

  /** Nx's workspace data folder for this workspace, where the plugin keeps its caches. */
  get dataDir(): string {
    return join(this.scratch, 'nx-workspace-data');
  }

  write(files: Record<string, string>): void {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.root, path)), { recursive: true });
      writeFileSync(join(this.root, path), content);
    }
  }

  remove(path: string): void {
    rmSync(join(this.root, path), { recursive: true, force: true });
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], {
      cwd: this.root,
      encoding: 'utf8',
    }).trim();
  }

  /** Commits everything and returns the new commit's sha. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /**
   * Runs nx asynchronously: a synchronous spawn would starve vitest's worker of its event loop.
   * stdout goes to a file, not a pipe: nx exits without draining a pipe, so a long listing
   * (`show projects` at corpus scale) was cut at the 64 KiB pipe buffer under load.
   */
  nx(...args: string[]): Promise<NxResult> {
    const outFile = join(this.scratch, `nx-stdout-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const outFd = openSync(outFile, 'w');
    const child = spawn(NX, args, {
      cwd: this.root,
      stdio: ['ignore', outFd, 'pipe'],
      env: {
        ...process.env,
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_TUI: 'false',
        NX_CACHE_DIRECTORY: join(this.scratch, 'nx-cache'),
        NX_WORKSPACE_DATA_DIRECTORY: this.dataDir,
      },
    });
    closeSync(outFd);
    const stderr: Buffer[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    return new Promise((resolvePromise, reject) => {
      child.on('error', reject);
      child.on('close', (status) => {
        const stdout = readFileSync(outFile, 'utf8');
        rmSync(outFile, { force: true });
        resolvePromise({ status, stdout, stderr: Buffer.concat(stderr).toString('utf8') });
      });
    });
  }

  /** Runs nx and fails with its output when it exits non-zero. */
  async nxOk(...args: string[]): Promise<string> {
    const result = await this.nx(...args);
    if (result.status !== 0) {
      throw new Error(`nx ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout;
  }

  /** `nx graph --file`: the dependency edges as sorted `source -> target` lines, and the node names. */
  async graph(): Promise<{ nodes: string[]; edges: string[] }> {
    const file = join(this.scratch, 'graph.json');
    await this.nxOk('graph', `--file=${file}`);
    const { graph } = JSON.parse(readFileSync(file, 'utf8')) as {
      graph: { nodes: Record<string, unknown>; dependencies: Record<string, { source: string; target: string }[]> };
    };
    const edges = Object.values(graph.dependencies)
      .flat()
      .map((edge) => `${edge.source} -> ${edge.target}`)
      .sort();
    return { nodes: Object.keys(graph.nodes).sort(), edges };
  }

  /** Projects `nx show projects --affected` lists between two commits, sorted. */
  async affectedProjects(base: string, head: string): Promise<string[]> {
    return (await this.nxOk('show', 'projects', '--affected', `--base=${base}`, `--head=${head}`))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .sort();
  }

  dispose(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
