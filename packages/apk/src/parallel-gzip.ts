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

export class ParallelGzip {
  private readonly out: Buffer[] = [HEADER];
  private readonly hash = crypto.createHash('sha256').update(HEADER);
  private readonly inFlight: Promise<Buffer>[] = [];
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private crc = 0;
  private size = 0;

  constructor(
    private readonly level = 6,
    private readonly parallel = 4,
  ) {}

  async write(b: Buffer): Promise<void> {
    let rest = b;
    while (rest.length > 0) {
      const take = Math.min(rest.length, GZIP_BLOCK - this.pendingSize);
      this.pending.push(take === rest.length ? rest : rest.subarray(0, take));
      this.pendingSize += take;
      rest = rest.subarray(take);
      if (this.pendingSize === GZIP_BLOCK) await this.dispatch(false);
    }
  }

  private async dispatch(last: boolean): Promise<void> {
    const block = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingSize);
    this.pending = [];
    this.pendingSize = 0;
    this.crc = zlib.crc32(block, this.crc);
    this.size += block.length;
    this.inFlight.push(deflateRaw(block, { level: this.level, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_FULL_FLUSH }));
    while (this.inFlight.length >= (last ? 1 : this.parallel)) this.take(await this.inFlight.shift()!);
  }

  private take(deflated: Buffer): void {
    this.out.push(deflated);
    this.hash.update(deflated);
  }

  /** The whole member and its sha256. */
  async end(): Promise<{ bytes: Buffer; sha256: string }> {
    await this.dispatch(true);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    trailer.writeUInt32LE(this.size % 2 ** 32, 4);
    this.take(trailer);
    return { bytes: Buffer.concat(this.out), sha256: this.hash.digest('hex') };
  }
}
