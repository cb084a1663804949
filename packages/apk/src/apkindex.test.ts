import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { helloEntries, helloInfo, SDE, testKey } from './__fixtures__/sample';
import { mergeIndex, readIndex, updateIndexFile, writeIndex } from './apkindex';
import { formatIndexText, parseIndexText, type IndexEntry } from './apkindex-text';
import { ApkFormatError, BadSignatureError, UnknownKeyError, UnsignedPackageError } from './errors';
import { splitGzipMembers } from './gzip-members';
import { indexEntryFromPackage } from './index-entry';
import { trustedKeysFrom } from './keys';
import { readPackage } from './read-package';
import { parseTar } from './tar-parse';
import { writePackage } from './write-package';

const entry = (over: Partial<IndexEntry> = {}): IndexEntry => ({
  name: 'hello',
  version: '2.12.1-r0',
  arch: 'x86_64',
  size: 1022,
  installedSize: 4096,
  description: 'the GNU hello world program',
  url: 'https://www.gnu.org/software/hello/',
  license: 'GPL-3.0-or-later',
  origin: 'hello',
  maintainer: 'wolfi',
  buildTime: SDE,
  commit: 'abc',
  depends: ['so:libc.so.6', 'busybox'],
  provides: ['cmd:hello=2.12.1-r0'],
  installIf: [],
  checksum: 'Q17xC5hZsd7tduDqDWCmp4u6MMJ1Q=',
  ...over,
});

describe('APKINDEX text', () => {
  test("apko's field order, blank line after each record", () => {
    expect(formatIndexText([entry({ providerPriority: 5, installIf: ['hello', 'docs'] }), entry({ name: 'tiny', version: '1-r0', arch: '', url: '', license: '', origin: undefined, maintainer: undefined, buildTime: undefined, commit: undefined, depends: [], provides: [], size: 0, installedSize: 0, description: '' })])).toBe(
      [
        'C:Q17xC5hZsd7tduDqDWCmp4u6MMJ1Q=',
        'P:hello',
        'V:2.12.1-r0',
        'A:x86_64',
        'S:1022',
        'I:4096',
        'T:the GNU hello world program',
        'U:https://www.gnu.org/software/hello/',
        'L:GPL-3.0-or-later',
        'o:hello',
        'm:wolfi',
        `t:${SDE}`,
        'c:abc',
        'D:so:libc.so.6 busybox',
        'i:hello docs',
        'p:cmd:hello=2.12.1-r0',
        'k:5',
        '',
        'C:Q17xC5hZsd7tduDqDWCmp4u6MMJ1Q=',
        'P:tiny',
        'V:1-r0',
        'T:',
        '',
        '',
      ].join('\n'),
    );
  });

  test('parses what it writes, and apk-tools order too', () => {
    const e = entry({ providerPriority: 5 });
    expect(parseIndexText(formatIndexText([e]))).toEqual([e]);
    const apkToolsOrder = 'C:Q17xC5hZsd7tduDqDWCmp4u6MMJ1Q=\nP:a\nV:1-r0\nA:x86_64\nS:10\nI:20\nT:d\nU:\nL:MIT\nk:3\nD:b\np:c=1\n\n';
    expect(parseIndexText(apkToolsOrder)[0]).toMatchObject({ name: 'a', providerPriority: 3, depends: ['b'], provides: ['c=1'], url: '' });
  });

  test.each([
    ['P:a\nV:1\n\n', /line 1: record has no C: field/],
    ['C:Q17xC5hZsd7tduDqDWCmp4u6MMJ1Q=\nP:a\n\n', /line 1: record has no V: field/],
    ['C:Q17xC5hZsd7tduDqDWCmp4u6MMJ1Q=\nP:a\nV1.0\n', /line 3: malformed line "V1.0"/],
    ['C:Q17xC5hZsd7tduDqDWCmp4u6MMJ1Q=\nP:a\nV:1.0-x\n', /line 3: V: "1.0-x" is not a valid apk version/],
    ['C:Q17xC5hZsd7tduDqDWCmp4u6MMJ1Q=\nP:a\nV:1\nS:big\n', /line 4: S: "big" is not a non-negative integer/],
    ['C:nonsense\nP:a\nV:1\n', /line 1: C: "nonsense" is not a package checksum/],
  ])('malformed record %#', (text, want) => {
    let err: unknown;
    try {
      parseIndexText(text, { file: 'APKINDEX.tar.gz' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApkFormatError);
    expect((err as Error).message).toMatch(/^APKINDEX\.tar\.gz: APKINDEX line \d+: /);
    expect((err as Error).message).toMatch(want);
  });
});

describe('APKINDEX.tar.gz', () => {
  let pkg: Buffer;
  beforeAll(async () => {
    pkg = await writePackage({ info: helloInfo(), entries: helloEntries(), sourceDateEpoch: SDE, signingKey: testKey() });
  });
  const trusted = () => trustedKeysFrom([[testKey().publicName, testKey().publicKeyPem]]);

  test('the index record of a package: C is the identity, S the file size, I the installed size', () => {
    const e = indexEntryFromPackage(pkg);
    const p = readPackage(pkg);
    expect(e).toMatchObject({ name: 'hello', version: '2.12.1-r0', checksum: p.identity, size: pkg.length, installedSize: p.info.size, maintainer: 'wolfi', buildTime: SDE });
  });

  test('unsigned: one gzip member; APKINDEX then DESCRIPTION, 0644, mtime 0, terminated tar', () => {
    const bytes = writeIndex([entry()], { description: 'stage1 x86_64' });
    const members = splitGzipMembers(bytes, {});
    expect(members).toHaveLength(1);
    const { entries, terminated } = parseTar(members[0]!.content, {});
    expect(terminated).toBe(true);
    expect(entries.map((e) => [e.name, e.mode, e.uid, e.gid, e.uname, e.gname, e.mtime])).toEqual([
      ['APKINDEX', 0o644, 0, 0, '', '', 0],
      ['DESCRIPTION', 0o644, 0, 0, '', '', 0],
    ]);
    expect(members[0]!.content.subarray(entries[1]!.dataOffset, entries[1]!.dataOffset + entries[1]!.size).toString()).toBe('stage1 x86_64');
    expect(members[0]!.content.subarray(members[0]!.content.length - 1024)).toEqual(Buffer.alloc(1024));
  });

  test('signed: the signature member covers every byte after it', () => {
    const bytes = writeIndex([entry()], { signingKey: testKey() });
    const [sig, body] = splitGzipMembers(bytes, {});
    expect(body!.end).toBe(bytes.length);
    const sigTar = parseTar(sig!.content, {}, true);
    expect(sigTar.terminated).toBe(false);
    expect(sigTar.entries.map((e) => e.name)).toEqual(['.SIGN.RSA256.test.rsa.pub']);
    const signature = sig!.content.subarray(512, 512 + sigTar.entries[0]!.size);
    expect(crypto.verify('sha256', bytes.subarray(body!.start), testKey().publicKeyPem, signature)).toBe(true);
    expect(bytes.subarray(body!.start)).toEqual(writeIndex([entry()]));
  });

  test('round trip with verification', () => {
    const e = indexEntryFromPackage(pkg);
    const idx = readIndex(writeIndex([e], { signingKey: testKey(), description: 'd' }), { trustedKeys: trusted() });
    expect(idx.entries).toEqual([e]);
    expect(idx.description).toBe('d');
    expect(idx.signatures).toEqual([{ algorithm: 'RSA256', keyName: 'test.rsa.pub', trusted: true, verified: true }]);
  });

  test('deterministic', () => {
    expect(writeIndex([entry(), entry({ name: 'b' })], { signingKey: testKey() })).toEqual(writeIndex([entry(), entry({ name: 'b' })], { signingKey: testKey() }));
  });

  test('tampered, unknown key, unsigned', () => {
    const bytes = writeIndex([entry()], { signingKey: testKey() });
    const [sig] = splitGzipMembers(bytes, {});
    const forged = Buffer.concat([bytes.subarray(0, sig!.end), writeIndex([entry({ depends: [] })])]);
    expect(() => readIndex(forged, { trustedKeys: trusted() })).toThrow(BadSignatureError);
    expect(() => readIndex(bytes, { trustedKeys: trustedKeysFrom([[testKey('other.rsa').publicName, testKey('other.rsa').publicKeyPem]]) })).toThrow(UnknownKeyError);
    expect(() => readIndex(writeIndex([entry()]), { trustedKeys: trusted() })).toThrow(UnsignedPackageError);
    expect(() => readIndex(bytes.subarray(0, bytes.length - 9), { trustedKeys: trusted() })).toThrow(/truncated/);
    expect(() => readIndex(Buffer.from('C:x\n'))).toThrow(/not gzip/);
  });

  test("merge: same name and version replaced in place, new ones appended (melange's rule)", () => {
    const a1 = entry({ name: 'a', version: '1-r0' });
    const b1 = entry({ name: 'b', version: '1-r0' });
    const a1new = entry({ name: 'a', version: '1-r0', checksum: 'Q1BBBBBBBBBBBBBBBBBBBBBBBBBBB=' });
    const a2 = entry({ name: 'a', version: '2-r0' });
    const merged = mergeIndex(writeIndex([a1, b1]), [a2, a1new]);
    expect(merged.map((e) => [e.name, e.version, e.checksum])).toEqual([
      ['a', '1-r0', 'Q1BBBBBBBBBBBBBBBBBBBBBBBBBBB='],
      ['b', '1-r0', b1.checksum],
      ['a', '2-r0', a2.checksum],
    ]);
  });

  test('updateIndexFile adds packages to an index on disk atomically', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apk-index-'));
    try {
      const file = path.join(dir, 'APKINDEX.tar.gz');
      await updateIndexFile(file, [pkg], { signingKey: testKey() });
      const other = await writePackage({ info: helloInfo({ name: 'hello-doc' }), entries: [], sourceDateEpoch: SDE, signingKey: testKey() });
      const merged = await updateIndexFile(file, [other], { signingKey: testKey(), trustedKeys: trusted() });
      expect(merged.map((e) => e.name)).toEqual(['hello', 'hello-doc']);
      expect(readIndex(file, { trustedKeys: trusted() }).entries.map((e) => e.name)).toEqual(['hello', 'hello-doc']);
      expect(fs.readdirSync(dir)).toEqual(['APKINDEX.tar.gz']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
