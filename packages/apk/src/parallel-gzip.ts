/**
 * One gzip member written from independently deflated 1 MiB blocks, several at a time on the
 * libuv thread pool (what melange's pgzip does). Each block but the last ends with a full flush,
 * so the concatenation is one valid deflate stream; the block size is fixed, so the bytes depend
 * only on the input, never on timing or on how the caller sliced its writes.
 */
import * as crypto from 'node:crypto';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw) as (buf: Buffer, opts: zlib.ZlibOptions) => Promise<Buffer>;

export const GZIP_BLOCK = 1 << 20;
/** node's own gzip header: deflate, no flags, mtime 0, no extra flags, OS unix */
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

export interface GzipResult {
  /** the member, in pieces (concatenate or write them in order) */
  chunks: Buffer[];
  size: number;
  sha256: string;
}

export class ParallelGzip {
  private readonly out: Buffer[] = [HEADER];
  private outSize = HEADER.length;
  private readonly hash = crypto.createHash('sha256').update(HEADER);
  private readonly inFlight: Promise<Buffer>[] = [];
  private block = Buffer.allocUnsafe(GZIP_BLOCK);
  private fill = 0;
  private crc = 0;
  private size = 0;

  constructor(
    private readonly level = 6,
    private readonly parallel = 4,
  ) {}

  async write(b: Buffer): Promise<void> {
    let at = 0;
    while (at < b.length) {
      const take = Math.min(b.length - at, GZIP_BLOCK - this.fill);
      b.copy(this.block, this.fill, at, at + take);
      this.fill += take;
      at += take;
      if (this.fill === GZIP_BLOCK) await this.dispatch(false);
    }
  }

  private async dispatch(last: boolean): Promise<void> {
    const block = this.fill === GZIP_BLOCK ? this.block : this.block.subarray(0, this.fill);
    this.block = Buffer.allocUnsafe(GZIP_BLOCK);
    this.fill = 0;
    this.crc = zlib.crc32(block, this.crc);
    this.size += block.length;
    // One output chunk per block: incompressible data grows by a few bytes per 16 KiB only.
    const opts = { level: this.level, chunkSize: GZIP_BLOCK + (64 << 10), finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_FULL_FLUSH };
    this.inFlight.push(deflateRaw(block, opts));
    while (this.inFlight.length >= (last ? 1 : this.parallel)) this.take(await this.inFlight.shift()!);
  }

  private take(deflated: Buffer): void {
    this.out.push(deflated);
    this.outSize += deflated.length;
    this.hash.update(deflated);
  }

  async end(): Promise<GzipResult> {
    await this.dispatch(true);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    trailer.writeUInt32LE(this.size % 2 ** 32, 4);
    this.take(trailer);
    return { chunks: this.out, size: this.outSize, sha256: this.hash.digest('hex') };
  }
}
