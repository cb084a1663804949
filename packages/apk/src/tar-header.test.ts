import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { encodeTarHeader, END_OF_ARCHIVE, formatPaxRecord, paddingFor, type TarHeader } from './tar-header';
import { parseTar } from './tar-parse';

/** A ustar block built from the POSIX layout, independently of the encoder. */
function ustarBlock(f: Record<string, string>): Buffer {
  const layout: [string, number, number][] = [
    ['name', 0, 100],
    ['mode', 100, 8],
    ['uid', 108, 8],
    ['gid', 116, 8],
    ['size', 124, 12],
    ['mtime', 136, 12],
    ['typeflag', 156, 1],
    ['linkname', 157, 100],
    ['magic', 257, 6],
    ['version', 263, 2],
    ['uname', 265, 32],
    ['gname', 297, 32],
    ['devmajor', 329, 8],
    ['devminor', 337, 8],
    ['prefix', 345, 155],
  ];
  const b = Buffer.alloc(512);
  for (const [k, off, len] of layout) {
    const v = f[k];
    if (v !== undefined) Buffer.from(v, 'latin1').copy(b, off, 0, len);
  }
  b.fill(' ', 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  Buffer.from(sum.toString(8).padStart(6, '0') + '\0 ', 'latin1').copy(b, 148);
  return b;
}

const SDE = 1700000000; // octal 14524770400
const common = { magic: 'ustar\0', version: '00', mtime: '14524770400\0', devmajor: '0000000\0', devminor: '0000000\0' };

describe('encodeTarHeader: the bytes Go archive/tar (and so melange) writes', () => {
  test('a directory is one ustar block, zero-padded octal with NUL, no trailing slash', () => {
    const got = encodeTarHeader({ name: 'usr/bin', type: '5', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: SDE, uname: 'root', gname: 'root' });
    const want = ustarBlock({
      ...common,
      name: 'usr/bin',
      mode: '0000755\0',
      uid: '0000000\0',
      gid: '0000000\0',
      size: '00000000000\0',
      typeflag: '5',
      uname: 'root',
      gname: 'root',
    });
    expect(got.toString('hex')).toBe(want.toString('hex'));
    // checksum: six octal digits, NUL, space
    expect(got.subarray(148, 156).toString('latin1')).toMatch(/^[0-7]{6}\0 $/);
  });

  test('a file with a checksum record gets a PaxHeaders.0 extended header first', () => {
    const sha1 = 'b2b62c101a156f5f12dd7197cf7ae9424164b115';
    const got = encodeTarHeader({
      name: 'usr/bin/hello',
      type: '0',
      mode: 0o4755,
      uid: 0,
      gid: 0,
      size: 18,
      mtime: SDE,
      uname: 'root',
      gname: 'root',
      pax: { 'APK-TOOLS.checksum.SHA1': sha1 },
    });
    const record = `68 APK-TOOLS.checksum.SHA1=${sha1}\n`;
    expect(record.length).toBe(68);
    const paxHeader = ustarBlock({
      magic: 'ustar\0',
      version: '00',
      name: 'usr/bin/PaxHeaders.0/hello',
      mode: '0000000\0',
      uid: '0000000\0',
      gid: '0000000\0',
      size: '00000000104\0',
      mtime: '00000000000\0',
      typeflag: 'x',
    });
    const main = ustarBlock({
      ...common,
      name: 'usr/bin/hello',
      mode: '0004755\0',
      uid: '0000000\0',
      gid: '0000000\0',
      size: '00000000022\0',
      typeflag: '0',
      uname: 'root',
      gname: 'root',
    });
    const want = Buffer.concat([paxHeader, Buffer.from(record), Buffer.alloc(512 - 68), main]);
    expect(got.toString('hex')).toBe(want.toString('hex'));
  });

  test('a top-level entry names its PAX header PaxHeaders.0/<name>', () => {
    const got = encodeTarHeader({ name: 'hello', type: '2', mode: 0o777, uid: 0, gid: 0, size: 0, mtime: 0, linkname: 'x', pax: { a: 'b' } });
    expect(got.subarray(0, 100).toString('latin1').replace(/\0+$/, '')).toBe('PaxHeaders.0/hello');
  });

  test('a long ASCII path without records is split into ustar prefix and name', () => {
    const dir = 'usr/share/' + 'd'.repeat(90);
    const name = `${dir}/file.txt`;
    const got = encodeTarHeader({ name, type: '0', mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0 });
    expect(got.length).toBe(512);
    expect(got.subarray(0, 100).toString('latin1').replace(/\0+$/, '')).toBe('file.txt');
    expect(got.subarray(345, 500).toString('latin1').replace(/\0+$/, '')).toBe(dir);
  });

  test('a long path with records goes in a PAX path record; the ustar name is truncated', () => {
    const name = 'a/' + 'b'.repeat(120);
    const got = encodeTarHeader({ name, type: '0', mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, pax: { 'APK-TOOLS.checksum.SHA1': 'da39a3ee5e6b4b0d3255bfef95601890afd80709' } });
    const parsed = parseTar(Buffer.concat([got, END_OF_ARCHIVE]), {});
    expect(parsed.entries[0]!.name).toBe(name);
    expect(got.subarray(1024, 1124).toString('latin1')).toBe(name.slice(0, 100));
  });

  test('ids beyond 7 octal digits use PAX uid/gid records', () => {
    const got = encodeTarHeader({ name: 'f', type: '0', mode: 0o644, uid: 3_000_000, gid: 5, size: 0, mtime: 0 });
    const parsed = parseTar(Buffer.concat([got, END_OF_ARCHIVE]), {});
    expect(parsed.entries[0]!.uid).toBe(3_000_000);
    expect(got.subarray(512, 1024).toString('latin1')).toContain('uid=3000000\n');
  });
});

describe('formatPaxRecord', () => {
  test('the length counts itself', () => {
    expect(formatPaxRecord('a', 'xxx').toString()).toBe('8 a=xxx\n');
  });
  test('when adding the length adds a digit, the length is recomputed', () => {
    const rec = formatPaxRecord('k', 'v'.repeat(94)).toString();
    expect(rec.length).toBe(101);
    expect(rec.startsWith('101 k=')).toBe(true);
  });
  test('binary values (xattrs) are kept byte for byte', () => {
    const rec = formatPaxRecord('SCHILY.xattr.security.capability', Buffer.from([1, 0, 0, 2, 0, 0x20, 0, 0]));
    expect(rec.length).toBe(Number(rec.subarray(0, rec.indexOf(0x20)).toString()));
    expect(rec.subarray(rec.length - 9, rec.length - 1)).toEqual(Buffer.from([1, 0, 0, 2, 0, 0x20, 0, 0]));
  });
});

function entryTar(headers: TarHeader[]): Buffer {
  const parts: Buffer[] = [];
  for (const h of headers) {
    parts.push(encodeTarHeader(h), Buffer.alloc(h.size, 0x61), paddingFor(h.size));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

describe('independent readers agree', () => {
  const headers: TarHeader[] = [
    { name: 'etc', type: '5', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: SDE, uname: 'root', gname: 'root' },
    { name: 'etc/motd', type: '0', mode: 0o644, uid: 0, gid: 0, size: 3, mtime: SDE, uname: 'root', gname: 'root', pax: { 'APK-TOOLS.checksum.SHA1': '7e240de74fb1ed08fa08d38063f6a6a91462a815' } },
    { name: 'etc/issue', type: '2', mode: 0o777, uid: 0, gid: 0, size: 0, mtime: SDE, linkname: 'motd', uname: 'root', gname: 'root', pax: { 'APK-TOOLS.checksum.SHA1': '6bd89e5a4e4b8bb3d5dc7d2b0c3ab12c1cee5f7a' } },
    { name: 'var/' + 'x'.repeat(120), type: '0', mode: 0o600, uid: 1234, gid: 99, size: 600, mtime: SDE, pax: { 'APK-TOOLS.checksum.SHA1': 'da39a3ee5e6b4b0d3255bfef95601890afd80709' } },
  ];
  const tar = entryTar(headers);

  test('our parser reads back every field', () => {
    const { entries, terminated } = parseTar(tar, {});
    expect(terminated).toBe(true);
    expect(entries.map((e) => [e.name, e.type, e.mode, e.uid, e.gid, e.size, e.mtime, e.linkname])).toEqual(
      headers.map((h) => [h.name, h.type, h.mode, h.uid, h.gid, h.size, h.mtime, h.linkname ?? '']),
    );
    expect(entries[1]!.pax['APK-TOOLS.checksum.SHA1']!.toString()).toBe('7e240de74fb1ed08fa08d38063f6a6a91462a815');
  });

  test("python's tarfile reads the same entries and PAX records", () => {
    const script = [
      'import sys, tarfile, io, json',
      't = tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read()), mode="r:")',
      'print(json.dumps([[m.name, m.type.decode(), m.mode, m.uid, m.gid, m.size, m.mtime, m.linkname, m.pax_headers.get("APK-TOOLS.checksum.SHA1")] for m in t]))',
    ].join('\n');
    const out = JSON.parse(execFileSync('python3', ['-c', script], { input: tar }).toString());
    expect(out).toEqual(
      headers.map((h) => [h.name, h.type, h.mode, h.uid, h.gid, h.size, h.mtime, h.linkname ?? '', (h.pax?.['APK-TOOLS.checksum.SHA1'] as string | undefined) ?? null]),
    );
  });
});
