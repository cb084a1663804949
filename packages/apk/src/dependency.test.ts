import { describe, expect, test } from 'vitest';
import { ApkFormatError } from './errors';
import { formatDependency, parseDependency, parseDependencyList, parseProvide, providerMatches, satisfies, type VersionOp } from './dependency';

describe('parseDependency', () => {
  test.each([
    ['make', { name: 'make', conflict: false }],
    ['so:libc.so.6', { name: 'so:libc.so.6', conflict: false }],
    ['cmd:sh', { name: 'cmd:sh', conflict: false }],
    ['pc:zlib>=1.2', { name: 'pc:zlib', conflict: false, op: '>=', version: '1.2' }],
    ['gcc=13.2.0-r3', { name: 'gcc', conflict: false, op: '=', version: '13.2.0-r3' }],
    ['foo<2', { name: 'foo', conflict: false, op: '<', version: '2' }],
    ['foo<=2', { name: 'foo', conflict: false, op: '<=', version: '2' }],
    ['foo>2', { name: 'foo', conflict: false, op: '>', version: '2' }],
    ['foo~1.2', { name: 'foo', conflict: false, op: '~', version: '1.2' }],
    ['foo<~1.2', { name: 'foo', conflict: false, op: '<~', version: '1.2' }],
    ['foo>~1.2', { name: 'foo', conflict: false, op: '>~', version: '1.2' }],
    ['!busybox', { name: 'busybox', conflict: true }],
    ['!foo<2', { name: 'foo', conflict: true, op: '<', version: '2' }],
    ['foo@edge', { name: 'foo', conflict: false, tag: 'edge' }],
    ['foo@edge>=1', { name: 'foo', conflict: false, tag: 'edge', op: '>=', version: '1' }],
    ['foo><Q1AAAAAAAAAAAAAAAAAAAAAAAAAAA=', { name: 'foo', conflict: false, op: '><', version: 'Q1AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }],
    ['perl~5', { name: 'perl', conflict: false, op: '~', version: '5' }],
  ])('%s', (text, want) => {
    const dep = parseDependency(text);
    expect(dep).toEqual(want);
    expect(formatDependency(dep)).toBe(text);
  });

  test.each([
    ['', 'empty'],
    ['foo>=', 'without a version'],
    ['foo=>1', 'unknown operator'],
    ['foo>=1.0_bogus', 'not a valid apk version'],
    ['>=1', 'no package name'],
    ['foo@>=1', 'empty repository tag'],
    ['!', 'no package name'],
  ])('rejects %j (%s)', (text, why) => {
    expect(() => parseDependency(text, { file: 'x/melange.yaml', line: 3 })).toThrow(ApkFormatError);
    expect(() => parseDependency(text, { file: 'x/melange.yaml', line: 3 })).toThrow(why);
    expect(() => parseDependency(text, { file: 'x/melange.yaml', line: 3 })).toThrow(/^x\/melange.yaml:3: /);
  });

  test('a list splits on any whitespace', () => {
    expect(parseDependencyList(' a  b>1\nc ').map(formatDependency)).toEqual(['a', 'b>1', 'c']);
  });
});

// [installed version, op, wanted version, matches]
const MATCH: [string, VersionOp, string, boolean][] = [
  ['1.2', '=', '1.2', true],
  ['1.2-r0', '=', '1.2', false],
  ['1.2-r0', '=', '1.2-r0', true],
  ['1.3', '=', '1.2', false],
  ['1.1', '<', '1.2', true],
  ['1.2', '<', '1.2', false],
  ['1.1_rc1', '<', '1.1', true],
  ['1.2', '<=', '1.2', true],
  ['1.2.1', '<=', '1.2', false],
  ['1.3', '>', '1.2', true],
  ['1.2', '>', '1.2', false],
  ['1.2-r1', '>', '1.2', true],
  ['1.2.3', '>=', '1.2', true],
  ['1.1', '>=', '1.2', false],
  ['1.2_p1', '>=', '1.2', true],
  ['1.2.3', '~', '1.2', true],
  ['1.2.3-r4', '~', '1.2.3', true],
  ['1.2', '~', '1.2', true],
  ['1.3', '~', '1.2', false],
  ['1.20', '~', '1.2', false],
  ['5.36.0-r1', '~', '5', true],
  ['6.0', '~', '5', false],
  ['1.2.9', '<~', '1.2', true],
  ['1.1', '<~', '1.2', true],
  ['1.3', '<~', '1.2', false],
  ['1.2.9', '>~', '1.2', true],
  ['1.3', '>~', '1.2', true],
  ['1.1', '>~', '1.2', false],
  ['1.2', '><', 'Q1AAAAAAAAAAAAAAAAAAAAAAAAAAA=', false],
];

describe('satisfies', () => {
  test.each(MATCH)('%s %s %s → %s', (have, op, want, ok) => {
    expect(satisfies(have, op, want)).toBe(ok);
  });
  test('no operator matches any version', () => {
    expect(satisfies('0.0.1', undefined, undefined)).toBe(true);
  });
});

describe('providerMatches', () => {
  test('a versioned provide answers versioned and unversioned dependencies', () => {
    const p = parseProvide('so:libz.so.1=1.3.1');
    expect(providerMatches(parseDependency('so:libz.so.1'), p)).toBe(true);
    expect(providerMatches(parseDependency('so:libz.so.1>=1.3'), p)).toBe(true);
    expect(providerMatches(parseDependency('so:libz.so.1>=2'), p)).toBe(false);
  });
  test('a virtual provide answers only unversioned dependencies', () => {
    const p = parseProvide('editor');
    expect(p).toEqual({ name: 'editor' });
    expect(providerMatches(parseDependency('editor'), p)).toBe(true);
    expect(providerMatches(parseDependency('editor>=1'), p)).toBe(false);
  });
  test('names must be equal', () => {
    expect(providerMatches(parseDependency('foo'), { name: 'foobar', version: '1' })).toBe(false);
  });
  test('>< matches the package identity', () => {
    const id = 'Q1AAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    expect(providerMatches(parseDependency(`foo><${id}`), { name: 'foo', version: '1', identity: id })).toBe(true);
    expect(providerMatches(parseDependency(`foo><${id}`), { name: 'foo', version: '1', identity: 'Q1BBBBBBBBBBBBBBBBBBBBBBBBBBB=' })).toBe(false);
  });
  test('a provide with another operator is refused', () => {
    expect(() => parseProvide('foo>=1')).toThrow(ApkFormatError);
  });
});
