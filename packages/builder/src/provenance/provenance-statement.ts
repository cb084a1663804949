/**
 * The provenance written beside a build's packages: an in-toto Statement v1 with a SLSA
 * provenance v1 predicate. Its subjects are the .apk files; its resolved dependencies list the
 * recipe, every source with its digest and every build-environment package with version,
 * digest and the repository it came from, so a reader can re-create the build's inputs.
 */
export interface ProvenanceSubject {
  /** file name of the .apk */
  name: string;
  sha256: string;
}

export interface ProvenanceSource {
  uri: string;
  sha256?: string;
  /** git sources */
  commit?: string;
}

export interface ProvenanceEnvironmentPackage {
  name: string;
  version: string;
  /** digest of the package file as fetched (.apk or .deb) */
  sha256: string;
  /** repository URL or seed name the package was taken from */
  repository: string;
  /** where the file itself can be fetched */
  uri: string;
}

export interface ProvenanceInput {
  subjects: ProvenanceSubject[];
  recipe: { file: string; sha256: string; commit?: string; repoUrl?: string };
  arch: string;
  /** builder parameters that shaped the output (namespace, backend …) */
  parameters: Record<string, string>;
  sources: ProvenanceSource[];
  environment: ProvenanceEnvironmentPackage[];
  builder: { id: string; version: string };
  sourceDateEpoch: number;
}

export const BUILD_TYPE = 'https://stagecraft.dev/build/embedded/v1';

export function buildProvenanceStatement(p: ProvenanceInput): Record<string, unknown> {
  const sources = p.sources.map((s) => ({
    uri: s.commit ? `git+${s.uri}@${s.commit}` : s.uri,
    digest: s.sha256 ? { sha256: s.sha256 } : { gitCommit: s.commit },
    annotations: { kind: 'source' },
  }));
  const environment = [...p.environment]
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
    .map((e) => ({
      name: e.name,
      uri: e.uri,
      digest: { sha256: e.sha256 },
      annotations: { kind: 'environment', version: e.version, repository: e.repository },
    }));
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: p.subjects.map((s) => ({ name: s.name, digest: { sha256: s.sha256 } })),
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: { recipe: p.recipe.file, arch: p.arch, ...p.parameters },
        internalParameters: { sourceDateEpoch: p.sourceDateEpoch },
        resolvedDependencies: [
          {
            uri: p.recipe.repoUrl ? `git+${p.recipe.repoUrl}${p.recipe.commit ? `@${p.recipe.commit}` : ''}` : p.recipe.file,
            name: p.recipe.file,
            digest: { sha256: p.recipe.sha256, ...(p.recipe.commit ? { gitCommit: p.recipe.commit } : {}) },
            annotations: { kind: 'recipe' },
          },
          ...sources,
          ...environment,
        ],
      },
      runDetails: { builder: { id: p.builder.id, version: { stagecraft: p.builder.version } } },
    },
  };
}

export function renderProvenanceStatement(p: ProvenanceInput): string {
  return `${JSON.stringify(buildProvenanceStatement(p), null, 2)}\n`;
}

/** Beside the packages: `<out-dir>/<arch>/<origin>-<version>-r<epoch>.provenance.json`. */
export function provenanceFileName(origin: string, fullVersion: string): string {
  return `${origin}-${fullVersion}.provenance.json`;
}
