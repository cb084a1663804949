/** Small inputs shared by the apk tests. */
import { generateKeyPair, type KeyPair } from '../keys';
import type { DataEntry } from '../data-entries';
import type { WritePackageOptions } from '../write-package';

let cached: Record<string, KeyPair> = {};

/** 2048-bit test keys, generated once per test file (4096 would only slow the tests). */
export function testKey(name = 'test.rsa'): KeyPair {
  cached[name] ??= generateKeyPair(name, 2048);
  return cached[name]!;
}

export function resetKeys(): void {
  cached = {};
}

export const SDE = 1700000000;

export function helloInfo(over: Partial<WritePackageOptions['info']> = {}): WritePackageOptions['info'] {
  return {
    name: 'hello',
    version: '2.12.1-r0',
    arch: 'x86_64',
    origin: 'hello',
    description: 'the GNU hello world program',
    url: 'https://www.gnu.org/software/hello/',
    commit: '0123456789abcdef0123456789abcdef01234567',
    maintainer: 'wolfi',
    builddate: SDE,
    license: 'GPL-3.0-or-later',
    depends: ['so:libc.so.6'],
    provides: ['cmd:hello=2.12.1-r0'],
    replaces: [],
    triggers: [],
    ...over,
  };
}

export function helloEntries(): DataEntry[] {
  return [
    { path: 'usr', type: 'dir', mode: 0o755, uid: 0, gid: 0 },
    { path: 'usr/bin', type: 'dir', mode: 0o755, uid: 0, gid: 0 },
    { path: 'usr/bin/hello', type: 'file', mode: 0o755, uid: 0, gid: 0, content: Buffer.from('#!/bin/sh\necho hello\n') },
    { path: 'usr/bin/hi', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkTarget: 'hello' },
    { path: 'usr/share', type: 'dir', mode: 0o755, uid: 0, gid: 0 },
    { path: 'usr/share/doc', type: 'dir', mode: 0o755, uid: 0, gid: 0 },
    { path: 'usr/share/doc/README', type: 'file', mode: 0o644, uid: 0, gid: 0, content: Buffer.from('hello\n') },
  ];
}
