import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { readGzipMember } from './gzip-members';
import { GZIP_BLOCK, ParallelGzip } from './parallel-gzip';

async function gz(input: Buffer, slices: number[]): Promise<{ bytes: Buffer; sha256: string; size: number }> {
  const p = new ParallelGzip();
  let at = 0;
  for (const n of slices) {
    await p.write(input.subarray(at, at + n));
    at += n;
  }
  await p.write(input.subarray(at));
  const { chunks, sha256, size } = await p.end();
  return { bytes: Buffer.concat(chunks), sha256, size };
}

describe('ParallelGzip', () => {
  const input = Buffer.concat([crypto.randomBytes(GZIP_BLOCK + 12345), Buffer.from('text '.repeat(400_000)), crypto.randomBytes(1000)]);

  test('one gzip member that zlib, gzip(1) and our reader inflate to the input', async () => {
    const { bytes, sha256, size } = await gz(input, []);
    expect(size).toBe(bytes.length);
    expect(sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(zlib.gunzipSync(bytes).equals(input)).toBe(true);
    expect(execFileSync('gzip', ['-dc'], { input: bytes, maxBuffer: 64 << 20 }).equals(input)).toBe(true);
    const m = readGzipMember(bytes, 0, {});
    expect(m.end).toBe(bytes.length);
    expect(m.content.equals(input)).toBe(true);
  });

  test('the bytes do not depend on how the writes were sliced', async () => {
    const a = await gz(input, []);
    const b = await gz(input, [1, 511, 512, GZIP_BLOCK - 1, 3, 777_777]);
    expect(b.bytes.equals(a.bytes)).toBe(true);
  });

  test('input of exactly whole blocks, and empty input', async () => {
    const whole = crypto.randomBytes(2 * GZIP_BLOCK);
    expect(zlib.gunzipSync((await gz(whole, [])).bytes).equals(whole)).toBe(true);
    expect(zlib.gunzipSync((await gz(Buffer.alloc(0), [])).bytes).length).toBe(0);
  });
});
