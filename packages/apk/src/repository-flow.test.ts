import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { helloInfo, SDE, testKey } from './__fixtures__/sample';
import { readIndex, updateIndexFile } from './apkindex';
import { extractPackageData } from './extract';
import { trustedKeysFrom } from './keys';
import { solve } from './solve';
import { packageFileName, writePackageFile } from './write-package';

// The way the builder uses this package: write signed packages into a repository directory,
// index them, resolve a build environment from the index, unpack what was chosen.
describe('a repository from packages to an unpacked environment', () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'apk-repo-'));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apk-root-'));
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('write, index, verify, solve, extract', async () => {
    const key = testKey();
    const trustedKeys = trustedKeysFrom([[key.publicName, key.publicKeyPem]]);
    const file = (name: string, content: string, mode = 0o755) => ({ path: name, type: 'file' as const, mode, uid: 0, gid: 0, content: Buffer.from(content) });
    const specs = [
      { info: helloInfo({ name: 'libc', version: '2.39-r0', depends: [], provides: ['so:libc.so.6=6'] }), entries: [file('lib/libc.so.6', 'ELF libc')] },
      { info: helloInfo({ name: 'busybox', version: '1.36.1-r2', depends: ['so:libc.so.6'], provides: ['cmd:sh=1.36.1-r2'] }), entries: [file('bin/busybox', 'ELF busybox'), { path: 'bin/sh', type: 'symlink' as const, mode: 0o777, uid: 0, gid: 0, linkTarget: 'busybox' }] },
      { info: helloInfo({ name: 'hello', depends: ['cmd:sh', 'so:libc.so.6'] }), entries: [file('usr/bin/hello', '#!/bin/sh\necho hello\n')] },
      { info: helloInfo({ name: 'hello', version: '2.10-r0', depends: ['cmd:sh'] }), entries: [file('usr/bin/hello', '#!/bin/sh\necho old\n')] },
    ];
    const files: string[] = [];
    for (const s of specs) {
      const f = path.join(repo, packageFileName(s.info));
      await writePackageFile(f, { ...s, sourceDateEpoch: SDE, signingKey: key });
      files.push(f);
    }
    const indexFile = path.join(repo, 'APKINDEX.tar.gz');
    await updateIndexFile(indexFile, files.slice(0, 2), { signingKey: key });
    await updateIndexFile(indexFile, files.slice(2), { signingKey: key, trustedKeys });

    const index = readIndex(indexFile, { trustedKeys });
    const { packages } = solve({ indexes: [{ name: 'stage1', entries: index.entries }], requested: ['hello'], arch: 'x86_64' });
    expect(packages.map((p) => `${p.name}-${p.version}`)).toEqual(['libc-2.39-r0', 'busybox-1.36.1-r2', 'hello-2.12.1-r0']);

    for (const p of packages) {
      const { package: pkg } = extractPackageData(path.join(repo, packageFileName(p)), root, { trustedKeys });
      // what the index promised is what the file is
      expect(pkg.identity).toBe(p.checksum);
      expect(pkg.fileSize).toBe(p.size);
    }
    expect(fs.readFileSync(path.join(root, 'usr/bin/hello'), 'utf8')).toBe('#!/bin/sh\necho hello\n');
    expect(fs.readlinkSync(path.join(root, 'bin/sh'))).toBe('busybox');
  });
});
