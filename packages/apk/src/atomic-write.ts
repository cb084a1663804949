import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `file` so that readers see either the old content or the whole new content, never a
 * half-written file: a temp file in the same directory, fsync, then rename over.
 */
export async function writeFileAtomic(file: string, data: Buffer | string | Buffer[], mode = 0o644): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fh = await fs.promises.open(tmp, 'wx', mode);
  try {
    if (Array.isArray(data)) {
      for (let i = 0; i < data.length; i += 512) await fh.writev(data.slice(i, i + 512));
    } else {
      await fh.writeFile(data);
    }
    await fh.sync();
    await fh.close();
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}
