import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { writeTree } from './__fixtures__/write-tree';
import { treeDigest } from './tree-digest';

const folder = (files: Record<string, string>) => writeTree('tree-digest', files);

describe('treeDigest', () => {
  it('covers every file by path and content, at any depth, and no folder as such', () => {
    const base = treeDigest(folder({ 'fetch.yaml': 'a', 'go/build.yaml': 'b' }), { cacheDir: undefined });
    const withEmptyFolder = folder({ 'fetch.yaml': 'a', 'go/build.yaml': 'b' });
    mkdirSync(join(withEmptyFolder, 'empty'));
    expect(treeDigest(withEmptyFolder, { cacheDir: undefined })).toBe(base);
    expect(treeDigest(folder({ 'fetch.yaml': 'a', 'go/build.yaml': 'c' }), { cacheDir: undefined })).not.toBe(base);
    expect(treeDigest(folder({ 'fetch.yaml': 'a', 'rust/build.yaml': 'b' }), { cacheDir: undefined })).not.toBe(base);
  });

  it('sees a file changed since the last digest, with its keys remembered in the cache folder', () => {
    const dir = folder({ 'fetch.yaml': 'a', 'go/build.yaml': 'b' });
    const cacheDir = tempDir('tree-digest-cache');
    const before = treeDigest(dir, { cacheDir });
    expect(treeDigest(dir, { cacheDir })).toBe(before);
    writeFileSync(join(dir, 'go/build.yaml'), 'bb');
    expect(treeDigest(dir, { cacheDir })).toBe(treeDigest(folder({ 'fetch.yaml': 'a', 'go/build.yaml': 'bb' }), { cacheDir: undefined }));
  });

  it('digests a missing folder as empty', () => {
    expect(treeDigest(join(tmpdir(), 'no-such-pipeline-folder'), { cacheDir: undefined })).toBe(treeDigest(folder({}), { cacheDir: undefined }));
  });
});
