import { readFileSync } from 'node:fs';

/** A killed process can linger as a zombie until reaped; it will never finish its unpack. */
export function isAlive(pid: number): boolean {
  try {
    const state = /^\d+ \(.*\) (\S)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid a temp name carries (`<key>.pid<pid>.<random>`), if any. */
export function ownerPid(tempName: string): number | undefined {
  const pid = Number(/\.pid(\d+)\./.exec(tempName)?.[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
