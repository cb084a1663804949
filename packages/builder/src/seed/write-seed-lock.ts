import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import type { SourceLock } from '@stagecraft/melange-config';

/** Writes the lock beside its final name and renames it into place, so a reader never sees half a lock. */
export async function writeSeedLock(path: string, lock: SourceLock): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(lock, null, 2)}\n`);
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}
