/**
 * The content-addressed source cache: one file per digest, named `<algorithm>:<hex>` as in
 * melange's cache dir, so the same directory can be mounted at /var/cache/melange. Files
 * appear only complete and verified (temp file in the same directory, then rename), so
 * concurrent builds and a build killed mid-download leave no half file under a digest name.
 */
import { existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { digestKey, type Digest } from './digest';

export class SourceCache {
  constructor(readonly dir: string) {}

  pathFor(d: Digest): string {
    return join(this.dir, digestKey(d));
  }

  has(d: Digest): boolean {
    return existsSync(this.pathFor(d));
  }

  /** A fresh temporary path inside the cache dir, for a download about to be verified. */
  tempPath(): string {
    mkdirSync(this.dir, { recursive: true });
    return join(this.dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  /** Moves a verified temp file under its digest names (all of them, as hard links). */
  commit(temp: string, digests: Digest[]): string {
    const [first, ...rest] = digests;
    const target = this.pathFor(first);
    renameSync(temp, target);
    for (const d of rest) {
      const alias = this.pathFor(d);
      if (existsSync(alias)) continue;
      const aliasTemp = this.tempPath();
      try {
        linkSync(target, aliasTemp);
        renameSync(aliasTemp, alias);
      } finally {
        rmSync(aliasTemp, { force: true });
      }
    }
    return target;
  }

  discard(temp: string): void {
    rmSync(temp, { force: true });
  }
}
