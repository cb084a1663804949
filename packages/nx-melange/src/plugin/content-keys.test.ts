import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from './__fixtures__/write-tree';
import { contentKey } from './content-key';
import { readContentKeys, FileChangedError } from './content-keys';

function tree(files: Record<string, string>): { root: string; cache: string } {
  const root = writeTree('recipe-keys', files);
  return { root, cache: join(root, '.nx', 'stagecraft-recipe-keys.json') };
}

/** when each recipe's key was last taken, from the keys file */
const takenAt = (cache: string) =>
  Object.fromEntries(Object.entries(JSON.parse(readFileSync(cache, 'utf8')).entries as Record<string, unknown[]>).map(([f, e]) => [f, e[3]]));

const later = (ms: number) => Date.now() + ms;

describe('contentKey', () => {
  it('names the file and its content', () => {
    expect(contentKey('os/a.yaml', 'x')).not.toBe(contentKey('os/a.yaml', 'y'));
    expect(contentKey('os/a.yaml', 'x')).not.toBe(contentKey('os/b.yaml', 'x'));
    expect(contentKey('os/a.yaml', 'x')).toBe('os/a.yaml@11f6ad8ec52a2984abaafd7c3b516503785c2072');
  });
});

describe('readContentKeys', () => {
  it('keys every recipe by path and content, and hands out the bytes it read', () => {
    const { root, cache } = tree({ 'os/a.yaml': 'a', 'os/b.yaml': 'b' });
    const contents = readContentKeys(root, ['os/a.yaml', 'os/b.yaml'], cache);
    expect([...contents.keys]).toEqual([
      ['os/a.yaml', contentKey('os/a.yaml', 'a')],
      ['os/b.yaml', contentKey('os/b.yaml', 'b')],
    ]);
    expect(contents.text('os/b.yaml').toString()).toBe('b');
  });

  it('does not read a recipe again while its size and times are those its key was taken at', () => {
    const { root, cache } = tree({ 'os/a.yaml': 'a', 'os/b.yaml': 'b' });
    const first = later(10_000);
    readContentKeys(root, ['os/a.yaml', 'os/b.yaml'], cache, { now: first });
    writeFileSync(join(root, 'os/b.yaml'), 'bb');
    const second = readContentKeys(root, ['os/a.yaml', 'os/b.yaml'], cache, { now: later(20_000) });
    expect(second.keys.get('os/b.yaml')).toBe(contentKey('os/b.yaml', 'bb'));
    expect(takenAt(cache)['os/a.yaml']).toBe(first);
    expect(takenAt(cache)['os/b.yaml']).not.toBe(first);
  });

  it('reads a recipe again when it changed though size and mtime were put back', () => {
    const { root, cache } = tree({ 'os/a.yaml': 'a' });
    readContentKeys(root, ['os/a.yaml'], cache, { now: later(10_000) });
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'os/a.yaml'), old, old);
    readContentKeys(root, ['os/a.yaml'], cache, { now: later(10_000) });
    writeFileSync(join(root, 'os/a.yaml'), 'z');
    utimesSync(join(root, 'os/a.yaml'), old, old);
    // only the change time tells: utimes cannot set it back
    expect(readContentKeys(root, ['os/a.yaml'], cache, { now: later(20_000) }).keys.get('os/a.yaml')).toBe(contentKey('os/a.yaml', 'z'));
  });

  it('does not trust a key taken within the racy margin of the file’s last change', () => {
    const { root, cache } = tree({ 'os/a.yaml': 'a' });
    readContentKeys(root, ['os/a.yaml'], cache, { now: Date.now() });
    const next = later(10_000);
    readContentKeys(root, ['os/a.yaml'], cache, { now: next });
    expect(takenAt(cache)['os/a.yaml']).toBe(next);
  });

  it('refuses bytes that no longer match the key they were trusted for', () => {
    const { root, cache } = tree({ 'os/a.yaml': 'a' });
    readContentKeys(root, ['os/a.yaml'], cache, { now: later(10_000) });
    const contents = readContentKeys(root, ['os/a.yaml'], cache, { now: later(20_000) });
    writeFileSync(join(root, 'os/a.yaml'), 'changed under Nx');
    expect(() => contents.text('os/a.yaml')).toThrow(FileChangedError);
  });

  it('sets an unreadable recipe apart and forgets recipes that are gone', () => {
    const { root, cache } = tree({ 'os/a.yaml': 'a', 'os/b.yaml': 'b' });
    mkdirSync(join(root, 'os/dir.yaml'));
    readContentKeys(root, ['os/a.yaml', 'os/b.yaml'], cache);
    const contents = readContentKeys(root, ['os/a.yaml', 'os/dir.yaml'], cache);
    expect([...contents.keys.keys()]).toEqual(['os/a.yaml']);
    expect(contents.unreadable.get('os/dir.yaml')?.message).toMatch(/EISDIR/);
    expect(Object.keys(takenAt(cache))).toEqual(['os/a.yaml']);
  });

  it('tells onKey each key as it is taken, with the bytes it read for it', () => {
    const { root, cache } = tree({ 'os/a.yaml': 'a', 'os/b.yaml': 'b' });
    readContentKeys(root, ['os/a.yaml'], cache, { now: later(20_000) });
    const told: [string, string, string | undefined][] = [];
    readContentKeys(root, ['os/a.yaml', 'os/b.yaml', 'os/missing.yaml'], cache, {
      now: later(30_000),
      onKey: (file, key, bytes) => told.push([file, key, bytes?.toString('utf8')]),
    });
    expect(told).toEqual([
      ['os/a.yaml', contentKey('os/a.yaml', 'a'), undefined],
      ['os/b.yaml', contentKey('os/b.yaml', 'b'), 'b'],
    ]);
  });

  it('keeps none of the bytes it hands onKey: they can move to a thread, and text() reads the file again, checked against its key', () => {
    const { root, cache } = tree({ 'os/a.yaml': 'a', 'os/b.yaml': 'b' });
    const handed: Buffer[] = [];
    const contents = readContentKeys(root, ['os/a.yaml', 'os/b.yaml'], cache, { onKey: (_file, _key, bytes) => bytes && handed.push(bytes) });
    expect(handed.map((b) => [b.byteOffset, b.byteLength === b.buffer.byteLength])).toEqual([[0, true], [0, true]]);
    structuredClone(handed, { transfer: handed.map((b) => b.buffer as ArrayBuffer) });
    expect(handed[0]!.byteLength).toBe(0);
    expect(contents.text('os/a.yaml').toString('utf8')).toBe('a');
    writeFileSync(join(root, 'os/b.yaml'), 'changed');
    expect(() => contents.text('os/b.yaml')).toThrow(FileChangedError);
  });

  describe('with Nx\'s hash of each file', () => {
    const remembered = (cache: string, file: string) => (JSON.parse(readFileSync(cache, 'utf8')).entries as Record<string, unknown[]>)[file];

    it('keeps a key whose file Nx still hashes the same without looking at the file', () => {
      const { root, cache } = tree({ 'os/a.yaml': 'a' });
      const hashes = new Map([['os/a.yaml', 'h1']]);
      readContentKeys(root, ['os/a.yaml'], cache, { now: later(20_000), fileHashes: hashes });
      expect(remembered(cache, 'os/a.yaml')?.[5]).toBe('h1');
      // gone from disk, yet answered: it was not even stat'ed
      rmSync(join(root, 'os/a.yaml'));
      const contents = readContentKeys(root, ['os/a.yaml'], cache, { now: later(30_000), fileHashes: hashes });
      expect(contents.keys.get('os/a.yaml')).toBe(contentKey('os/a.yaml', 'a'));
      // without the hash, the file is looked at again
      expect(readContentKeys(root, ['os/a.yaml'], cache, { now: later(30_000) }).unreadable.has('os/a.yaml')).toBe(true);
    });

    it('reads a file again when Nx\'s hash differs from the remembered one, whatever its times say', () => {
      const { root, cache } = tree({ 'os/a.yaml': 'a' });
      readContentKeys(root, ['os/a.yaml'], cache, { now: later(20_000), fileHashes: new Map([['os/a.yaml', 'h1']]) });
      const contents = readContentKeys(root, ['os/a.yaml'], cache, { now: later(30_000), fileHashes: new Map([['os/a.yaml', 'h2']]) });
      expect(contents.keys.get('os/a.yaml')).toBe(contentKey('os/a.yaml', 'a'));
      expect(remembered(cache, 'os/a.yaml')?.[3]).toBeGreaterThan(later(25_000));
      expect(remembered(cache, 'os/a.yaml')?.[5]).toBe('h2');
    });

    it('adds the hash to a key taken before, and remembers no hash with a racy key', () => {
      const { root, cache } = tree({ 'os/a.yaml': 'a', 'os/b.yaml': 'b' });
      readContentKeys(root, ['os/a.yaml'], cache, { now: later(20_000) });
      expect(remembered(cache, 'os/a.yaml')).toHaveLength(5);
      readContentKeys(root, ['os/a.yaml', 'os/b.yaml'], cache, { now: later(30_000), fileHashes: new Map([['os/a.yaml', 'h1']]) });
      expect(remembered(cache, 'os/a.yaml')?.[5]).toBe('h1');
      // b was written just now: its times are too close to trust, and so is a hash Nx took of it
      readContentKeys(root, ['os/b.yaml'], cache, { now: Date.now(), fileHashes: new Map([['os/b.yaml', 'hb']]) });
      expect(remembered(cache, 'os/b.yaml')).toHaveLength(5);
    });
  });
});
