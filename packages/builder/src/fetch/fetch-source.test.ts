import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDigest, DigestFormatError } from './digest';
import { ChecksumMismatchError, fetchSource, SourceUnavailableError } from './fetch-source';
import { SourceCache } from './source-cache';

const body = Buffer.from('hello-1.0 source tarball stand-in\n');
const sha256 = createHash('sha256').update(body).digest('hex');
const sha512 = createHash('sha512').update(body).digest('hex');
const work = mkdtempSync(join(tmpdir(), 'fetch-'));
let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url!);
    if (req.url === '/hello-1.0.tar.gz') return void res.end(body);
    if (req.url === '/moved') return void res.writeHead(302, { location: '/hello-1.0.tar.gz' }).end();
    if (req.url === '/tampered.tar.gz') return void res.end(Buffer.from('something else'));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(work, { recursive: true, force: true });
});

const freshCache = (name: string) => new SourceCache(join(work, name));

describe('fetchSource', () => {
  it('downloads, verifies and stores under every digest name, then serves from the cache', async () => {
    const cache = freshCache('c1');
    const first = await fetchSource({ uri: `${base}/hello-1.0.tar.gz`, expected: parseDigest('sha256', sha256) }, { cache });
    expect(first.origin).toBe('uri');
    expect(first.sha256).toBe(sha256);
    expect(readdirSync(cache.dir).sort()).toEqual([`sha256:${sha256}`, `sha512:${sha512}`]);
    hits.length = 0;
    const again = await fetchSource({ uri: `${base}/hello-1.0.tar.gz`, expected: parseDigest('sha512', sha512) }, { cache });
    expect(again.origin).toBe('cache');
    expect(again.sha256).toBe(sha256);
    expect(hits).toEqual([]);
  });

  it('follows redirects', async () => {
    const got = await fetchSource({ uri: `${base}/moved`, expected: parseDigest('sha256', sha256) }, { cache: freshCache('c2') });
    expect(readFileSync(got.path)).toEqual(body);
  });

  it('refuses bytes that do not match and caches nothing', async () => {
    const cache = freshCache('c3');
    await expect(
      fetchSource({ uri: `${base}/tampered.tar.gz`, expected: parseDigest('sha256', sha256) }, { cache }),
    ).rejects.toThrow(ChecksumMismatchError);
    expect(readdirSync(cache.dir)).toEqual([]);
  });

  it('takes the file from a mirror directory without touching the network', async () => {
    const mirror = join(work, 'mirror');
    mkdirSync(mirror);
    writeFileSync(join(mirror, `sha256:${sha256}`), body);
    hits.length = 0;
    const got = await fetchSource(
      { uri: 'http://127.0.0.1:1/unreachable.tar.gz', expected: parseDigest('sha256', sha256) },
      { cache: freshCache('c4'), mirrors: ['/nonexistent-mirror', mirror] },
    );
    expect(got.origin).toBe('mirror');
    expect(got.from).toBe(`${mirror}/sha256:${sha256}`);
    expect(hits).toEqual([]);
  });

  it('names every place it tried when nothing has the file', async () => {
    const err = await fetchSource(
      { uri: `${base}/missing.tar.gz`, expected: parseDigest('sha256', sha256) },
      { cache: freshCache('c5'), mirrors: [`${base}/mirror`] },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceUnavailableError);
    expect((err as Error).message).toContain(`${base}/mirror/sha256:${sha256}: HTTP 404`);
    expect((err as Error).message).toContain('missing.tar.gz: HTTP 404');
    expect(existsSync(join(work, 'c5')) ? readdirSync(join(work, 'c5')) : []).toEqual([]);
  });
});

describe('parseDigest', () => {
  it('rejects a checksum of the wrong length', () => {
    expect(() => parseDigest('sha256', 'abc')).toThrow(DigestFormatError);
    expect(() => parseDigest('sha512', sha256)).toThrow(/128 hex characters/);
  });
});
