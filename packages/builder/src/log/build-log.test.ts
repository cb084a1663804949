import { describe, expect, it } from 'vitest';
import { BuildLog } from './build-log';

describe('BuildLog', () => {
  it('streams lines, marks step boundaries and records timings per phase', async () => {
    const seen: string[] = [];
    const log = new BuildLog((l) => seen.push(l));
    await log.step('sandbox', 'pipeline[0] compile', () => log.line('cc -o hello hello.c\n'));
    await expect(log.step('sandbox', 'pipeline[1] install', () => Promise.reject(new Error('exit 2')))).rejects.toThrow('exit 2');
    expect(seen[0]).toBe('==> sandbox: pipeline[0] compile');
    expect(seen[1]).toBe('cc -o hello hello.c');
    expect(seen[2]).toMatch(/^<== sandbox: pipeline\[0\] compile: ok \(\d+ ms\)$/);
    expect(log.tail(1)[0]).toMatch(/^<== sandbox: pipeline\[1\] install: FAILED/);
    expect(log.timings.map((t) => [t.phase, t.name, t.ok])).toEqual([
      ['sandbox', 'pipeline[0] compile', true],
      ['sandbox', 'pipeline[1] install', false],
    ]);
    expect(Object.keys(log.phaseTotals())).toEqual(['sandbox']);
    expect(log.render()).toContain('--- timings ---');
  });
});
