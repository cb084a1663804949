/**
 * `stagecraft build` through the compiled CLI: melange's flags, the packages' paths on stdout,
 * the log on stderr, and exit codes 0 (built), 1 (the build failed) and 2 (a usage mistake).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, tempDir, testKey } from './build-helpers';
import { cacheDir, workspaceRoot } from './seed-root';

const work = tempDir('cli-build');
const key = testKey(work);
const CLI = join(workspaceRoot, 'packages/cli/dist/main.js');
const LOCK = join(workspaceRoot, 'seeds/debian.lock.json');
beforeAll(() => {
  spawnSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: workspaceRoot, stdio: 'ignore' });
});

function stagecraft(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: work, env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('stagecraft build', () => {
  it('builds a recipe with melange-style flags and prints the package paths', async () => {
    const recipe = copyFixture('greet-static', work);
    const r = await stagecraft([
      'build', recipe, '--arch', 'amd64', '--out-dir', 'packages', '--seed', `debian=${LOCK}`,
      '--signing-key', key.privateKey, '--store-dir', cacheDir, '--namespace', 'e2e',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([join(work, 'packages/x86_64/libgreet-static-1.2.0-r0.apk')]);
    expect(r.stderr).toContain('==> sandbox: libgreet-static: compile');
    expect(readdirSync(join(work, 'packages/x86_64'))).toContain('APKINDEX.tar.gz');
  });

  it('exits 1 with the failing step and the log tail when the build fails', async () => {
    const r = await stagecraft(['build', copyFixture('fails', work), '--arch', 'x86_64', '--out-dir', 'out-fails', '--seed', `debian=${LOCK}`, '--store-dir', cacheDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stagecraft build: .*step "break on purpose" of fails failed with exit code 3/);
    expect(r.stderr).toContain('about to fail');
  });

  it('exits 2 on a usage mistake', async () => {
    const r = await stagecraft(['build', copyFixture('fails', join(work, 'usage')), '--arch', 'sparc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown architecture "sparc"');
  });
});
