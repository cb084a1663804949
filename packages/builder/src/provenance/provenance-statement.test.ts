import { describe, expect, it } from 'vitest';
import { buildProvenanceStatement, provenanceFileName, type ProvenanceInput } from './provenance-statement';

const input: ProvenanceInput = {
  subjects: [{ name: 'hello-1.0-r0.apk', sha256: '1'.repeat(64) }],
  recipe: { file: 'os/hello/melange.yaml', sha256: '2'.repeat(64), commit: 'c'.repeat(40), repoUrl: 'https://git.example/distro' },
  arch: 'x86_64',
  parameters: { namespace: 'stagecraft' },
  sources: [
    { uri: 'https://example.org/hello-1.0.tar.gz', sha256: '3'.repeat(64) },
    { uri: 'https://git.example/lib', commit: 'd'.repeat(40) },
  ],
  environment: [
    { name: 'make', version: '4.3-4.1', sha256: '5'.repeat(64), repository: 'seed:debian', uri: 'http://deb.debian.org/debian/pool/main/m/make-dfsg/make_4.3-4.1_amd64.deb' },
    { name: 'gcc', version: '4:12.2.0-3', sha256: '4'.repeat(64), repository: 'seed:debian', uri: 'http://deb.debian.org/debian/pool/main/g/gcc-defaults/gcc_12.2.0-3_amd64.deb' },
  ],
  builder: { id: 'https://stagecraft.dev/builder', version: '0.1.0' },
  sourceDateEpoch: 0,
};

describe('buildProvenanceStatement', () => {
  const st = buildProvenanceStatement(input) as any;
  const deps = st.predicate.buildDefinition.resolvedDependencies;

  it('is an in-toto v1 statement with a SLSA v1 predicate over the packages', () => {
    expect(st._type).toBe('https://in-toto.io/Statement/v1');
    expect(st.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(st.subject).toEqual([{ name: 'hello-1.0-r0.apk', digest: { sha256: '1'.repeat(64) } }]);
  });

  it('lists the recipe, every source with its digest and every environment package with version and repository', () => {
    expect(deps.map((d: any) => d.annotations.kind)).toEqual(['recipe', 'source', 'source', 'environment', 'environment']);
    expect(deps[1]).toMatchObject({ uri: input.sources[0].uri, digest: { sha256: '3'.repeat(64) } });
    expect(deps[2]).toMatchObject({ uri: `git+https://git.example/lib@${'d'.repeat(40)}`, digest: { gitCommit: 'd'.repeat(40) } });
    expect(deps[3]).toMatchObject({ name: 'gcc', digest: { sha256: '4'.repeat(64) }, annotations: { version: '4:12.2.0-3', repository: 'seed:debian' } });
  });

  it('is named after the origin package', () => {
    expect(provenanceFileName('hello', '1.0-r0')).toBe('hello-1.0-r0.provenance.json');
  });
});
