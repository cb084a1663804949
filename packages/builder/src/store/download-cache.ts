/**
 * Files fetched from outside (seed .debs, later APKs of remote repositories), kept by their
 * sha256 so that every build and every test on the machine downloads a file once. A file enters
 * the cache only after its digest and size were checked; a mismatch is refused, never cached.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { isAlive, ownerPid } from './process-alive';

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    /** false when asking again cannot help (the server said the file is not there) */
    readonly retryable = true,
  ) {
    super(message);
  }
}

export class DigestMismatchError extends Error {
  override name = 'DigestMismatchError';
  constructor(
    readonly url: string,
    readonly expected: { sha256: string; size?: number },
    readonly actual: { sha256: string; size: number },
  ) {
    super(
      `${url}: sha256 ${actual.sha256} (${actual.size} bytes) does not match the lock's ${expected.sha256}` +
        `${expected.size !== undefined ? ` (${expected.size} bytes)` : ''}; refusing to use it`,
    );
  }
}

export interface DownloadCache {
  dir: string;
}

/** Opens the cache and removes the partial downloads of processes that died mid-transfer. */
export function openDownloadCache(dir: string): DownloadCache {
  const tempDir = join(dir, 'tmp');
  for (const name of safeReaddir(tempDir)) {
    const pid = ownerPid(name);
    if (pid === undefined || !isAlive(pid)) rmSync(join(tempDir, name), { force: true });
  }
  return { dir };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function cachedPath(cache: DownloadCache, sha256: string): string {
  return join(cache.dir, 'sha256', sha256.slice(0, 2), sha256);
}

async function openSource(url: string): Promise<Readable> {
  if (url.startsWith('file:')) return createReadStream(fileURLToPath(url));
  const response = await fetch(url).catch((error: Error) => {
    throw new DownloadError(`${url}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`);
  });
  if (!response.ok || !response.body) {
    throw new DownloadError(`${url}: HTTP ${response.status} ${response.statusText}`, response.status < 400 || response.status >= 500);
  }
  return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
}

const ATTEMPTS = 3;

/**
 * Returns the path of the verified file, downloading it first if the cache lacks it. A failed
 * transfer is tried again (mirrors drop connections under load); wrong bytes never are.
 */
export async function fetchVerified(cache: DownloadCache, url: string, expected: { sha256: string; size?: number }): Promise<string> {
  const final = cachedPath(cache, expected.sha256);
  if (await stat(final).then(() => true, () => false)) return final;
  for (let attempt = 1; ; attempt++) {
    try {
      return await download(cache, url, expected, final);
    } catch (error) {
      if (!(error instanceof DownloadError) || !error.retryable || attempt >= ATTEMPTS || url.startsWith('file:')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

async function download(cache: DownloadCache, url: string, expected: { sha256: string; size?: number }, final: string): Promise<string> {
  await mkdir(join(cache.dir, 'sha256', expected.sha256.slice(0, 2)), { recursive: true });
  await mkdir(join(cache.dir, 'tmp'), { recursive: true });
  const temp = join(cache.dir, 'tmp', `${expected.sha256}.pid${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(await openSource(url), measure, createWriteStream(temp)).catch((error: Error) => {
      throw new DownloadError(`${url}: transfer failed: ${error.message}`);
    });
    const actual = { sha256: hash.digest('hex'), size };
    if (actual.sha256 !== expected.sha256 || (expected.size !== undefined && expected.size !== size)) {
      throw new DigestMismatchError(url, expected, actual);
    }
    // Two processes may download the same file; either rename leaves one complete, verified copy.
    await rename(temp, final);
    return final;
  } finally {
    await rm(temp, { force: true });
  }
}
