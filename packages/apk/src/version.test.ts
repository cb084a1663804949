import { describe, expect, test } from 'vitest';
import { compareVersions, isValidMelangeVersion, isValidVersion } from './version';

// [a, '<' | '=' | '>', b]: how apk-tools 2.14 orders a against b. Each group is one rule.
type Order = '<' | '=' | '>';
const ORDER: [string, Order, string][] = [
  // numbers compare numerically, component by component
  ['1', '=', '1'],
  ['1', '<', '2'],
  ['2', '>', '1'],
  ['9', '<', '10'],
  ['1.9', '<', '1.10'],
  ['1.10', '>', '1.9'],
  ['1.2.3', '<', '1.2.10'],
  ['2', '>', '1.99'],
  ['0.1', '<', '1'],
  ['1.0', '=', '1.0'],
  ['1.2.3', '=', '1.2.3'],
  ['10.0', '>', '9.99.99'],
  ['2024.10.1', '>', '2024.9.30'],
  ['100', '>', '99'],
  ['0', '<', '0.0.1'],
  // a longer version with equal leading components is newer
  ['1.0', '<', '1.0.1'],
  ['1.0.1', '>', '1.0'],
  ['1.2', '<', '1.2.0'],
  ['1.2.3', '<', '1.2.3.4'],
  ['1.2.3.4', '>', '1.2.3'],
  ['1', '<', '1.0'],
  // the first component is plain numeric: leading zeros do not matter there
  ['01', '=', '1'],
  ['007', '=', '7'],
  ['010', '>', '9'],
  // later components with leading zeros sort below plain numbers (apk 2.x zero rule)
  ['1.01', '<', '1.1'],
  ['1.001', '<', '1.01'],
  ['1.010', '<', '1.1'],
  ['1.05', '<', '1.1'],
  ['1.1', '>', '1.01'],
  ['1.00', '<', '1.0'],
  ['2024.01.15', '<', '2024.1.15'],
  ['1.0', '=', '1.0'],
  ['1.01', '=', '1.01'],
  // a letter after the numbers makes the version newer, letters compare by character
  ['1.0a', '>', '1.0'],
  ['1.0', '<', '1.0a'],
  ['1.0a', '<', '1.0b'],
  ['1.0z', '>', '1.0a'],
  ['1.1a', '>', '1.1'],
  ['1.1a', '<', '1.2'],
  ['1.1a', '<', '1.1.1'],
  ['1.1b', '=', '1.1b'],
  ['2a', '>', '2'],
  ['2a', '<', '3'],
  ['1.0a', '<', '1.0.1'],
  // pre-release suffixes: _alpha < _beta < _pre < _rc < release
  ['1.0_alpha', '<', '1.0_beta'],
  ['1.0_beta', '<', '1.0_pre'],
  ['1.0_pre', '<', '1.0_rc'],
  ['1.1_rc', '<', '1.1'],
  ['1.1_alpha', '<', '1.1'],
  ['1.1', '>', '1.1_rc1'],
  ['1.1_rc1', '<', '1.1'],
  ['2_rc1', '<', '2'],
  ['2.5_beta3', '<', '2.5'],
  ['1.0_beta2', '>', '1.0_alpha9'],
  ['1.0_rc1', '>', '1.0_pre9'],
  ['1.0_rc1', '<', '1.0.1_rc1'],
  ['1.0_rc1', '>', '0.9'],
  // post-release suffixes: release < _cvs < _svn < _git < _hg < _p
  ['1.0', '<', '1.0_cvs'],
  ['1.0_cvs', '<', '1.0_svn'],
  ['1.0_svn', '<', '1.0_git'],
  ['1.0_git', '<', '1.0_hg'],
  ['1.0_hg', '<', '1.0_p'],
  ['1.0', '<', '1.0_p1'],
  ['1.0_p1', '>', '1.0'],
  ['1.0_git20240101', '<', '1.0_p1'],
  ['1.0_p1', '<', '1.0.1'],
  ['1.0_rc1', '<', '1.0_p1'],
  ['1.0_alpha', '<', '1.0_p'],
  // suffix numbers compare numerically; a bare suffix is below a numbered one
  ['1.0_alpha1', '<', '1.0_alpha2'],
  ['1.0_rc9', '<', '1.0_rc10'],
  ['1.0_rc10', '>', '1.0_rc9'],
  ['1.0_p1', '<', '1.0_p2'],
  ['1.0_p10', '>', '1.0_p9'],
  ['1.0_alpha', '<', '1.0_alpha1'],
  ['1.0_p', '<', '1.0_p1'],
  ['1.0_git20230101', '<', '1.0_git20240101'],
  ['1.0_rc1', '=', '1.0_rc1'],
  // several suffixes chain
  ['1.0_alpha_p1', '>', '1.0_alpha'],
  ['1.0_alpha_p1', '<', '1.0_beta'],
  ['1.1_rc1_p1', '<', '1.1'],
  ['1.0_p1_p2', '>', '1.0_p1'],
  // -rN release numbers
  ['1.0-r0', '>', '1.0'],
  ['1.0', '<', '1.0-r0'],
  ['1.0-r1', '>', '1.0-r0'],
  ['1.0-r0', '<', '1.0-r1'],
  ['1.0-r9', '<', '1.0-r10'],
  ['1.0-r10', '>', '1.0-r9'],
  ['1.0-r1', '<', '1.0.1'],
  ['1.0-r1', '<', '1.0.1-r0'],
  ['1.0-r100', '<', '1.0a'],
  ['1.0_rc1-r5', '<', '1.0-r0'],
  ['1.0_p1-r0', '>', '1.0-r5'],
  ['1.0a-r1', '>', '1.0a-r0'],
  ['1.0-r0', '=', '1.0-r0'],
  ['2.38-r3', '=', '2.38-r3'],
  ['2.38-r3', '>', '2.38-r2'],
  ['2.38-r3', '<', '2.39-r0'],
  // apk 2.14 quirk, ported as is: a component written as zero ("0", "00") followed directly by
  // a pre-release suffix does not sort below the bare version, because the zero rule leaves a
  // plain-number token before the suffix. apk-tools 3 orders these the other way.
  ['1.0_rc1', '>', '1.0'],
  ['2.0_alpha', '>', '2.0'],
  ['1.0_rc1', '<', '1.0.1'],
  // realistic Wolfi versions
  ['3.3.2-r0', '<', '3.3.2-r1'],
  ['13.2.0-r3', '>', '13.1.0-r10'],
  ['1.36.1-r7', '<', '1.37.0-r0'],
  ['0.4.0_git20230801-r0', '>', '0.4.0-r0'],
  ['0.4.1_rc2-r0', '<', '0.4.1-r0'],
  ['6.4_p20240113-r2', '>', '6.4-r2'],
  ['2.9.14-r2', '>', '2.9.4-r9'],
  ['1.2.13-r0', '<', '1.3-r0'],
  ['9.5_p1-r0', '>', '9.5-r5'],
  ['5.2.21-r3', '<', '5.2.21a-r0'],
  ['3.12.1-r0', '>', '3.12.0_rc3-r0'],
];

describe('compareVersions (apk-tools 2.14 ordering)', () => {
  test.each(ORDER)('%s %s %s', (a, op, b) => {
    const want = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(compareVersions(a, b)).toBe(want);
    expect(compareVersions(b, a)).toBe(-want || 0);
  });

  test('the table has at least 100 comparisons', () => {
    expect(ORDER.length).toBeGreaterThanOrEqual(100);
  });

  test('sorting a shuffled list gives the ascending order', () => {
    const ascending = ['1.1_alpha', '1.1_beta1', '1.1_rc1', '1.1', '1.1-r1', '1.1_p1', '1.1a', '1.1.1', '1.2', '1.10', '2'];
    const shuffled = [...ascending].reverse();
    shuffled.push(shuffled.shift()!);
    expect(shuffled.sort(compareVersions)).toEqual(ascending);
  });
});

describe('fuzzy comparison (~)', () => {
  test.each([
    ['1.2.3', '1.2', 0],
    ['1.2', '1.2', 0],
    ['1.2.3-r1', '1.2.3', 0],
    ['1.3', '1.2', 1],
    ['1.20', '1.2', 1],
    ['1.1.9', '1.2', -1],
    // apk 2.x also treats the shorter side as a prefix match
    ['1.2', '1.2.3', 0],
  ] as const)('%s ~ %s → %d', (a, b, r) => {
    expect(compareVersions(a, b, true)).toBe(r);
  });
});

describe('isValidVersion (apk_version_validate)', () => {
  test.each(['1', '1.0', '1.2.3.4.5', '1.0a', '1.0_rc1', '1.0_alpha_p2', '1.0-r0', '1.0_p1-r12', '20240101', '0.4.0_git20230801-r0', '1.0a_p1'])(
    'accepts %s',
    (v) => expect(isValidVersion(v)).toBe(true),
  );
  test.each(['1.0-', '1.0-1', '1.0_foo', '1.0A', '1.0 ', 'V1.0', '1.0_rc1a', '1.0~abc', '1.0-r1a', '1.0-r1.2'])('rejects %s', (v) =>
    expect(isValidVersion(v)).toBe(false),
  );
});

describe("isValidMelangeVersion (apko's regex for package.version)", () => {
  test.each(['1', '1.2.3', '1.2.3a', '1.2.3_rc1', '1.2.3_p1', '1.2.3_rc1_p2', '1.2.3_alpha', '1.2.3-r1', '20230101', '0_git20230101'])(
    'accepts %s',
    (v) => expect(isValidMelangeVersion(v)).toBe(true),
  );
  test.each(['1.2.3_p1_rc1', '1.2.3_rc1_rc2', '1.2.3~abc', 'v1.2', '1.2.3-1', '1.2.3_foo', '1.2.3ab', '1..2', '.1', '1.2.3_p1_p2', ''])(
    'rejects %s',
    (v) => expect(isValidMelangeVersion(v)).toBe(false),
  );
});
