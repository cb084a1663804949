import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { cleanAbandonedTemps, ensureStoreEntry, openStore, storeEntryPath, StoreKeyError } from './package-store';

const newStore = () => openStore(tempDir('store'));

describe('ensureStoreEntry', () => {
  it('unpacks once and reuses the entry afterwards', async () => {
    const store = await newStore();
    let unpacks = 0;
    const fill = async (dir: string) => {
      unpacks++;
      await writeFile(join(dir, 'file'), 'content');
    };
    const first = await ensureStoreEntry(store, 'deb-abc', fill);
    const second = await ensureStoreEntry(store, 'deb-abc', fill);
    expect(second).toBe(first);
    expect(unpacks).toBe(1);
    expect(await readFile(join(first, 'file'), 'utf8')).toBe('content');
  });

  it('keeps one complete entry when two unpacks of the same key race', async () => {
    const store = await newStore();
    const fill = (text: string) => async (dir: string) => {
      await writeFile(join(dir, 'a'), text);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await writeFile(join(dir, 'b'), text);
    };
    const [a, b] = await Promise.all([ensureStoreEntry(store, 'k', fill('one')), ensureStoreEntry(store, 'k', fill('two'))]);
    expect(a).toBe(b);
    const [fa, fb] = [await readFile(join(a, 'a'), 'utf8'), await readFile(join(a, 'b'), 'utf8')];
    expect(fa).toBe(fb);
    expect(await readdir(join(store.dir, 'tmp'))).toEqual([]);
  });

  it('leaves no entry when the unpack fails', async () => {
    const store = await newStore();
    await expect(ensureStoreEntry(store, 'bad', async () => { throw new Error('corrupt archive'); })).rejects.toThrow('corrupt archive');
    expect(await readdir(join(store.dir, 'entries'))).toEqual([]);
    expect(await readdir(join(store.dir, 'tmp'))).toEqual([]);
  });

  it('refuses keys that could escape the store', async () => {
    const store = await newStore();
    expect(() => storeEntryPath(store, '../etc')).toThrow(StoreKeyError);
  });
});

describe('cleanAbandonedTemps', () => {
  it('removes temp dirs of dead processes and keeps those of live ones', async () => {
    const store = await newStore();
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('close', resolve));
    await mkdir(join(store.dir, 'tmp', `k.pid${dead.pid}.0000`));
    await mkdir(join(store.dir, 'tmp', `k.pid${process.pid}.0000`));
    expect(await cleanAbandonedTemps(store)).toEqual([`k.pid${dead.pid}.0000`]);
    expect(await readdir(join(store.dir, 'tmp'))).toEqual([`k.pid${process.pid}.0000`]);
  });
});
