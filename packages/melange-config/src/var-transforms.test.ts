import { describe, expect, it } from 'vitest';
import { replaceAllGo, UnsupportedRegexError } from './var-transforms';

describe('replaceAllGo (Go Regexp.ReplaceAllString)', () => {
  it.each([
    // from wolfi: 1.2.3 → 1_2_3
    ['1.2.3', '\\.', '_', '1_2_3'],
    ['6.4.p2', '^(\\d+)\\.(\\d+)\\.p(\\d+)$', '${1}.${2}p${3}', '6.4p2'],
    // $1x is the group named "1x", which does not exist: empty
    ['ab', '(a)', '$1x', 'b'],
    ['ab', '(a)', '${1}x', 'axb'],
    ['ab', '(?P<first>a)', '[$first]', '[a]b'],
    ['a', 'a', '$$', '$'],
    ['Hello', '(?i)h', 'j', 'jello'],
    ['abc123', '[[:alpha:]]+', 'X', 'X123'],
    ['ab', 'x*', '-', '-a-b-'],
    ['no match', 'zzz', 'y', 'no match'],
  ])('%j ~ s/%s/%s/ → %j', (input, pattern, template, expected) => {
    expect(replaceAllGo(input, pattern, template)).toBe(expected);
  });

  it.each([
    ['(?U)a+', 'the U (ungreedy) flag'],
    ['a(?i:b)', 'inline flags are only supported at the start'],
    ['\\Qa.b\\E', '\\Q…\\E quoting is not supported'],
    ['[[:^alpha:]]', 'negated class'],
    ['(', 'Invalid regular expression'],
  ])('refuses %j', (pattern, why) => {
    expect(() => replaceAllGo('x', pattern, 'y')).toThrow(UnsupportedRegexError);
    expect(() => replaceAllGo('x', pattern, 'y')).toThrow(why);
  });
});
