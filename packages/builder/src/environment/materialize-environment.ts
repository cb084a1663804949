/**
 * Turns an EnvironmentPlan into a root directory: each package file is fetched into the download
 * cache (verified against its digest), unpacked once into the store, and hard-linked into a new
 * root. A second build with the same plan only links.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { unpackDeb } from '../seed/unpack-deb';
import { assembleRoot, type AssembleStats } from '../store/assemble-root';
import { fetchVerified, type DownloadCache } from '../store/download-cache';
import { ensureStoreEntry, type PackageStore } from '../store/package-store';
import { completeRoot } from './complete-root';
import { type EnvironmentPackage, type EnvironmentPlan, sha256OfDigest, storeKeyOf } from './environment-plan';
import { unpackApk } from './unpack-apk';

export interface MaterializeOptions {
  store: PackageStore;
  downloadCache: DownloadCache;
  /** where to build the root (must not exist or be empty); default a new dir in the store's roots/ */
  rootDir?: string;
  signal?: AbortSignal;
  /** timing of each phase, for logs and benchmarks */
  onPhase?: (phase: 'fetch' | 'unpack' | 'assemble', ms: number) => void;
}

export interface MaterializedEnvironment {
  rootDir: string;
  stats: AssembleStats;
  /** entries completeRoot added (links, passwd) */
  added: string[];
}

async function unpack(pkg: EnvironmentPackage, file: string, dir: string): Promise<void> {
  if (pkg.format === 'deb') await unpackDeb(file, dir);
  else await unpackApk(file, dir);
}

export async function materializeEnvironment(plan: EnvironmentPlan, options: MaterializeOptions): Promise<MaterializedEnvironment> {
  const { store, downloadCache, signal } = options;
  const phase = async <T>(name: 'fetch' | 'unpack' | 'assemble', work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      options.onPhase?.(name, performance.now() - start);
    }
  };

  const files = await phase('fetch', async () => {
    const paths = new Map<EnvironmentPackage, string>();
    // A few downloads at a time: the archive serves them in parallel, the machine has 2 cores.
    const queue = [...plan.packages];
    const worker = async () => {
      for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
        signal?.throwIfAborted();
        paths.set(pkg, await fetchVerified(downloadCache, pkg.origin.url, { sha256: sha256OfDigest(pkg.digest), size: pkg.size }));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return paths;
  });

  const entries = await phase('unpack', async () => {
    const dirs = new Map<EnvironmentPackage, string>();
    // Two unpackers: dpkg-deb and gzip are single-threaded, the machine has two cores.
    const queue = [...plan.packages];
    const worker = async () => {
      for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
        signal?.throwIfAborted();
        const file = files.get(pkg)!;
        dirs.set(pkg, await ensureStoreEntry(store, storeKeyOf(pkg), (temp) => unpack(pkg, file, temp)));
      }
    };
    await Promise.all([worker(), worker()]);
    return plan.packages.map((pkg) => ({ name: `${pkg.name}-${pkg.version}`, dir: dirs.get(pkg)! }));
  });

  const rootDir = options.rootDir ?? join(store.dir, 'roots', `${plan.arch}-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(rootDir, { recursive: true });
  return phase('assemble', async () => {
    const stats = await assembleRoot(entries, rootDir);
    const added = await completeRoot(rootDir);
    return { rootDir, stats, added };
  });
}
