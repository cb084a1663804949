import { describe, expect, it } from 'vitest';
import type { RecipeSummary } from '@stagecraft/melange-config';
import { loadSummary, storeSummary } from './stored-summary';

const curl: RecipeSummary = {
  file: 'os/curl.yaml',
  name: 'curl',
  version: '8.21.0',
  epoch: 2,
  fullVersion: '8.21.0-r2',
  description: 'URL retrieval utility and library',
  license: 'MIT',
  targetArchitecture: [],
  needs: [
    { raw: 'busybox', name: 'busybox', field: 'environment.contents.packages[0]', position: { file: 'os/curl.yaml', line: 24, column: 9 }, archs: ['x86_64', 'aarch64'] },
    {
      raw: 'openssl-dev>3',
      name: 'openssl-dev',
      op: '>',
      version: '3',
      field: 'environment.contents.packages[1]',
      position: { file: 'os/curl.yaml', line: 25, column: 9 },
      archs: ['x86_64', 'aarch64'],
    },
    {
      raw: 'autoconf',
      name: 'autoconf',
      field: 'pipeline[0].uses(autoconf/configure).needs.packages[0]',
      position: { file: 'os/curl.yaml', line: 40, column: 5 },
      archs: ['aarch64'],
      pipeline: 'autoconf/configure',
    },
    { raw: '!libressl', name: 'libressl', conflict: true, field: 'f', position: { file: 'pipelines/x.yaml', line: 3, column: 1 }, archs: [] },
    { raw: 'make@stage2', name: 'make', tag: 'stage2', field: 'g', position: { file: 'os/curl.yaml', line: 1, column: 1 }, archs: ['aarch64', 'x86_64'] },
  ],
  provides: [
    { name: 'curl', version: '8.21.0-r2', package: 'curl', kind: 'package', priority: 0 },
    { name: 'libcurl', version: '', package: 'libcurl4', kind: 'provides', priority: 10 },
  ],
  runtime: { curl: [{ raw: 'libcurl4', name: 'libcurl4' }, { raw: 'ca-certificates>=2', name: 'ca-certificates', op: '>=', version: '2' }], 'curl-dev': [] },
  repositories: ['https://packages.wolfi.dev/os'],
};

describe('stored summaries', () => {
  it('load back to exactly the summary that was stored, every shape of need, provide and dependency included', () => {
    const stored = JSON.parse(JSON.stringify(storeSummary(curl)));
    expect(loadSummary(stored, 'os/curl.yaml')).toEqual(curl);
  });

  it('keep a full version that is not <version>-r<epoch>, and fields the model may gain later', () => {
    const odd = { ...curl, fullVersion: '8.21.0-r2+local', provides: [{ ...curl.provides[0], replaces: 'curl-old' } as never] };
    expect(loadSummary(JSON.parse(JSON.stringify(storeSummary(odd))), 'os/curl.yaml')).toEqual(odd);
  });

  it('leave out what every entry repeats: the file, key names, the usual architectures', () => {
    const stored = JSON.stringify(storeSummary(curl));
    expect(stored).not.toContain('os/curl.yaml');
    expect(stored).not.toContain('"position"');
    expect(stored.length).toBeLessThan(JSON.stringify(curl).length * 0.7);
  });
});
