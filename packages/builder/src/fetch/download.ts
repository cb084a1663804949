/**
 * Copies one URL (http, https, file) to a local file while hashing it. The target is written
 * under a temporary name by the caller's choice; nothing here renames into place.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { MultiHasher, type DigestAlgorithm } from './digest';

const MAX_REDIRECTS = 10;

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(readonly url: string, reason: string) {
    super(`${url}: ${reason}`);
  }
}

export interface DownloadOptions {
  /** per-request inactivity timeout */
  timeoutMs?: number;
}

export async function downloadTo(url: string, file: string, opts: DownloadOptions = {}): Promise<Record<DigestAlgorithm, string>> {
  const hasher = new MultiHasher();
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hasher.update(chunk);
      done(null, chunk);
    },
  });
  const source = await openSource(url, opts.timeoutMs ?? 30_000);
  try {
    await pipeline(source, tap, createWriteStream(file));
  } catch (err) {
    throw new DownloadError(url, (err as Error).message);
  }
  return hasher.digests();
}

async function openSource(url: string, timeoutMs: number): Promise<NodeJS.ReadableStream> {
  if (url.startsWith('file://')) return createReadStream(fileURLToPath(url));
  if (url.startsWith('/')) return createReadStream(url);
  if (!/^https?:\/\//.test(url)) throw new DownloadError(url, 'unsupported URL scheme (http, https and file are)');
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await request(current, timeoutMs);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new DownloadError(url, `HTTP ${status}`);
    }
    return res;
  }
  throw new DownloadError(url, `more than ${MAX_REDIRECTS} redirects`);
}

function request(url: string, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, resolve);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no data for ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new DownloadError(url, err.message)));
  });
}
