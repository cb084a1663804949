import { describe, expect, it } from 'vitest';
import { fnv128a } from './fnv128a';
import { buildSpdxDocument, licenseExpression, renderSpdxDocument, sbomPath, type SbomInput } from './spdx-document';

const input: SbomInput = {
  packageName: 'hello-dev',
  fullVersion: '1.0-r2',
  origin: 'hello',
  arch: 'aarch64',
  licenses: ['GPL-2.0-or-later', 'MIT'],
  description: 'hello headers',
  namespace: 'stagecraft',
  sources: [{ uri: 'https://example.org/hello-1.0.tar.gz', sha256: 'a'.repeat(64), name: 'hello', version: '1.0' }],
  recipe: { file: 'os/hello/melange.yaml', sha256: 'b'.repeat(64), commit: 'c'.repeat(40) },
  sourceDateEpoch: 1700000000,
  tool: { name: 'stagecraft', version: '0.1.0' },
};

describe('buildSpdxDocument', () => {
  it('describes the package with its purl, license and sources', () => {
    const doc = buildSpdxDocument(input) as any;
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(doc.creationInfo.created).toBe('2023-11-14T22:13:20Z');
    const pkg = doc.packages.find((p: any) => p.SPDXID === doc.documentDescribes[0]);
    expect(pkg.licenseDeclared).toBe('GPL-2.0-or-later AND MIT');
    expect(pkg.externalRefs[0].referenceLocator).toBe('pkg:apk/stagecraft/hello-dev@1.0-r2?arch=aarch64');
    const source = doc.packages.find((p: any) => p.downloadLocation === input.sources[0].uri);
    expect(source.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: 'a'.repeat(64) }]);
    expect(doc.relationships).toContainEqual({ spdxElementId: pkg.SPDXID, relationshipType: 'GENERATED_FROM', relatedSpdxElement: source.SPDXID });
  });

  it('gives the same bytes for the same input and a new namespace for another source', () => {
    expect(renderSpdxDocument(input)).toBe(renderSpdxDocument({ ...input }));
    const other = buildSpdxDocument({ ...input, sources: [{ uri: 'https://example.org/x', sha256: 'd'.repeat(64) }] }) as any;
    expect(other.documentNamespace).not.toBe((buildSpdxDocument(input) as any).documentNamespace);
  });

  it('places the file where melange does', () => {
    expect(sbomPath('hello-dev', '1.0-r2')).toBe('var/lib/db/sbom/hello-dev-1.0-r2.spdx.json');
  });
});

describe('licenseExpression', () => {
  it('keeps SPDX expressions, wraps compound ones and turns free text into LicenseRef', () => {
    expect(licenseExpression([])).toBe('NOASSERTION');
    expect(licenseExpression(['MIT OR Apache-2.0', 'BSD-3-Clause'])).toBe('(MIT OR Apache-2.0) AND BSD-3-Clause');
    expect(licenseExpression(['Public domain, see README'])).toBe('LicenseRef-Public-domain-see-README');
  });
});

describe('fnv128a', () => {
  it('matches the published FNV-1a 128 test vectors', () => {
    expect(fnv128a('')).toBe('6c62272e07bb014262b821756295c58d');
    expect(fnv128a('a')).toBe('d228cb696f1a8caf78912b704e4a8964');
  });
});
