import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { helloInfo, SDE, testKey } from './__fixtures__/sample';
import { controlMember } from './control-member';
import { ApkFormatError, DatahashMismatchError, UnknownKeyError } from './errors';
import { extractPackageData } from './extract';
import { extractPackageFile } from './extract-file';
import { trustedKeysFrom } from './keys';
import { readPackage } from './read-package';
import { gzipMember, splitGzipMembers } from './gzip-members';
import { formatPkgInfo } from './pkginfo';
import { encodeTarHeader, END_OF_ARCHIVE, paddingFor, type TarHeader } from './tar-header';
import { writePackage } from './write-package';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'apk-extract-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A package whose data tar is written by hand, to say what our writer never would. */
function handMade(entries: (Omit<TarHeader, 'size' | 'mtime' | 'uid' | 'gid'> & { content?: string })[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const content = Buffer.from(e.content ?? '');
    parts.push(encodeTarHeader({ ...e, uid: 0, gid: 0, mtime: 0, size: content.length }), content, paddingFor(content.length));
  }
  parts.push(END_OF_ARCHIVE);
  const data = gzipMember(Buffer.concat(parts));
  const info = { ...helloInfo(), size: 0, datahash: crypto.createHash('sha256').update(data).digest('hex') };
  return Buffer.concat([controlMember(formatPkgInfo(info), [], 0), data]);
}

describe('extractPackageData', () => {
  test('recreates files, dirs, symlinks, hard links, modes and mtimes', async () => {
    const bytes = await writePackage({
      info: helloInfo(),
      sourceDateEpoch: SDE,
      entries: [
        { path: 'usr/bin/tool', type: 'file', mode: 0o4755, uid: 0, gid: 0, content: Buffer.from('#!/bin/sh\n') },
        { path: 'usr/bin/alias', type: 'hardlink', mode: 0o4755, uid: 0, gid: 0, linkTarget: 'usr/bin/tool' },
        { path: 'usr/bin/t', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkTarget: 'tool' },
        { path: 'etc/ro', type: 'dir', mode: 0o555, uid: 0, gid: 0 },
        { path: 'etc/ro/conf', type: 'file', mode: 0o600, uid: 0, gid: 0, content: Buffer.from('x=1\n') },
      ],
    });
    const dest = tmp();
    const { skipped, package: pkg } = extractPackageData(bytes, dest);
    expect(skipped).toEqual([]);
    expect(pkg.info.name).toBe('hello');
    const st = (p: string) => fs.lstatSync(path.join(dest, p));
    expect(fs.readFileSync(path.join(dest, 'usr/bin/tool'), 'utf8')).toBe('#!/bin/sh\n');
    expect(st('usr/bin/tool').mode & 0o7777).toBe(0o4755);
    expect(st('usr/bin/alias').ino).toBe(st('usr/bin/tool').ino);
    expect(fs.readlinkSync(path.join(dest, 'usr/bin/t'))).toBe('tool');
    expect(st('etc/ro').mode & 0o7777).toBe(0o555);
    expect(st('etc/ro/conf').mode & 0o7777).toBe(0o600);
    for (const p of ['usr/bin/tool', 'usr/bin/t', 'etc/ro', 'usr', 'etc/ro/conf']) expect(st(p).mtimeMs, p).toBe(SDE * 1000);
  });

  test.each([
    ['a parent-directory path', [{ name: '../outside', type: '0' as const, mode: 0o644, content: 'x' }]],
    ['an absolute path', [{ name: '/etc/passwd', type: '0' as const, mode: 0o644, content: 'x' }]],
    ['a path through a symlink the package made', [
      { name: 'link', type: '2' as const, mode: 0o777, linkname: '/tmp' },
      { name: 'link/evil', type: '0' as const, mode: 0o644, content: 'x' },
    ]],
    ['a hard link to a file outside', [{ name: 'h', type: '1' as const, mode: 0o644, linkname: '../../etc/passwd' }]],
  ])('refuses %s', (_what, entries) => {
    const dest = tmp();
    const outside = path.join(path.dirname(dest), 'outside');
    expect(() => extractPackageData(handMade(entries), dest)).toThrow(ApkFormatError);
    expect(() => extractPackageData(handMade(entries), dest)).toThrow(/refusing to extract/);
    expect(fs.existsSync(outside)).toBe(false);
    expect(fs.existsSync('/tmp/evil')).toBe(false);
  });

  test('a symlinked directory inside the destination is kept and followed (merged /usr)', async () => {
    const dest = tmp();
    fs.mkdirSync(path.join(dest, 'usr/lib'), { recursive: true });
    fs.symlinkSync('usr/lib', path.join(dest, 'lib'));
    const bytes = await writePackage({ info: helloInfo(), sourceDateEpoch: SDE, entries: [{ path: 'lib/libc.so.6', type: 'file', mode: 0o755, uid: 0, gid: 0, content: Buffer.from('ELF') }] });
    extractPackageData(bytes, dest);
    expect(fs.readlinkSync(path.join(dest, 'lib'))).toBe('usr/lib');
    expect(fs.readFileSync(path.join(dest, 'usr/lib/libc.so.6'), 'utf8')).toBe('ELF');
  });

  test('a symlink leading outside the destination is never written through', async () => {
    const dest = tmp();
    const outside = tmp();
    fs.symlinkSync(outside, path.join(dest, 'lib'));
    // without a directory entry for "lib", the file's parent is the outside link: refused
    const bare = handMade([{ name: 'lib/libc.so.6', type: '0', mode: 0o755, content: 'ELF' }]);
    expect(() => extractPackageData(bare, dest)).toThrow(/"lib" is a symlink leading outside the destination/);
    // with one (as our writer always emits), the package's directory replaces the link
    const bytes = await writePackage({ info: helloInfo(), sourceDateEpoch: SDE, entries: [{ path: 'lib/libc.so.6', type: 'file', mode: 0o755, uid: 0, gid: 0, content: Buffer.from('ELF') }] });
    extractPackageData(bytes, dest);
    expect(fs.lstatSync(path.join(dest, 'lib')).isDirectory()).toBe(true);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  test('device nodes are reported as skipped, not silently dropped', () => {
    const dest = tmp();
    const { skipped } = extractPackageData(handMade([{ name: 'dev', type: '5', mode: 0o755 }, { name: 'dev/null', type: '3', mode: 0o666, devmajor: 1, devminor: 3 }]), dest);
    expect(skipped).toEqual([{ path: 'dev/null', reason: 'char nodes are not created by extraction' }]);
  });

  test('extracting over an earlier extraction replaces files', async () => {
    const dest = tmp();
    const v1 = await writePackage({ info: helloInfo(), sourceDateEpoch: SDE, entries: [{ path: 'f', type: 'file', mode: 0o644, uid: 0, gid: 0, content: Buffer.from('one') }] });
    const v2 = await writePackage({ info: helloInfo(), sourceDateEpoch: SDE, entries: [{ path: 'f', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkTarget: 'g' }] });
    extractPackageData(v1, dest);
    extractPackageData(v2, dest);
    expect(fs.readlinkSync(path.join(dest, 'f'))).toBe('g');
  });
});

describe('extractPackageFile (streaming)', () => {
  const entries = () => [
    { path: 'usr/bin/tool', type: 'file' as const, mode: 0o4755, uid: 0, gid: 0, content: Buffer.from('#!/bin/sh\n') },
    { path: 'usr/bin/alias', type: 'hardlink' as const, mode: 0o4755, uid: 0, gid: 0, linkTarget: 'usr/bin/tool' },
    { path: 'usr/bin/t', type: 'symlink' as const, mode: 0o777, uid: 0, gid: 0, linkTarget: 'tool' },
    { path: 'usr/share/big.bin', type: 'file' as const, mode: 0o644, uid: 0, gid: 0, content: crypto.randomBytes(3 << 20) },
    { path: 'etc/ro', type: 'dir' as const, mode: 0o555, uid: 0, gid: 0 },
    { path: 'etc/ro/conf', type: 'file' as const, mode: 0o600, uid: 0, gid: 0, content: Buffer.from('x=1\n') },
  ];

  test('gives the same tree as the in-memory extraction, and checks the signature', async () => {
    const key = testKey();
    const dir = tmp();
    const file = path.join(dir, 'p.apk');
    const bytes = await writePackage({ info: helloInfo(), sourceDateEpoch: SDE, entries: entries(), signingKey: key, controlExtra: [{ name: '.melange.yaml', content: 'x'.repeat(600_000) }] });
    fs.writeFileSync(file, bytes);
    const a = tmp();
    const b = tmp();
    extractPackageData(bytes, a);
    const trustedKeys = trustedKeysFrom([[key.publicName, key.publicKeyPem]]);
    const r = await extractPackageFile(file, b, { trustedKeys });
    expect(r.package.identity).toBe(readPackage(bytes).identity);
    expect(r.package.signatures[0]!.verified).toBe(true);
    const list = (root: string) =>
      execFileSync('find', ['.', '-mindepth', '1', '-printf', '%p %y %m %s %T@ %l\n'], { cwd: root }).toString().split('\n').sort().join('\n');
    expect(list(b)).toBe(list(a));
    expect(fs.lstatSync(path.join(b, 'usr/bin/alias')).ino).toBe(fs.lstatSync(path.join(b, 'usr/bin/tool')).ino);
  });

  test('a truncated file, a replaced data member and an unknown key are named errors', async () => {
    const key = testKey();
    const dir = tmp();
    const file = path.join(dir, 'p.apk');
    const bytes = await writePackage({ info: helloInfo(), sourceDateEpoch: SDE, entries: entries(), signingKey: key });
    const trustedKeys = trustedKeysFrom([[key.publicName, key.publicKeyPem]]);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 5000));
    await expect(extractPackageFile(file, tmp(), { trustedKeys })).rejects.toThrow(/truncated/);
    const other = await writePackage({ info: helloInfo(), sourceDateEpoch: SDE, entries: [{ path: 'x', type: 'file', mode: 0o644, uid: 0, gid: 0, content: Buffer.from('x') }] });
    const [, control] = splitGzipMembers(bytes, {});
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, control!.end), other.subarray(splitGzipMembers(other, {})[0]!.end)]));
    await expect(extractPackageFile(file, tmp(), { trustedKeys })).rejects.toThrow(DatahashMismatchError);
    fs.writeFileSync(file, bytes);
    await expect(extractPackageFile(file, tmp(), { trustedKeys: trustedKeysFrom([[testKey('other.rsa').publicName, testKey('other.rsa').publicKeyPem]]) })).rejects.toThrow(UnknownKeyError);
  });

  test('refuses paths that leave the destination', async () => {
    const dir = tmp();
    const file = path.join(dir, 'evil.apk');
    fs.writeFileSync(file, handMade([{ name: 'link', type: '2', mode: 0o777, linkname: '/tmp' }, { name: 'link/evil-streamed', type: '0', mode: 0o644, content: 'x' }]));
    await expect(extractPackageFile(file, tmp())).rejects.toThrow(/refusing to extract/);
    expect(fs.existsSync('/tmp/evil-streamed')).toBe(false);
  });
});
