import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { readCacheFile, tempPathFor, writeCacheFile } from './cache-file';

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const { pid } = spawnSync('true');
  return pid!;
}

describe('cache files', () => {
  it('reads a missing or half-written file as no cache', () => {
    const dir = tempDir('cache-file');
    expect(readCacheFile(join(dir, 'missing.json'))).toBeUndefined();
    writeFileSync(join(dir, 'half.json'), '{"entries":{"os/cu');
    expect(readCacheFile(join(dir, 'half.json'))).toBeUndefined();
    writeCacheFile(join(dir, 'whole.json'), { entries: { 'os/curl.yaml': 1 } });
    expect(readCacheFile(join(dir, 'whole.json'))).toEqual({ entries: { 'os/curl.yaml': 1 } });
    expect(readdirSync(dir).sort()).toEqual(['half.json', 'whole.json']);
  });

  it('removes the temp files a writer that is gone left of the same cache, and nothing else', () => {
    const dir = tempDir('cache-file');
    const cache = join(dir, 'stagecraft-recipes.json');
    const dead = deadPid();
    const left = [
      `stagecraft-recipes.json.${dead}.tmp`,
      `stagecraft-recipes.json.${dead}.ahead.tmp`,
      // a writer still running, another cache's leftover, files that are not temp files
      `stagecraft-recipes.json.${process.ppid}.ahead.tmp`,
      `stagecraft-nodes.json.${dead}.tmp`,
      'stagecraft-recipes.json.bak',
      'stagecraft-recipes.json.old.tmp',
    ];
    for (const name of left) writeFileSync(join(dir, name), '{"half');
    writeCacheFile(cache, { recipes: [] });
    expect(readdirSync(dir).sort()).toEqual(
      [
        'stagecraft-recipes.json',
        `stagecraft-recipes.json.${process.ppid}.ahead.tmp`,
        `stagecraft-nodes.json.${dead}.tmp`,
        'stagecraft-recipes.json.bak',
        'stagecraft-recipes.json.old.tmp',
      ].sort(),
    );
  });

  it('names temp files by cache, writer and purpose', () => {
    expect(tempPathFor('/data/stagecraft-recipes.json', 'ahead')).toBe(`/data/stagecraft-recipes.json.${process.pid}.ahead.tmp`);
    expect(tempPathFor('/data/stagecraft-nodes.json')).toBe(`/data/stagecraft-nodes.json.${process.pid}.tmp`);
  });
});
