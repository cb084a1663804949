/**
 * Which packages make up a build environment: the apk solver over the given APK repositories
 * (indexes and packages signature-checked against the trusted keys) and the seed locks, whose
 * entries are offered to the solver as index entries. Every chosen package comes back with its
 * digest and origin, for the root and for the provenance statement.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type IndexEntry,
  readIndex,
  readTrustedKeys,
  solve,
  type SolveIndex,
  type TrustedKeys,
  UnsatisfiableError,
  verifyPackage,
} from '@stagecraft/apk';
import type { Arch, LockedPackage, SourceLock } from '@stagecraft/melange-config';
import { apkVersionOfDebian } from './apk-version-of-debian';
import type { EnvironmentPackage, EnvironmentPlan } from './environment-plan';
import { lockedPackages, seedPlanEntry } from './plan-from-seed-lock';

interface EnvironmentRepository {
  /** as given; the plan and messages use it */
  name: string;
  dir: string;
}

export interface ResolveEnvironmentRequest {
  /** apk dependency strings: `make`, `gcc>=12`, `so:libc.so.6` */
  requested: string[];
  /**
   * local APK repositories (a dir or `file:` URL holding `<arch>/APKINDEX.tar.gz` and the .apk
   * files), as melange's --repository-append; in priority order, all before the seeds
   */
  repositories: string[];
  /** public keys (files or dirs of `*.pub`/`*.rsa.pub`) that must sign those indexes and packages */
  keyrings: string[];
  /** locked seed distributions, in priority order */
  seeds: { name: string; lock: SourceLock }[];
  arch: Arch;
}

export class EnvironmentResolveError extends Error {
  override name = 'EnvironmentResolveError';
}

/** A name nobody provides, with the chain of requirements that asked for it. */
export class NoEnvironmentProviderError extends EnvironmentResolveError {
  override name = 'NoEnvironmentProviderError';
  constructor(
    message: string,
    readonly chain: { by: string; dependency: string }[],
    readonly sourcesTried: string[],
  ) {
    super(`${message} (sources tried: ${sourcesTried.join(', ') || 'none'})`);
  }
}

const seedIndexName = (seed: string) => `seed:${seed}`;

function seedIndexEntry(pkg: LockedPackage, arch: Arch): IndexEntry {
  return {
    name: pkg.name,
    version: apkVersionOfDebian(pkg.version),
    arch,
    size: pkg.size,
    installedSize: 0,
    description: '',
    url: '',
    license: '',
    depends: pkg.depends,
    provides: pkg.provides,
    installIf: [],
    checksum: `sha256:${pkg.sha256}`,
    // apk picks an unversioned provide (`glibc-dev`, `awk`) only from a package with a provider
    // priority; a seed's provides are exactly the names it was locked to stand for.
    providerPriority: 1,
  };
}

function repositoryPlanEntry(repo: EnvironmentRepository, arch: Arch, entry: IndexEntry, trustedKeys: TrustedKeys): EnvironmentPackage {
  const file = join(repo.dir, arch, `${entry.name}-${entry.version}.apk`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new EnvironmentResolveError(`${repo.name}: the index lists ${entry.name}-${entry.version} but ${file} cannot be read: ${(error as Error).message}`);
  }
  const pkg = verifyPackage(bytes, { trustedKeys, fileName: file, skipData: true });
  if (pkg.identity !== entry.checksum) {
    throw new EnvironmentResolveError(`${file}: package identity ${pkg.identity} differs from the index's ${entry.checksum}; the repository is inconsistent`);
  }
  return {
    name: entry.name,
    version: entry.version,
    format: 'apk',
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    size: bytes.length,
    origin: { kind: 'repository', repository: repo.name, url: pathToFileURL(file).href },
  };
}

function localRepository(location: string): EnvironmentRepository {
  if (location.startsWith('file:')) return { name: location, dir: fileURLToPath(location) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new EnvironmentResolveError(`repository ${location}: only local repositories (a directory or file: URL) are supported; mirror it to a directory first`);
  }
  return { name: location, dir: location };
}

export function resolveEnvironment(request: ResolveEnvironmentRequest): EnvironmentPlan {
  const { arch } = request;
  const trustedKeys: TrustedKeys = readTrustedKeys(request.keyrings);
  const indexes: SolveIndex[] = [];
  const repositoryByName = new Map<string, EnvironmentRepository>();
  for (const repo of request.repositories.map(localRepository)) {
    const indexFile = join(repo.dir, arch, 'APKINDEX.tar.gz');
    indexes.push({ name: repo.name, entries: readIndex(indexFile, { trustedKeys }).entries });
    repositoryByName.set(repo.name, repo);
  }
  const seedPackages = new Map<string, { seed: string; lock: SourceLock; baseUrl: string; byName: Map<string, LockedPackage> }>();
  for (const { name: seed, lock } of request.seeds) {
    const { baseUrl, packages } = lockedPackages(seed, lock, arch);
    indexes.push({ name: seedIndexName(seed), entries: packages.map((p) => seedIndexEntry(p, arch)) });
    seedPackages.set(seedIndexName(seed), { seed, lock, baseUrl, byName: new Map(packages.map((p) => [p.name, p])) });
  }

  let solved;
  try {
    solved = solve({ indexes, requested: request.requested, arch });
  } catch (error) {
    if (error instanceof UnsatisfiableError) {
      throw new NoEnvironmentProviderError(`${arch} build environment: ${error.message}`, error.chain, indexes.map((i) => i.name));
    }
    throw error;
  }

  const packages = solved.packages.map((chosen) => {
    const seed = seedPackages.get(chosen.repository);
    if (seed) return seedPlanEntry(seed.seed, seed.lock, seed.baseUrl, seed.byName.get(chosen.name)!);
    return repositoryPlanEntry(repositoryByName.get(chosen.repository)!, arch, chosen, trustedKeys);
  });
  packages.sort((a, b) => a.name.localeCompare(b.name));
  return { arch, requested: [...request.requested], packages };
}
