import { isValidVersion } from '@stagecraft/apk';
import { describe, expect, it } from 'vitest';
import { apkVersionOfDebian } from './apk-version-of-debian';

describe('apkVersionOfDebian', () => {
  it.each([
    ['2.36-9+deb12u14', '2.36-r9'],
    ['1:3.8-4', '3.8-r4'],
    ['4:12.2.0-3', '12.2.0-r3'],
    ['1:1.2.13.dfsg-1', '1.2.13-r1'],
    ['5.7-0.5~deb12u1', '5.7-r0'],
    ['20220109.1', '20220109.1'],
    ['1.3.3+ds-1', '1.3.3-r1'],
  ])('%s → %s, a valid apk version', (debian, apk) => {
    expect(apkVersionOfDebian(debian)).toBe(apk);
    expect(isValidVersion(apk)).toBe(true);
  });
});
