/**
 * The candidates a seed lock offers to the solver, and the plan entry of a chosen one: the lock
 * already holds everything an entry needs (version, sha256, size, file).
 */
import type { Arch, LockedPackage, SourceLock } from '@stagecraft/melange-config';
import type { EnvironmentPackage } from './environment-plan';

export class SeedLockArchError extends Error {
  override name = 'SeedLockArchError';
}

export function lockedPackages(seed: string, lock: SourceLock, arch: Arch): { baseUrl: string; packages: LockedPackage[] } {
  const locked = lock.archs[arch];
  if (!locked) {
    const has = Object.keys(lock.archs).join(', ') || 'none';
    throw new SeedLockArchError(`seed "${seed}" has no packages locked for ${arch} (locked: ${has}); run stagecraft seed lock --arch ${arch}`);
  }
  return locked;
}

export function seedPlanEntry(seed: string, lock: SourceLock, baseUrl: string, pkg: LockedPackage): EnvironmentPackage {
  return {
    name: pkg.name,
    version: pkg.version,
    format: lock.type === 'debian' ? 'deb' : 'apk',
    digest: `sha256:${pkg.sha256}`,
    size: pkg.size,
    origin: { kind: 'seed', seed, url: `${baseUrl.replace(/\/+$/, '')}/${pkg.filename}` },
  };
}
