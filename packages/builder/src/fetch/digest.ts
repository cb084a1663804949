/**
 * Source digests as recipes write them (`expected-sha256`, `expected-sha512`) and as the
 * content-addressed cache names files (`sha256:<hex>`, melange's cache layout).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type DigestAlgorithm = 'sha256' | 'sha512';

export interface Digest {
  algorithm: DigestAlgorithm;
  hex: string;
}

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };

/** A checksum input that cannot be a digest of its algorithm (wrong length or not hex). */
export class DigestFormatError extends Error {
  override name = 'DigestFormatError';
  constructor(readonly algorithm: DigestAlgorithm, readonly value: string) {
    super(`expected-${algorithm} must be ${HEX_LENGTH[algorithm]} hex characters, got ${JSON.stringify(value)}`);
  }
}

export function parseDigest(algorithm: DigestAlgorithm, value: string): Digest {
  const hex = value.trim().toLowerCase();
  if (hex.length !== HEX_LENGTH[algorithm] || !/^[0-9a-f]+$/.test(hex)) throw new DigestFormatError(algorithm, value);
  return { algorithm, hex };
}

export function digestKey(d: Digest): string {
  return `${d.algorithm}:${d.hex}`;
}

/** Hashes with every algorithm at once, so one pass over a download yields all digests. */
export class MultiHasher {
  private readonly hashes: Record<DigestAlgorithm, Hash> = { sha256: createHash('sha256'), sha512: createHash('sha512') };
  update(chunk: Buffer): void {
    this.hashes.sha256.update(chunk);
    this.hashes.sha512.update(chunk);
  }
  digests(): Record<DigestAlgorithm, string> {
    return { sha256: this.hashes.sha256.digest('hex'), sha512: this.hashes.sha512.digest('hex') };
  }
}

export async function hashFile(file: string): Promise<Record<DigestAlgorithm, string>> {
  const hasher = new MultiHasher();
  for await (const chunk of createReadStream(file)) hasher.update(chunk as Buffer);
  return hasher.digests();
}
