import { execFileSync, spawn } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/test-temp-dir';
import { workspaceRoot } from './seed-root';

// A separate builder process runs a long step; SIGKILL on that process (no chance to clean up)
// must still take the whole sandbox down, through bwrap's --die-with-parent.
const CHILD = `
import { runInSandbox } from '${join(__dirname, '../src/sandbox/run-in-sandbox')}';
import { hostArch } from '${join(__dirname, '../src/sandbox/host-arch')}';
const [rootDir, workspaceDir] = process.argv.slice(2);
runInSandbox({
  rootDir, workspaceDir, arch: hostArch() ?? 'x86_64', env: {},
  readOnlyBinds: [{ source: '/usr', target: '/usr' }],
  argv: ['/bin/bash', '-c', 'echo $$ > /home/build/started; sleep 321; echo survived > /home/build/survived'],
});
`;

const sleepers = () => execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n').filter((l) => / sleep 321$/.test(l));

describe('a builder process killed during a step', () => {
  it('takes every process of its sandbox down with it', async () => {
    const work = tempDir('sandbox-kill');
    const rootDir = join(work, 'root');
    const workspaceDir = join(work, 'ws');
    await mkdir(join(rootDir, 'usr'), { recursive: true });
    await mkdir(workspaceDir);
    for (const dir of ['bin', 'lib', 'lib64']) await symlink(`usr/${dir}`, join(rootDir, dir));
    await writeFile(join(work, 'child.ts'), CHILD);

    const child = spawn('npx', ['vite-node', '--config', 'vitest.config.ts', join(work, 'child.ts'), '--', rootDir, workspaceDir], {
      cwd: workspaceRoot,
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    for (let i = 0; i < 600 && !(await readFile(join(workspaceDir, 'started'), 'utf8').catch(() => '')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sleepers()).toHaveLength(1);
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    for (let i = 0; i < 100 && sleepers().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sleepers()).toEqual([]);
  });
});
