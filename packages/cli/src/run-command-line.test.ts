import { describe, expect, it } from 'vitest';
import { type Command, UsageError } from './command';
import { runCommandLine } from './run-command-line';

function recorder() {
  const io = { stdout: '', stderr: '', out: (t: string) => (io.stdout += t), err: (t: string) => (io.stderr += t) };
  return io;
}

const seen: string[][] = [];
const commands: Command[] = [
  { name: ['apk'], summary: 'apk tools', usage: 'usage: stagecraft apk …', run: async (a) => (seen.push(['apk', ...a]), 0) },
  { name: ['apk', 'index'], summary: 'write an index', usage: 'usage: stagecraft apk index', run: async (a) => (seen.push(['apk index', ...a]), 0) },
  { name: ['why'], summary: 'explain an edge', usage: 'usage: stagecraft why <project> <name>', run: async () => { throw new UsageError('missing <name>'); } },
  { name: ['fail'], summary: 'fails', usage: 'usage: stagecraft fail', run: async () => { throw new Error('stage1/x/melange.yaml:3:1: bad'); } },
];

describe('runCommandLine', () => {
  it('dispatches to the longest matching command name and passes the rest', async () => {
    const io = recorder();
    expect(await runCommandLine(commands, ['apk', 'index', '-o', 'X'], io)).toBe(0);
    expect(seen.at(-1)).toEqual(['apk index', '-o', 'X']);
  });

  it('names an unknown command and lists the known ones', async () => {
    const io = recorder();
    expect(await runCommandLine(commands, ['bogus'], io)).toBe(2);
    expect(io.stderr).toContain('unknown command "bogus"');
    expect(io.stderr).toContain('apk index');
  });

  it('prints usage with exit 2 for a usage error', async () => {
    const io = recorder();
    expect(await runCommandLine(commands, ['why', 'os/curl'], io)).toBe(2);
    expect(io.stderr).toContain('missing <name>');
    expect(io.stderr).toContain('usage: stagecraft why');
  });

  it('prints an error message without a stack, exit 1', async () => {
    const io = recorder();
    expect(await runCommandLine(commands, ['fail'], io)).toBe(1);
    expect(io.stderr).toBe('stagecraft fail: stage1/x/melange.yaml:3:1: bad\n');
  });
});
