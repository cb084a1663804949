/**
 * Host-side fetch of one recipe source: the content-addressed cache first, then each mirror
 * (laid out like the cache: `<mirror>/<algorithm>:<hex>`), then the recipe's own URI. Every
 * byte that lands in the cache was verified against the recipe's checksum; a URI whose bytes
 * do not match is refused, never cached.
 */
import { statSync } from 'node:fs';
import { hashFile, type Digest, type DigestAlgorithm } from './digest';
import { downloadTo, DownloadError } from './download';
import { SourceCache } from './source-cache';

export interface SourceRequest {
  uri: string;
  expected: Digest;
}

export interface FetchedSource {
  uri: string;
  /** file in the source cache */
  path: string;
  sha256: string;
  size: number;
  /** where the bytes came from this time */
  origin: 'cache' | 'mirror' | 'uri';
  from: string;
}

export interface FetchOptions {
  cache: SourceCache;
  /** base URLs or directories holding files named `<algorithm>:<hex>` */
  mirrors?: string[];
  timeoutMs?: number;
  /** for the build log: one line per attempt that did not give the file */
  onAttempt?: (message: string) => void;
}

export class ChecksumMismatchError extends Error {
  override name = 'ChecksumMismatchError';
  constructor(readonly uri: string, readonly expected: Digest, readonly actual: string) {
    super(`${uri}: ${expected.algorithm} mismatch: the recipe expects ${expected.hex}, the download has ${actual}`);
  }
}

export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailableError';
  constructor(readonly uri: string, readonly attempts: string[]) {
    super(`${uri}: could not be fetched (${attempts.join('; ')})`);
  }
}

export async function fetchSource(req: SourceRequest, opts: FetchOptions): Promise<FetchedSource> {
  const { cache } = opts;
  if (cache.has(req.expected)) {
    // Cache entries are verified before they get their name, so only a sha512-named entry
    // needs hashing here, for the sha256 that provenance records.
    const path = cache.pathFor(req.expected);
    const sha256 = req.expected.algorithm === 'sha256' ? req.expected.hex : (await hashFile(path)).sha256;
    return describe(req, path, sha256, 'cache', path);
  }

  const attempts: string[] = [];
  for (const mirror of opts.mirrors ?? []) {
    const url = `${mirror.replace(/\/+$/, '')}/${req.expected.algorithm}:${req.expected.hex}`;
    const got = await tryDownload(url, req.expected, opts);
    if (got.ok) return describe(req, got.path, got.digests.sha256, 'mirror', url);
    attempts.push(got.reason);
    opts.onAttempt?.(got.reason);
  }

  const got = await tryDownload(req.uri, req.expected, opts);
  if (got.ok) return describe(req, got.path, got.digests.sha256, 'uri', req.uri);
  if (got.mismatch) throw new ChecksumMismatchError(req.uri, req.expected, got.mismatch);
  attempts.push(got.reason);
  throw new SourceUnavailableError(req.uri, attempts);
}

type Attempt =
  | { ok: true; path: string; digests: Record<DigestAlgorithm, string> }
  | { ok: false; reason: string; mismatch?: string };

async function tryDownload(url: string, expected: Digest, opts: FetchOptions): Promise<Attempt> {
  const temp = opts.cache.tempPath();
  try {
    const digests = await downloadTo(url, temp, { timeoutMs: opts.timeoutMs });
    const actual = digests[expected.algorithm];
    if (actual !== expected.hex) {
      opts.cache.discard(temp);
      return { ok: false, reason: `${url}: ${expected.algorithm} is ${actual}, expected ${expected.hex}`, mismatch: actual };
    }
    const path = opts.cache.commit(temp, [
      expected,
      { algorithm: 'sha256', hex: digests.sha256 },
      { algorithm: 'sha512', hex: digests.sha512 },
    ]);
    return { ok: true, path, digests };
  } catch (err) {
    opts.cache.discard(temp);
    const reason = err instanceof DownloadError ? err.message : `${url}: ${(err as Error).message}`;
    return { ok: false, reason };
  }
}

function describe(
  req: SourceRequest,
  path: string,
  sha256: string,
  origin: FetchedSource['origin'],
  from: string,
): FetchedSource {
  return { uri: req.uri, path, sha256, size: statSync(path).size, origin, from };
}
