/**
 * Turns the Debian records of an apt-resolved closure into lock entries. Pure: apt has already
 * chosen the set; this only records, per package, which member of the set satisfies each of its
 * dependencies, in apk dependency syntax.
 */
import type { LockedPackage } from '@stagecraft/melange-config';
import { type ControlStanza, parseRelationships } from './parse-debian-control';
import { seedVirtualsFor } from './seed-virtuals';

export class SeedLockError extends Error {
  override name = 'SeedLockError';
}

export function lockClosure(records: ControlStanza[]): LockedPackage[] {
  const byName = new Map(records.map((r) => [r.Package, r]));
  const providers = new Map<string, string>();
  for (const r of records) {
    for (const [alternative] of parseRelationships(r.Provides)) {
      if (!providers.has(alternative.name)) providers.set(alternative.name, r.Package);
    }
  }
  const satisfiedBy = (name: string) => (byName.has(name) ? name : providers.get(name));

  return records
    .map((r) => {
      const depends = new Set<string>();
      for (const clause of [...parseRelationships(r['Pre-Depends']), ...parseRelationships(r.Depends)]) {
        const chosen = clause.map((alternative) => satisfiedBy(alternative.name)).find((name) => name !== undefined);
        if (!chosen) {
          const written = clause.map((a) => a.name).join(' | ');
          throw new SeedLockError(`${r.Package} ${r.Version}: dependency "${written}" is not in the resolved closure`);
        }
        // Debian versions do not order like apk versions, and the lock already pins every
        // version, so the dependency names the chosen package without a constraint.
        if (chosen !== r.Package) depends.add(chosen);
      }
      const provides = new Set<string>([
        ...parseRelationships(r.Provides).map(([alternative]) => alternative.name),
        ...seedVirtualsFor(r.Package),
      ]);
      for (const field of ['Filename', 'SHA256', 'Size', 'Version'] as const) {
        if (!r[field]) throw new SeedLockError(`${r.Package}: the archive record has no ${field} field`);
      }
      return {
        name: r.Package,
        version: r.Version,
        provides: [...provides].sort(),
        depends: [...depends].sort(),
        sha256: r.SHA256,
        size: Number(r.Size),
        filename: r.Filename,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
