import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { writeTree } from './__fixtures__/write-tree';
import { compiledCodeDigest as digestWith } from './compiled-code-digest';
import { treeKeysCacheFile } from './tree-digest';

const compiledCodeDigest = (dir: string) => digestWith(dir, { cacheDir: undefined });

const dist = (files: Record<string, string>) => writeTree('code-digest', files);

describe('compiledCodeDigest', () => {
  it('covers the JavaScript and its paths, not declarations or source maps', () => {
    const base = compiledCodeDigest(dist({ 'a.js': 'x', 'graph/b.js': 'y' }));
    expect(compiledCodeDigest(dist({ 'a.js': 'x', 'graph/b.js': 'y', 'a.d.ts': 'd', 'a.js.map': 'm' }))).toBe(base);
    expect(compiledCodeDigest(dist({ 'a.js': 'x', 'graph/b.js': 'z' }))).not.toBe(base);
    expect(compiledCodeDigest(dist({ 'a.js': 'x', 'plugin/b.js': 'y' }))).not.toBe(base);
  });

  it('digests a folder once per process, as the code that process loaded', () => {
    const dir = dist({ 'a.js': 'x' });
    const first = compiledCodeDigest(dir);
    writeFileSync(join(dir, 'a.js'), 'changed');
    expect(compiledCodeDigest(dir)).toBe(first);
  });

  it('remembers each file’s content key in the cache folder, so an unchanged build is not read again', () => {
    const dir = dist({ 'a.js': 'x', 'graph/b.js': 'y', 'a.d.ts': 'd' });
    const cacheDir = tempDir('code-digest-cache');
    expect(digestWith(dir, { cacheDir })).toBe(compiledCodeDigest(dist({ 'a.js': 'x', 'graph/b.js': 'y' })));
    const cached = JSON.parse(readFileSync(treeKeysCacheFile(cacheDir, dir), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(cached.entries).sort()).toEqual(['a.js', 'graph/b.js']);
    expect(existsSync(treeKeysCacheFile(cacheDir, `${dir}-other`))).toBe(false);
  });

  it('digests a missing folder as empty', () => {
    expect(compiledCodeDigest(join(tmpdir(), 'no-such-dist-folder'))).toBe(compiledCodeDigest(dist({})));
  });
});
