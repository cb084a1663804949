/**
 * Build roots kept per environment plan: the sandbox mounts a root read-only, so two builds
 * with the same packages can share one root, and a warm rebuild neither assembles nor removes
 * tens of thousands of hard links. A root appears under its plan key only complete (assembled
 * in a temp dir, then renamed); a build killed mid-assembly leaves a temp dir that the next
 * build removes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { materializeEnvironment, type EnvironmentPlan } from './environment';
import type { DownloadCache } from './store/download-cache';
import type { PackageStore } from './store/package-store';
import { isAlive } from './process-alive';

export interface ReuseRootOptions {
  /** where roots live, on the store's filesystem (hard links cannot cross filesystems) */
  rootsDir: string;
  store: PackageStore;
  downloadCache: DownloadCache;
  signal?: AbortSignal;
}

/**
 * What a root holds depends on the packages and on the code that lays them out (links,
 * alternatives, passwd); a change to that code must not reuse roots it would now build
 * differently, so the code's own bytes are part of the key.
 */
let assemblyCode: string | undefined;
function assemblyCodeDigest(): string {
  if (!assemblyCode) {
    const hash = createHash('sha256');
    for (const mod of ['environment/complete-root', 'store/assemble-root']) {
      // compiled (dist/*.js) or run from source by the tests (src/*.ts)
      const file = ['.js', '.ts'].map((ext) => join(__dirname, mod + ext)).find((f) => existsSync(f));
      if (file) hash.update(readFileSync(file));
    }
    assemblyCode = hash.digest('hex');
  }
  return assemblyCode;
}

export function planKey(plan: EnvironmentPlan): string {
  const hash = createHash('sha256');
  hash.update(assemblyCodeDigest());
  hash.update(plan.arch);
  for (const p of [...plan.packages].sort((a, b) => a.digest.localeCompare(b.digest))) hash.update(`\n${p.format} ${p.digest}`);
  return `${plan.arch}-${hash.digest('hex').slice(0, 32)}`;
}

/** The root for `plan`, assembling it only when no earlier build left one. */
export async function reuseRoot(plan: EnvironmentPlan, options: ReuseRootOptions): Promise<{ rootDir: string; reused: boolean }> {
  const rootDir = join(options.rootsDir, planKey(plan));
  if (existsSync(rootDir)) return { rootDir, reused: true };
  removeAbandonedTemps(options.rootsDir);
  const temp = join(options.rootsDir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await materializeEnvironment(plan, { store: options.store, downloadCache: options.downloadCache, rootDir: temp, signal: options.signal });
    await rename(temp, rootDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // another build renamed the same plan's root first; that one is as good as ours
    if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !existsSync(rootDir)) throw err;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { rootDir, reused: false };
}

function removeAbandonedTemps(rootsDir: string): void {
  let names: string[];
  try {
    names = readdirSync(rootsDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^\.tmp-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    void rm(join(rootsDir, name), { recursive: true, force: true });
  }
}
