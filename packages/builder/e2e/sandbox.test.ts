import { createServer } from 'node:net';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materializeEnvironment } from '../src/environment/materialize-environment';
import { resolveEnvironment } from '../src/environment/resolve-environment';
import { hostArch } from '../src/sandbox/host-arch';
import { runInSandbox } from '../src/sandbox/run-in-sandbox';
import { openDownloadCache } from '../src/store/download-cache';
import { openStore } from '../src/store/package-store';
import { cacheDir, debianSeedLock } from './seed-root';

const arch = hostArch() ?? 'x86_64';
let work: string;
let rootDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sandbox-e2e-'));
  const plan = resolveEnvironment({ requested: ['bash', 'coreutils'], repositories: [], keyrings: [], seeds: [{ name: 'debian', lock: debianSeedLock() }], arch });
  const store = await openStore(join(cacheDir, 'store'));
  ({ rootDir } = await materializeEnvironment(plan, { store, downloadCache: openDownloadCache(join(cacheDir, 'downloads')), rootDir: join(work, 'root') }));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function bash(script: string) {
  const workspaceDir = await mkdtemp(join(work, 'ws-'));
  let output = '';
  const result = await runInSandbox({ rootDir, workspaceDir, arch, env: {}, argv: ['/bin/bash', '-c', script], onOutput: (c) => (output += c.toString()) });
  return { ...result, output, workspaceDir };
}

describe('the sandbox around a Debian-seed root', () => {
  it('fails a network access: no interface but loopback, nothing of the host reachable', async () => {
    const server = createServer((socket) => socket.end('host service\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const { output } = await bash(
        `cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '; ` +
          `(exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3) 2>&1; echo "host loopback: $?"; ` +
          `(exec 3<>/dev/tcp/151.101.2.132/80) 2>&1; echo "archive: $?"`,
      );
      expect(output).toMatch(/^lo\n/);
      expect(output).not.toContain('host service');
      expect(output).toMatch(/Connection refused\nhost loopback: 1\n/);
      expect(output).toMatch(/Network is unreachable\narchive: 1\n/);
    } finally {
      server.close();
    }
  });

  it('shows only the root, the workspace and fresh /dev /proc /tmp', async () => {
    const { output } = await bash('echo $(ls /); echo $(ls /home); ls /work /root/.cache 2>&1; pids=(/proc/[0-9]*); echo pids: \${#pids[@]}');
    expect(output).toContain("ls: cannot access '/work': No such file or directory");
    expect(output).toContain("ls: cannot access '/root/.cache': No such file or directory");
    expect(output.split('\n')[1]).toBe('build');
    // bwrap's init, bash, and the subshells: no host process is visible
    expect(Number(/pids: (\d+)/.exec(output)?.[1])).toBeLessThan(8);
  });

  it('cannot change the store through the hard-linked root', async () => {
    const before = await readFile(join(rootDir, 'usr/bin/cat'));
    const { output } = await bash('echo x >> /usr/bin/cat; echo $?; rm -f /usr/bin/ls; echo $?; touch /tmp/t /home/build/t && echo writable');
    expect(output).toMatch(/Read-only file system\n1\n.*Read-only file system\n1\nwritable\n$/s);
    expect((await readFile(join(rootDir, 'usr/bin/cat'))).equals(before)).toBe(true);
    expect((await stat(join(rootDir, 'usr/bin/ls'))).nlink).toBeGreaterThan(1);
  });

  it('gives a failing command its exit status', async () => {
    const { exitCode } = await bash('false');
    expect(exitCode).toBe(1);
  });
});
