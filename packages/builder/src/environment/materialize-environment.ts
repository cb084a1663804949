/**
 * Turns an EnvironmentPlan into a root directory: each package file is fetched into the download
 * cache (verified against its digest), unpacked once into the store, and hard-linked into a root.
 * Without a rootDir the root is the store's shared one for this package set, so a second build
 * with the same packages reuses it as is; with a rootDir a private root is linked there.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unpackDeb } from '../seed/unpack-deb';
import { assembleRoot, type AssembleStats } from '../store/assemble-root';
import { fetchVerified, type DownloadCache } from '../store/download-cache';
import { ensureStoreEntry, ensureStoreRoot, hasStoreEntry, type PackageStore } from '../store/package-store';
import { completeRoot } from './complete-root';
import { type EnvironmentPackage, type EnvironmentPlan, sha256OfDigest, storeKeyOf } from './environment-plan';
import { unpackApk } from './unpack-apk';

export interface MaterializeOptions {
  store: PackageStore;
  downloadCache: DownloadCache;
  /**
   * where to build a private root (must not exist or be empty); default the store's shared root
   * for this package set, which must then only ever be mounted read-only
   */
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
  /** true when an existing shared root was returned without fetching or linking anything */
  reused: boolean;
}

/** Bump when what a root contains for the same packages changes (assembly, completeRoot). */
const ROOT_FORMAT = 2;

/** The key of the read-only root shared by every build whose plan has the same packages. */
export function sharedRootKey(plan: EnvironmentPlan): string {
  const keys = plan.packages.map(storeKeyOf).sort();
  return `${plan.arch}-${createHash('sha256').update(JSON.stringify([ROOT_FORMAT, plan.arch, keys])).digest('hex').slice(0, 32)}`;
}

type RootSummary = Pick<MaterializedEnvironment, 'stats' | 'added'>;

async function readSummary(sharedDir: string): Promise<RootSummary> {
  return JSON.parse(await readFile(join(sharedDir, 'root.json'), 'utf8')) as RootSummary;
}

async function unpack(pkg: EnvironmentPackage, file: string, dir: string): Promise<void> {
  if (pkg.format === 'deb') await unpackDeb(file, dir);
  else await unpackApk(file, dir);
}

export async function materializeEnvironment(plan: EnvironmentPlan, options: MaterializeOptions): Promise<MaterializedEnvironment> {
  const { store, downloadCache, signal } = options;
  const sharedKey = options.rootDir === undefined ? sharedRootKey(plan) : undefined;
  if (sharedKey) {
    const sharedDir = join(store.dir, 'roots', sharedKey);
    if (await stat(sharedDir).then(() => true, () => false)) return { rootDir: join(sharedDir, 'root'), ...(await readSummary(sharedDir)), reused: true };
  }
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
    // A package already unpacked in the store needs no file, even if the download cache was cleared.
    const queue: EnvironmentPackage[] = [];
    for (const pkg of plan.packages) if (!(await hasStoreEntry(store, storeKeyOf(pkg)))) queue.push(pkg);
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
        dirs.set(pkg, await ensureStoreEntry(store, storeKeyOf(pkg), (temp) => unpack(pkg, files.get(pkg)!, temp)));
      }
    };
    await Promise.all([worker(), worker()]);
    return plan.packages.map((pkg) => ({ name: `${pkg.name}-${pkg.version}`, dir: dirs.get(pkg)! }));
  });

  const link = async (rootDir: string) => {
    await mkdir(rootDir, { recursive: true });
    const stats = await assembleRoot(entries, rootDir);
    const added = await completeRoot(rootDir);
    return { stats, added };
  };
  return phase('assemble', async () => {
    if (!sharedKey) return { rootDir: options.rootDir!, ...(await link(options.rootDir!)), reused: false };
    let summary: RootSummary | undefined;
    const published = await ensureStoreRoot(store, sharedKey, async (temp) => {
      summary = await link(join(temp, 'root'));
      await writeFile(join(temp, 'root.json'), JSON.stringify(summary));
    });
    // Another build may have published the same root first; its summary describes it.
    summary ??= await readSummary(published);
    return { rootDir: join(published, 'root'), ...summary, reused: false };
  });
}
