import { describe, expect, it } from 'vitest';
import { parseControlStanzas, parseRelationships } from './parse-debian-control';

describe('parseControlStanzas', () => {
  it('splits stanzas and joins folded lines', () => {
    const text = 'Package: a\nVersion: 1\nDescription: short\n long part\n\nPackage: b\nVersion: 2\n';
    expect(parseControlStanzas(text)).toEqual([
      { Package: 'a', Version: '1', Description: 'short\nlong part' },
      { Package: 'b', Version: '2' },
    ]);
  });
});

describe('parseRelationships', () => {
  it('reads alternatives, versions and arch qualifiers', () => {
    expect(parseRelationships('perl:any (>> 5.005), gawk | mawk, libc6 (>= 2.34) [amd64] <!nocheck>')).toEqual([
      [{ name: 'perl', archQualifier: 'any', op: '>>', version: '5.005' }],
      [{ name: 'gawk' }, { name: 'mawk' }],
      [{ name: 'libc6', op: '>=', version: '2.34' }],
    ]);
  });

  it('treats an absent field as no relationships', () => {
    expect(parseRelationships(undefined)).toEqual([]);
  });
});
