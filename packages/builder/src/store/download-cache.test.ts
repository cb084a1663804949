import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { DigestMismatchError, fetchVerified, openDownloadCache } from './download-cache';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

async function setUp() {
  const dir = tempDir('download-cache');
  const source = join(dir, 'hello.deb');
  await writeFile(source, 'hello');
  return { cache: openDownloadCache(join(dir, 'cache')), url: pathToFileURL(source).href, dir };
}

describe('fetchVerified', () => {
  it('stores a verified file under its digest and serves it from there afterwards', async () => {
    const { cache, url } = await setUp();
    const path = await fetchVerified(cache, url, { sha256: sha256('hello'), size: 5 });
    expect(path).toBe(join(cache.dir, 'sha256', sha256('hello').slice(0, 2), sha256('hello')));
    expect(await readFile(path, 'utf8')).toBe('hello');
    expect(await fetchVerified(cache, 'file:///nonexistent', { sha256: sha256('hello') })).toBe(path);
  });

  it('refuses a file whose digest differs and leaves nothing in the cache', async () => {
    const { cache, url } = await setUp();
    const wrong = sha256('something else');
    await expect(fetchVerified(cache, url, { sha256: wrong })).rejects.toThrow(DigestMismatchError);
    await expect(fetchVerified(cache, url, { sha256: wrong })).rejects.toThrow(`does not match the lock's ${wrong}`);
    expect(await readdir(join(cache.dir, 'sha256', wrong.slice(0, 2)))).toEqual([]);
    expect(await readdir(join(cache.dir, 'tmp'))).toEqual([]);
  });

  it('refuses a file whose size differs from the lock', async () => {
    const { cache, url } = await setUp();
    await expect(fetchVerified(cache, url, { sha256: sha256('hello'), size: 6 })).rejects.toThrow('(5 bytes) does not match');
  });
});

describe('openDownloadCache', () => {
  it('removes partial downloads of dead processes and keeps those of live ones', async () => {
    const { dir } = await setUp();
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('close', resolve));
    await mkdir(join(dir, 'cache/tmp'), { recursive: true });
    await writeFile(join(dir, 'cache/tmp', `abc.pid${dead.pid}.0000`), 'half');
    await writeFile(join(dir, 'cache/tmp', `abc.pid${process.pid}.0000`), 'in flight');
    openDownloadCache(join(dir, 'cache'));
    expect(await readdir(join(dir, 'cache/tmp'))).toEqual([`abc.pid${process.pid}.0000`]);
  });
});

describe('fetchVerified over HTTP', () => {
  it('downloads from a server and refuses one that is not there', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((request, response) => {
      if (request.url === '/pool/hello.deb') response.end('hello');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const { cache } = await setUp();
      expect(await readFile(await fetchVerified(cache, `${base}/pool/hello.deb`, { sha256: sha256('hello'), size: 5 }), 'utf8')).toBe('hello');
      await expect(fetchVerified(cache, `${base}/pool/missing.deb`, { sha256: sha256('missing') })).rejects.toThrow(`${base}/pool/missing.deb: HTTP 404 Not Found`);
    } finally {
      server.close();
    }
  });
});
