import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { helloEntries, helloInfo, SDE, testKey } from './__fixtures__/sample';
import { controlMember, signatureMember, unterminatedTar } from './control-member';
import { ApkFormatError, BadSignatureError, DatahashMismatchError, UnknownKeyError, UnsignedPackageError } from './errors';
import { gzipMember, splitGzipMembers } from './gzip-members';
import { trustedKeysFrom } from './keys';
import { formatPkgInfo } from './pkginfo';
import { readPackage, verifyPackage } from './read-package';
import { buildPackage, writePackage, writePackageFile } from './write-package';

const NAMED = [ApkFormatError, BadSignatureError, DatahashMismatchError, UnknownKeyError, UnsignedPackageError];

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('bad package input gets a named, specific error', () => {
  let signed: Buffer;
  const trusted = () => trustedKeysFrom([[testKey().publicName, testKey().publicKeyPem]]);
  beforeAll(async () => {
    signed = await writePackage({ info: helloInfo(), entries: helloEntries(), sourceDateEpoch: SDE, signingKey: testKey() });
  });

  test('not gzip', () => {
    const e = thrown(() => readPackage(Buffer.from('PK\x03\x04 this is a zip file, not an apk'), { fileName: 'hello.apk' }));
    expect(e).toBeInstanceOf(ApkFormatError);
    expect(e.message).toMatch(/^hello\.apk: .*not gzip data/);
  });

  test('empty file', () => {
    expect(thrown(() => readPackage(Buffer.alloc(0)))).toBeInstanceOf(ApkFormatError);
  });

  test('truncated inside each member, and by one byte', () => {
    const [sig, control] = splitGzipMembers(signed, {});
    for (const cut of [5, sig!.end - 3, sig!.end, control!.start + 20, control!.end, control!.end + 30, signed.length - 1]) {
      const e = thrown(() => readPackage(signed.subarray(0, cut), { trustedKeys: trusted() }));
      expect(e, `cut at ${cut}`).toBeInstanceOf(ApkFormatError);
      expect(e.message, `cut at ${cut}`).toMatch(/truncated|not gzip/);
    }
  });

  test('every truncation and every single-byte corruption is a named error, never a crash', () => {
    for (let cut = 1; cut < signed.length; cut += 13) {
      const e = thrown(() => verifyPackage(signed.subarray(0, cut), { trustedKeys: trusted() }));
      expect(NAMED.some((c) => e instanceof c), `cut at ${cut}: ${e.name}: ${e.message}`).toBe(true);
    }
    for (let at = 0; at < signed.length; at += 7) {
      const bad = Buffer.from(signed);
      bad[at] = bad[at]! ^ 0x55;
      let e: Error | undefined;
      try {
        verifyPackage(bad, { trustedKeys: trusted() });
      } catch (err) {
        e = err as Error;
      }
      // a flipped bit in the signature's gzip header can be harmless (e.g. the OS byte)
      if (e) expect(NAMED.some((c) => e instanceof c), `byte ${at}: ${e.name}: ${e.message}`).toBe(true);
    }
  });

  test('wrong datahash: the data member was replaced', async () => {
    const other = await writePackage({ info: helloInfo(), entries: [{ path: 'evil', type: 'file', mode: 0o4755, uid: 0, gid: 0, content: Buffer.from('x') }], sourceDateEpoch: SDE });
    const [sig, control] = splitGzipMembers(signed, {});
    const otherData = other.subarray(splitGzipMembers(other, {})[0]!.end);
    const forged = Buffer.concat([signed.subarray(sig!.start, control!.end), otherData]);
    const e = thrown(() => readPackage(forged, { trustedKeys: trusted(), fileName: 'hello-2.12.1-r0.apk' }));
    expect(e).toBeInstanceOf(DatahashMismatchError);
    expect(e.message).toMatch(/^hello-2\.12\.1-r0\.apk: data member sha256 is [0-9a-f]{64} but \.PKGINFO datahash says/);
  });

  test('signature by an unknown key', () => {
    const e = thrown(() => readPackage(signed, { trustedKeys: trustedKeysFrom([[testKey('other.rsa').publicName, testKey('other.rsa').publicKeyPem]]) }));
    expect(e).toBeInstanceOf(UnknownKeyError);
    expect(e.message).toContain('"test.rsa.pub", which is not among the trusted keys (other.rsa.pub)');
  });

  test('tampered control member: a changed .PKGINFO under the old signature', async () => {
    const [sig] = splitGzipMembers(signed, {});
    const evil = await buildPackage({ info: helloInfo({ depends: [] }), entries: helloEntries(), sourceDateEpoch: SDE });
    const forged = Buffer.concat([signed.subarray(0, sig!.end), evil.bytes]);
    const e = thrown(() => readPackage(forged, { trustedKeys: trusted() }));
    expect(e).toBeInstanceOf(BadSignatureError);
    expect(e.message).toContain('does not verify with the trusted key test.rsa.pub');
  });

  test('a signature for another key name is not mistaken for a trusted one', () => {
    const [sig, control] = splitGzipMembers(signed, {});
    const sigBytes = sig!.content.subarray(512, 768);
    const renamed = Buffer.concat([signatureMember('.SIGN.RSA256.other.rsa.pub', sigBytes, SDE), signed.subarray(control!.start)]);
    expect(thrown(() => readPackage(renamed, { trustedKeys: trusted() }))).toBeInstanceOf(UnknownKeyError);
  });

  test('unsigned package where a signature is required', async () => {
    const unsigned = await writePackage({ info: helloInfo(), entries: helloEntries(), sourceDateEpoch: SDE });
    expect(thrown(() => readPackage(unsigned, { trustedKeys: trusted() }))).toBeInstanceOf(UnsignedPackageError);
    expect(thrown(() => readPackage(unsigned, { requireSignature: true }))).toBeInstanceOf(UnsignedPackageError);
    expect(readPackage(unsigned).signatures).toEqual([]);
  });

  test('malformed .PKGINFO: the line and field are named', () => {
    const data = signed.subarray(splitGzipMembers(signed, {})[1]!.end);
    const cases: [string, RegExp][] = [
      ['pkgname = hello\npkgver = 1.0\nsize: 12\n', /\.PKGINFO line 3: malformed line "size: 12"/],
      ['pkgname = hello\npkgver = 1.0\nsize = lots\n', /\.PKGINFO line 3: size: "lots" is not a non-negative integer/],
      ['pkgname = hello\npkgver = one\n', /\.PKGINFO line 2: pkgver: "one" is not a valid apk version/],
      ['pkgver = 1.0\n', /missing pkgname/],
      ['pkgname = hello\npkgver = 1.0\ndatahash = xyz\n', /datahash: "xyz" is not a hex sha256/],
    ];
    for (const [text, want] of cases) {
      const pkg = Buffer.concat([controlMember(text, [], SDE), data]);
      const e = thrown(() => readPackage(pkg));
      expect(e).toBeInstanceOf(ApkFormatError);
      expect(e.message).toMatch(want);
    }
  });

  test('a control member without .PKGINFO', () => {
    const data = signed.subarray(splitGzipMembers(signed, {})[1]!.end);
    const pkg = Buffer.concat([gzipMember(unterminatedTar([{ name: '.other', content: Buffer.from('x'), mode: 0o644 }], 0)), data]);
    expect(thrown(() => readPackage(pkg)).message).toMatch(/control member has no \.PKGINFO/);
  });

  test('a file whose content does not match its checksum record', async () => {
    const unsigned = await writePackage({ info: helloInfo(), entries: helloEntries(), sourceDateEpoch: SDE });
    const [, data] = splitGzipMembers(unsigned, {});
    const tar = Buffer.from(data!.content);
    const at = tar.indexOf('echo hello');
    tar[at] = 0x45; // 'E'
    const newData = zlib.gzipSync(tar);
    const info = { ...readPackage(unsigned).info, datahash: crypto.createHash('sha256').update(newData).digest('hex') };
    const forged = Buffer.concat([controlMember(formatPkgInfo(info), [], SDE), newData]);
    expect(readPackage(forged).dataEntries).toHaveLength(7);
    expect(thrown(() => verifyPackage(forged)).message).toMatch(/checksum of "usr\/bin\/hello" is [0-9a-f]{40} but its APK-TOOLS.checksum.SHA1 record says/);
  });
});

describe('bad writer input never leaves a half-written file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  test('a failing build leaves the old file untouched and no temp file behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apk-atomic-'));
    dirs.push(dir);
    const file = path.join(dir, 'hello-2.12.1-r0.apk');
    fs.writeFileSync(file, 'old');
    const bad = [
      { info: helloInfo(), entries: [{ path: '../etc/passwd', type: 'file' as const, mode: 0o644, uid: 0, gid: 0, content: Buffer.from('x') }], sourceDateEpoch: SDE },
      { info: helloInfo({ version: '1.0-beta' }), entries: helloEntries(), sourceDateEpoch: SDE },
      { info: helloInfo({ description: 'two\nlines' }), entries: helloEntries(), sourceDateEpoch: SDE },
      { info: helloInfo(), entries: helloEntries(), sourceDateEpoch: -1 },
      { info: helloInfo(), dataDir: path.join(dir, 'missing'), sourceDateEpoch: SDE },
      { info: helloInfo(), entries: [{ path: 'x', type: 'hardlink' as const, mode: 0o644, uid: 0, gid: 0, linkTarget: 'y' }], sourceDateEpoch: SDE },
    ];
    for (const opts of bad) {
      await expect(writePackageFile(file, opts)).rejects.toThrow();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['hello-2.12.1-r0.apk']);
    const ok = await writePackageFile(file, { info: helloInfo(), entries: helloEntries(), sourceDateEpoch: SDE });
    expect(readPackage(file).info.datahash).toBe(ok.info.datahash);
    expect(fs.readdirSync(dir)).toEqual(['hello-2.12.1-r0.apk']);
  });

  test('writer validation names the field', async () => {
    await expect(writePackage({ info: helloInfo({ version: '1.0-beta' }), entries: helloEntries(), sourceDateEpoch: SDE })).rejects.toThrow(/version: "1.0-beta" is not a valid apk version/);
    await expect(writePackage({ info: helloInfo({ depends: ['a b'] }), entries: helloEntries(), sourceDateEpoch: SDE })).rejects.toThrow(/depends\[0\]/);
    await expect(writePackage({ info: helloInfo(), entries: helloEntries(), sourceDateEpoch: SDE, controlExtra: [{ name: 'notdot', content: '' }] })).rejects.toThrow(/top-level dot-name/);
  });
});
