import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvFile, sandboxPath, stepArgv, stepEnvironment } from './step-command';

const work = mkdtempSync(join(tmpdir(), 'step-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runOnHost(runs: string, workingDirectory: string) {
  const [sh, ...args] = stepArgv({ runs, workingDirectory });
  return spawnSync(sh, args, { encoding: 'utf8' });
}

describe('stepArgv', () => {
  it('creates and enters the working directory (run by the host dash)', () => {
    const dir = join(work, 'made/by/step');
    const r = runOnHost('pwd', dir);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(dir);
    expect(existsSync(dir)).toBe(true);
  });

  it('stops at the first failing command', () => {
    const r = runOnHost('echo one\nfalse\necho two', work);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('one\n');
  });

  it('resolves relative working directories against /home/build', () => {
    expect(sandboxPath(undefined)).toBe('/home/build');
    expect(sandboxPath('./src/')).toBe('/home/build/src');
    expect(sandboxPath('/tmp/x')).toBe('/tmp/x');
  });
});

describe('stepEnvironment', () => {
  it('layers env files, recipe and step over the defaults and pins SOURCE_DATE_EPOCH', () => {
    const env = stepEnvironment({
      sourceDateEpoch: 42,
      envFiles: { CFLAGS: '-O1', HOME: '' },
      recipe: { CFLAGS: '-O2' },
      step: { SOURCE_DATE_EPOCH: '7', EXTRA: 'x' },
    });
    expect(env).toMatchObject({ CFLAGS: '-O2', EXTRA: 'x', SOURCE_DATE_EPOCH: '42', HOME: '/home/build' });
    expect(env.PATH).toBe('/usr/local/sbin:/usr/local/bin:/usr/bin:/usr/sbin:/sbin:/bin');
  });
});

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines with quotes, export and comments', () => {
    expect(parseEnvFile('# c\nexport A=1\nB="two words"\nC=3 # trailing\n\nnot a line\n')).toEqual({ A: '1', B: 'two words', C: '3' });
  });
});
