/**
 * The SPDX 2.3 SBOM that goes inside each package at
 * var/lib/db/sbom/<name>-<version>-r<epoch>.spdx.json (melange's place for it, so scanners
 * that know melange packages find it). Everything in it is derived from the recipe and its
 * sources, never from the clock or the build machine, so it does not break reproducibility.
 */
import { fnv128a } from './fnv128a';

export interface SbomSource {
  /** `fetch` URI or git repository */
  uri: string;
  sha256?: string;
  /** git-checkout: the expected commit */
  commit?: string;
  /** purl-name / purl-version inputs of fetch, when the recipe sets them */
  name?: string;
  version?: string;
}

export interface SbomInput {
  packageName: string;
  /** `<version>-r<epoch>` */
  fullVersion: string;
  /** the origin (main) package's name, for a subpackage */
  origin: string;
  arch: string;
  /** `package.copyright[].license`, ANDed together */
  licenses: string[];
  description: string;
  /** purl namespace (`--namespace`, melange's default `unknown`) */
  namespace: string;
  sources: SbomSource[];
  recipe: { file: string; sha256: string; commit?: string; repoUrl?: string; license?: string };
  sourceDateEpoch: number;
  tool: { name: string; version: string };
}

export function sbomPath(packageName: string, fullVersion: string): string {
  return `var/lib/db/sbom/${packageName}-${fullVersion}.spdx.json`;
}

export function licenseExpression(licenses: string[]): string {
  const parts = licenses.map((l) => l.trim()).filter(Boolean).map(toSpdxLicense);
  if (parts.length === 0) return 'NOASSERTION';
  return parts.length === 1 ? parts[0] : parts.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(' AND ');
}

/** An SPDX id or expression stays; free text becomes a LicenseRef-, as melange does. */
function toSpdxLicense(license: string): string {
  if (/^[A-Za-z0-9.+-]+((\s+(AND|OR|WITH)\s+|\s*[()]\s*)[A-Za-z0-9.+-]*)*$/.test(license)) return license;
  return `LicenseRef-${license.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

function spdxId(kind: string, ...parts: string[]): string {
  return `SPDXRef-${kind}-${parts.join('-').replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

export function buildSpdxDocument(input: SbomInput): Record<string, unknown> {
  const created = new Date(input.sourceDateEpoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const pkgId = spdxId('Package', input.packageName, input.fullVersion);
  const license = licenseExpression(input.licenses);
  const purl = `pkg:apk/${encodeURIComponent(input.namespace)}/${encodeURIComponent(input.packageName)}@${input.fullVersion}?arch=${input.arch}`;
  const packages: Record<string, unknown>[] = [
    {
      SPDXID: pkgId,
      name: input.packageName,
      versionInfo: input.fullVersion,
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: license,
      description: input.description,
      downloadLocation: 'NOASSERTION',
      originator: `Organization: ${input.namespace}`,
      supplier: `Organization: ${input.namespace}`,
      copyrightText: 'NOASSERTION',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceLocator: purl, referenceType: 'purl' }],
    },
  ];
  const relationships: Record<string, unknown>[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: pkgId },
  ];

  const recipeId = spdxId('Recipe', input.origin);
  packages.push({
    SPDXID: recipeId,
    name: input.recipe.file,
    versionInfo: input.recipe.commit || 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: input.recipe.license || 'NOASSERTION',
    downloadLocation: input.recipe.repoUrl || 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    checksums: [{ algorithm: 'SHA256', checksumValue: input.recipe.sha256 }],
  });
  relationships.push({ spdxElementId: pkgId, relationshipType: 'DESCENDANT_OF', relatedSpdxElement: recipeId });

  input.sources.forEach((s, i) => {
    const id = spdxId('Source', String(i), s.name ?? input.origin);
    packages.push({
      SPDXID: id,
      name: s.name ?? input.origin,
      versionInfo: s.version ?? s.commit ?? 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      downloadLocation: s.commit ? `git+${s.uri}@${s.commit}` : s.uri,
      copyrightText: 'NOASSERTION',
      ...(s.sha256 ? { checksums: [{ algorithm: 'SHA256', checksumValue: s.sha256 }] } : {}),
    });
    relationships.push({ spdxElementId: pkgId, relationshipType: 'GENERATED_FROM', relatedSpdxElement: id });
  });

  const identity = JSON.stringify([input.packageName, input.fullVersion, input.arch, input.recipe.sha256, input.sources]);
  return {
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `apk-${input.packageName}-${input.fullVersion}`,
    spdxVersion: 'SPDX-2.3',
    creationInfo: {
      created,
      creators: [`Tool: ${input.tool.name} (${input.tool.version})`, `Organization: ${input.namespace}`],
      licenseListVersion: '3.22',
    },
    dataLicense: 'CC0-1.0',
    documentNamespace: `https://spdx.org/spdxdocs/${input.tool.name}/${fnv128a(identity)}`,
    documentDescribes: [pkgId],
    packages,
    relationships,
  };
}

/** The file's bytes: 2-space indented JSON, as melange writes it. */
export function renderSpdxDocument(input: SbomInput): string {
  return `${JSON.stringify(buildSpdxDocument(input), null, 2)}\n`;
}
