import { describe, expect, it } from 'vitest';
import { SeedLockError, lockClosure } from './lock-closure';

const record = (name: string, fields: Record<string, string> = {}) => ({
  Package: name,
  Version: '1.0-1',
  Filename: `pool/main/${name}_1.0-1_amd64.deb`,
  Size: '10',
  SHA256: 'ab'.repeat(32),
  ...fields,
});

describe('lockClosure', () => {
  it('chooses the alternative that is in the closure and drops Debian versions', () => {
    const locked = lockClosure([
      record('autoconf', { Depends: 'perl (>> 5.005), gawk | mawk', 'Pre-Depends': 'libc6 (>= 2.34)' }),
      record('perl'),
      record('mawk', { Provides: 'awk' }),
      record('libc6'),
    ]);
    expect(locked.find((p) => p.name === 'autoconf')).toEqual({
      name: 'autoconf',
      version: '1.0-1',
      provides: [],
      depends: ['libc6', 'mawk', 'perl'],
      sha256: 'ab'.repeat(32),
      size: 10,
      filename: 'pool/main/autoconf_1.0-1_amd64.deb',
    });
    expect(locked.find((p) => p.name === 'mawk')?.provides).toEqual(['awk']);
  });

  it('resolves a virtual name to the member that provides it', () => {
    const locked = lockClosure([record('make', { Depends: 'awk' }), record('gawk', { Provides: 'awk' })]);
    expect(locked.find((p) => p.name === 'make')?.depends).toEqual(['gawk']);
  });

  it('adds the Wolfi names a Debian package stands for', () => {
    expect(lockClosure([record('libc6-dev')])[0].provides).toEqual(['glibc-dev', 'libc-dev']);
  });

  it('refuses a closure that does not satisfy a dependency', () => {
    expect(() => lockClosure([record('make', { Depends: 'libc6' })])).toThrow(SeedLockError);
    expect(() => lockClosure([record('make', { Depends: 'libc6' })])).toThrow('make 1.0-1: dependency "libc6" is not in the resolved closure');
  });
});
