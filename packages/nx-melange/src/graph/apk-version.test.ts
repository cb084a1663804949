import { describe, expect, it } from 'vitest';
import { compareVersions, satisfies } from './apk-version';

describe('compareVersions (apk ordering)', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0', '1.1', -1],
    ['1.10', '1.9', 1],
    ['1.0', '1.0.1', -1],
    ['1.0a', '1.0', 1],
    ['1.0a', '1.0b', -1],
    ['1.0a', '1.0.1', -1],
    ['1.0_rc1', '1.0', -1],
    ['1.0_alpha', '1.0_beta', -1],
    ['1.0_p1', '1.0', 1],
    ['1.0_p1', '1.0.1', -1],
    ['1.0-r1', '1.0-r0', 1],
    ['1.0-r1', '1.0', 1],
    ['1.0-r9', '1.0-r10', -1],
    ['1.05', '1.1', -1],
    ['13.2.0-r1', '12.2.0-r7', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });

  it('orders versions apk cannot parse without throwing (Debian seeds)', () => {
    expect(compareVersions('2:1.2-3+deb12u1', '2:1.10-1')).toBe(-1);
  });
});

describe('satisfies', () => {
  it.each([
    ['13.2.0-r1', '>=', '13', true],
    ['12.2.0-r1', '>=', '13', false],
    ['12.2.0-r1', '<', '13', true],
    ['3.0.1-r0', '>', '3', true],
    ['2.16.03-r3', '=', '2.16.03-r3', true],
    ['2.16.03-r2', '=', '2.16.03-r3', false],
    ['13.2.0-r1', '~', '13', true],
    ['13.2.0-r1', '~', '13.2', true],
    ['131.0-r0', '~', '13', false],
    ['14.1.0-r0', '~', '13', false],
    ['1.88.0-r2', '~', '1.88', true],
    ['1.25-r0', '<=', '1.25', false],
    ['1.25', '<=', '1.25', true],
  ] as const)('%s %s %s → %s', (version, op, want, expected) => {
    expect(satisfies(version, op, want)).toBe(expected);
  });
});
