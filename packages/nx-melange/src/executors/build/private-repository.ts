/**
 * The APK repository one build task sees: the .apk files found in its dependency tasks'
 * output dirs, linked into `<dir>/<arch>/` with an APKINDEX signed by the workspace key.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { indexEntryFromPackage, writeIndexFile, type SigningKey } from '@stagecraft/apk';

export interface PrivateRepository {
  /** repository root, as `--repository-append` takes it */
  dir: string;
  packages: string[];
}

export async function assemblePrivateRepository(
  dir: string,
  arch: string,
  sourceDirs: string[],
  key: SigningKey,
): Promise<PrivateRepository> {
  const archDir = join(dir, arch);
  mkdirSync(archDir, { recursive: true });
  const packages: string[] = [];
  for (const source of sourceDirs) {
    if (!existsSync(source)) continue;
    for (const name of readdirSync(source).filter((n) => n.endsWith('.apk')).sort()) {
      const target = join(archDir, name);
      if (existsSync(target)) continue;
      try {
        linkSync(join(source, name), target);
      } catch {
        copyFileSync(join(source, name), target);
      }
      packages.push(target);
    }
  }
  await writeIndexFile(join(archDir, 'APKINDEX.tar.gz'), packages.map((p) => indexEntryFromPackage(p)), { signingKey: key });
  return { dir, packages };
}
