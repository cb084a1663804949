import { createServer } from 'node:net';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { hostArch } from './host-arch';
import { runInSandbox } from './run-in-sandbox';

// A root that borrows the host's /usr read-only (Debian 12 is merged-/usr), so these tests need
// no download; the e2e suite runs the same checks in a root assembled from the Debian seed.
async function hostUsrRoot() {
  const base = tempDir('sandbox');
  const rootDir = join(base, 'root');
  const workspaceDir = join(base, 'ws');
  await mkdir(join(rootDir, 'usr'), { recursive: true });
  await mkdir(workspaceDir);
  for (const dir of ['bin', 'sbin', 'lib', 'lib64']) await symlink(`usr/${dir}`, join(rootDir, dir));
  return { rootDir, workspaceDir, readOnlyBinds: [{ source: '/usr', target: '/usr' }] };
}

async function sh(script: string, extra: { env?: Record<string, string>; signal?: AbortSignal } = {}) {
  const mounts = await hostUsrRoot();
  let output = '';
  const result = await runInSandbox({
    ...mounts,
    arch: hostArch() ?? 'x86_64',
    env: extra.env ?? {},
    argv: ['/bin/bash', '-c', script],
    signal: extra.signal,
    onOutput: (chunk) => (output += chunk.toString()),
  });
  return { ...result, output, mounts };
}

describe('runInSandbox', () => {
  it('passes the exit code and runs with only the fixed environment', async () => {
    const { exitCode, output } = await sh('env | sort; exit 3', { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(exitCode).toBe(3);
    const names = output.trim().split('\n').map((l) => l.split('=')[0]);
    expect(names.filter((n) => !['PWD', 'SHLVL', '_'].includes(n))).toEqual(['HOME', 'PATH', 'SOURCE_DATE_EPOCH']);
    expect(output).toContain('SOURCE_DATE_EPOCH=1700000000');
  });

  it('writes only to the workspace: the root is read-only', async () => {
    const { exitCode, output, mounts } = await sh('echo made > /home/build/out; touch /usr/stagecraft-probe 2>&1; echo rc=$?; pwd');
    expect(exitCode).toBe(0);
    expect(output).toMatch(/Read-only file system\nrc=1\n\/home\/build\n$/);
    expect(await readFile(join(mounts.workspaceDir, 'out'), 'utf8')).toBe('made\n');
  });

  it('shows nothing of the host beyond what is mounted', async () => {
    const { output } = await sh('echo $(ls /); ls /work /root /etc 2>&1');
    expect(output.split('\n')[0]).toBe('bin dev home lib lib64 proc sbin tmp usr');
    expect(output).toContain("cannot access '/work'");
  });

  it('has no network: even a port listening on the host loopback is unreachable', async () => {
    const server = createServer((socket) => socket.end('hello from the host\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { exitCode, output } = await sh(`exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3; echo "loopback rc=$?"; exec 4<>/dev/tcp/1.1.1.1/80; echo "remote rc=$?"`);
      expect(exitCode).toBe(0);
      expect(output).not.toContain('hello from the host');
      expect(output).toContain('Connection refused');
      expect(output).toContain('Network is unreachable');
      expect(output).toMatch(/loopback rc=1[\s\S]*remote rc=1/);
    } finally {
      server.close();
    }
  });

  it('kills every process of the sandbox when aborted', async () => {
    const controller = new AbortController();
    // Durations no other test uses, so a concurrent test's sleeps cannot match.
    const run = sh('sleep 3170 & sleep 3171; echo never', { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const { signal, output } = await run;
    expect(signal).toBe('SIGKILL');
    expect(output).not.toContain('never');
    // The kernel reaps a dead PID namespace's processes asynchronously: give it a moment, but
    // a sleep that outlives it is a leak.
    const { execSync } = await import('node:child_process');
    const survivors = () => execSync('ps -eo args').toString().match(/^sleep 317[01]$/gm) ?? [];
    for (let i = 0; i < 50 && survivors().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(survivors()).toEqual([]);
  });
});

describe('runInSandbox on a host that is not ready', () => {
  it('refuses with the fix instead of running anything on the host', async () => {
    const mounts = await hostUsrRoot();
    await expect(
      runInSandbox({ ...mounts, arch: hostArch() ?? 'x86_64', env: {}, argv: ['/bin/true'], host: { bwrap: '/nonexistent/bwrap' } }),
    ).rejects.toThrow('bubblewrap (/nonexistent/bwrap) is not installed: builds run only inside its sandbox\nto fix, run as root:\n  apt-get install bubblewrap');
  });
});
