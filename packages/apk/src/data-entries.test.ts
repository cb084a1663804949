import { describe, expect, test } from 'vitest';
import { compareNames, compareWalkOrder } from './data-entries';

describe('walk order', () => {
  test('names sort by UTF-8 bytes, as Go sorts them', () => {
    const names = ['b', 'B', 'a.txt', 'a', '\u00e9', '\uffff', '\u{1F600}', 'z'];
    const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...names].sort(compareNames)).toEqual(byBytes);
    // JavaScript's own order puts U+FFFF after the emoji's surrogates; UTF-8 does not
    expect(compareNames('\uffff', '\u{1F600}')).toBeLessThan(0);
  });
  test("a directory's children come before its next sibling", () => {
    expect(['a.txt', 'a/b', 'a', 'a-b/c'].sort(compareWalkOrder)).toEqual(['a', 'a/b', 'a-b/c', 'a.txt']);
  });
});
