/**
 * Sources end to end: `uses: fetch` downloads on the host from a local HTTP server, verifies
 * the checksum, keeps the file by digest and unpacks it into the workspace; the sandbox sees
 * the cache read-only at /var/cache/melange. A second build with the server gone gets the same
 * bytes from a mirror laid out like the cache. SBOM and provenance name the source and digest.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readPackage } from '@stagecraft/apk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRecipe } from '../src/build-recipe';
import { seedBuildOptions, tempDir } from './build-helpers';

const work = tempDir('fetch-e2e');
let server: Server;
let base: string;
let tarball: Buffer;
let sha256: string;

beforeAll(async () => {
  const src = join(work, 'upstream/hello-2.0');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hello 2.0"); return 0; }\n');
  execFileSync('tar', ['-czf', join(work, 'hello-2.0.tar.gz'), '-C', join(work, 'upstream'), 'hello-2.0']);
  tarball = readFileSync(join(work, 'hello-2.0.tar.gz'));
  sha256 = createHash('sha256').update(tarball).digest('hex');
  server = createServer((req, res) => (req.url === '/hello-2.0.tar.gz' ? res.end(tarball) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

function writeRecipe(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'melange.yaml');
  writeFileSync(
    file,
    `package:
  name: hello
  version: 2.0.0
environment:
  contents:
    packages:
      - gcc
      - libc6-dev
      - binutils
      - dash
      - coreutils
pipeline:
  - uses: fetch
    with:
      uri: ${base}/hello-2.0.tar.gz
      expected-sha256: ${sha256}
      purl-name: hello-upstream
  - name: cache is read-only
    runs: |
      test -r /var/cache/melange/sha256:${sha256}
      if touch /var/cache/melange/tampered 2>/dev/null; then echo "cache writable"; exit 1; fi
  - name: build
    runs: |
      cc -O2 -o hello hello.c
      mkdir -p \${{targets.destdir}}/usr/bin
      cp hello \${{targets.destdir}}/usr/bin/
`,
  );
  return file;
}

describe('a recipe with a fetched source', () => {
  it('is fetched on the host, verified, unpacked, and recorded in SBOM and provenance', async () => {
    const result = await buildRecipe({
      recipe: writeRecipe(join(work, 'one')),
      arch: 'x86_64',
      outDir: join(work, 'out1'),
      cacheDir: join(work, 'cache1'),
      ...seedBuildOptions(),
    });
    const pkg = readPackage(result.packages[0].file);
    expect(pkg.dataEntries.map((e) => e.path)).toContain('usr/bin/hello');
    const sbom = JSON.parse(pkg.dataEntries.find((e) => e.path.endsWith('.spdx.json'))!.content().toString());
    expect(sbom.packages).toContainEqual(
      expect.objectContaining({ name: 'hello-upstream', downloadLocation: `${base}/hello-2.0.tar.gz`, checksums: [{ algorithm: 'SHA256', checksumValue: sha256 }] }),
    );
    const provenance = JSON.parse(readFileSync(result.provenanceFile!, 'utf8'));
    expect(provenance.predicate.buildDefinition.resolvedDependencies).toContainEqual({
      uri: `${base}/hello-2.0.tar.gz`,
      digest: { sha256 },
      annotations: { kind: 'source' },
    });
  });

  it('builds offline from a mirror holding the same digest', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const log: string[] = [];
    const result = await buildRecipe({
      recipe: writeRecipe(join(work, 'two')),
      arch: 'x86_64',
      outDir: join(work, 'out2'),
      cacheDir: join(work, 'cache2'),
      mirrors: [join(work, 'cache1')],
      log: (l) => log.push(l),
      ...seedBuildOptions(),
    });
    expect(result.packages).toHaveLength(1);
    expect(readFileSync(join(work, 'cache2', `sha256:${sha256}`)).equals(tarball)).toBe(true);
    expect(log.some((l) => l.startsWith('==> fetch'))).toBe(true);
  });
});
