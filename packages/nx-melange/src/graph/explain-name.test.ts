import { describe, expect, it } from 'vitest';
import { sketchLock, sketchRecipe } from './__fixtures__/sketch-recipe';
import { explainName } from './explain-name';
import { resolveSeedingGraph } from './resolve-seeding-graph';
import { normalizeSeedingOptions } from './seeding-options';

const options = normalizeSeedingOptions({
  stages: [
    { name: 'stage1', sources: ['self', 'seed:debian'] },
    { name: 'stage3', sources: ['stage1', 'self'] },
    { name: 'os', sources: ['self', 'stage3'], seedFree: true },
  ],
  seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
});

const graph = resolveSeedingGraph({
  options,
  archs: ['x86_64', 'aarch64'],
  locks: { 'seed:debian': sketchLock([{ pkg: 'libssl-dev=3.0.11-1' }]) },
  recipes: [
    sketchRecipe('os/openssl', { version: '3.5.0', epoch: 1, subpackages: ['openssl-dev'], needs: ['make'] }),
    sketchRecipe('os/make', { needs: ['autoconf'] }),
    sketchRecipe('os/autoconf', { needs: ['make'] }),
    sketchRecipe('stage3/make'),
    sketchRecipe('os/build-base', { runtime: { 'build-base': ['make'] } }),
    sketchRecipe('os/curl', { needs: ['build-base', { dep: 'openssl-dev', field: 'environment.contents.packages[2]', line: 12, column: 9 }, 'zstd'] }),
    sketchRecipe('stage1/openssl', { needs: ['libssl-dev'] }),
  ],
});

describe('explainName', () => {
  it('says which source provided a name and through which package', () => {
    expect(explainName(graph, 'os/curl', 'openssl-dev')).toBe(
      [
        'os/curl needs openssl-dev (environment.contents.packages[2], os/curl/melange.yaml:12:9) [x86_64, aarch64]',
        '  resolved in stage os: sources walked: self',
        '  - self: provided by os/openssl (subpackage openssl-dev 3.5.0-r1, os/openssl/melange.yaml) via self',
        '',
      ].join('\n'),
    );
  });

  it('finds a resolution by the providing project too', () => {
    expect(explainName(graph, 'os/curl', 'os/openssl')).toBe(explainName(graph, 'os/curl', 'openssl-dev'));
  });

  it('shows the runtime-closure chain', () => {
    expect(explainName(graph, 'os/curl', 'make')).toBe(
      [
        'os/curl needs make as a runtime dependency: build-base (environment.contents.packages[0], os/curl/melange.yaml:10:7) installs build-base (os/build-base), which needs make [x86_64, aarch64]',
        '  resolved in stage os: sources walked: self',
        '  - self: provided by os/make (package make 1.0.0-r0, os/make/melange.yaml) via self',
        '',
      ].join('\n'),
    );
  });

  it('shows the cycle that forced a redirect', () => {
    // autoconf and make need each other equally; by name autoconf is built first
    const text = explainName(graph, 'os/autoconf', 'make');
    expect(text).toContain('  - self: passed over: provides make (os/make) but os/autoconf → os/make would close the cycle os/autoconf → os/make → os/autoconf');
    expect(text).toContain('  - stage3: provided by stage3/make (package make 1.0.0-r0, stage3/make/melange.yaml) via stage stage3');
    expect(text).toContain(
      '  redirected past self: the edge would close the cycle os/autoconf → os/make → os/autoconf (cycle rule "rank": inside a cycle, what more of the cycle needs is built first (then what needs less of it, then by name); edges against that order are moved past self)',
    );
  });

  it('shows the lock entry of a seed package', () => {
    expect(explainName(graph, 'stage1/openssl', 'libssl-dev')).toContain(
      '  - seed:debian: provided by seed package libssl-dev 3.0.11-1, pinned by its lock (sha256 sha256-of-libssl-dev, pool/libssl-dev_3.0.11-1.deb)',
    );
  });

  it('prints the problem when the name has no provider', () => {
    expect(explainName(graph, 'os/curl', 'zstd')).toBe(
      [
        'os/curl: NoProviderError: os/curl/melange.yaml:12:7: environment.contents.packages[2]: build dependency "zstd" has no provider in os (sources tried: self, stage3) [x86_64, aarch64]',
        '  - self: passed over: no provider',
        '  - stage3: passed over: no provider',
        '',
      ].join('\n'),
    );
  });

  it('says when the project does not need the name', () => {
    expect(explainName(graph, 'os/curl', 'perl')).toBe(
      'os/curl does not need "perl" (its direct build dependencies: build-base, openssl-dev)\n',
    );
  });
});
