/**
 * The only phase that writes to the out dir: every package, the merged index (melange's
 * --generate-index), the provenance statement and the build log, each by atomic rename into
 * <out-dir>/<arch>/. It runs after every package of the build exists in memory, so a build that
 * fails or dies earlier leaves the out dir untouched.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { updateIndexFile, writeFileAtomic, type SigningKey } from '@stagecraft/apk';
import type { BuildLog } from '../log/build-log';
import { withFileLock } from './file-lock';
import type { BuiltPackage } from '../package/package-outputs';
import { provenanceFileName, renderProvenanceStatement, type ProvenanceInput } from '../provenance/provenance-statement';

export interface PublishedPackage {
  name: string;
  file: string;
  sha256: string;
}

export interface PublishInput {
  archDir: string;
  built: BuiltPackage[];
  generateIndex: boolean;
  signingKey?: SigningKey;
  origin: string;
  fullVersion: string;
  /** everything but the subjects, which are the files written here */
  provenance: Omit<ProvenanceInput, 'subjects'>;
  log: BuildLog;
}

export interface PublishedOutputs {
  packages: PublishedPackage[];
  indexFile?: string;
  provenanceFile: string;
  logFile: string;
}

export async function publishOutputs(input: PublishInput): Promise<PublishedOutputs> {
  const { archDir } = input;
  mkdirSync(archDir, { recursive: true });
  const packages: PublishedPackage[] = [];
  for (const p of input.built) {
    const file = join(archDir, p.fileName);
    await writeFileAtomic(file, p.bytes);
    packages.push({ name: p.name, file, sha256: createHash('sha256').update(p.bytes).digest('hex') });
  }
  let indexFile: string | undefined;
  if (input.generateIndex) {
    indexFile = join(archDir, 'APKINDEX.tar.gz');
    const file = indexFile;
    await withFileLock(join(archDir, '.APKINDEX.lock'), () =>
      updateIndexFile(file, input.built.map((p) => p.bytes), { signingKey: input.signingKey }),
    );
  }
  const provenanceFile = join(archDir, provenanceFileName(input.origin, input.fullVersion));
  const statement = renderProvenanceStatement({
    ...input.provenance,
    subjects: input.built.map((p, i) => ({ name: p.fileName, sha256: packages[i].sha256 })),
  });
  await writeFileAtomic(provenanceFile, Buffer.from(statement));
  const logFile = join(archDir, `${input.origin}-${input.fullVersion}.build.log`);
  await writeFileAtomic(logFile, Buffer.from(input.log.render()));
  return { packages, indexFile, provenanceFile, logFile };
}
