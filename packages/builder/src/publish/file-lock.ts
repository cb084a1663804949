/**
 * A lock file for read-modify-write of a shared file (the out dir's APKINDEX.tar.gz, which two
 * `stagecraft build` runs into one out dir would otherwise overwrite with each other's view).
 * The holder's pid is inside, so a lock left by a killed process is taken over, not waited on.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../process-alive';

export class FileLockTimeoutError extends Error {
  override name = 'FileLockTimeoutError';
  constructor(readonly lockFile: string, readonly holder: string) {
    super(`${lockFile} is held by process ${holder}; gave up waiting (remove the file if that process is gone)`);
  }
}

export async function withFileLock<T>(lockFile: string, run: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(lockFile);
      if (holder !== undefined && !isAlive(holder)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new FileLockTimeoutError(lockFile, String(holder ?? 'unknown'));
      await sleep(25);
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function readHolder(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
