import { describe, expect, it } from 'vitest';
import { substituteAll, substituteKnown, UndefinedVariableError, variablesIn } from './substitute';

const vars = new Map([
  ['package.name', 'foo'],
  ['vars.x', 'X'],
]);

describe('substitution', () => {
  it('parse time replaces known names, with or without blanks, and keeps unknown ones', () => {
    expect(substituteKnown('${{package.name}}-${{ vars.x }}-${{build.arch}}', vars)).toBe('foo-X-${{build.arch}}');
  });

  it('compile time replaces every name and throws for an unknown one', () => {
    expect(substituteAll('${{package.name}}/${{  vars.x  }}', vars)).toBe('foo/X');
    expect(() => substituteAll('a ${{vars.y}}', vars)).toThrow(UndefinedVariableError);
    expect(() => substituteAll('a ${{vars.y}}', vars)).toThrow('variable "${{vars.y}}" is not defined');
  });

  it('does not substitute recursively', () => {
    expect(substituteAll('${{vars.x}}', new Map([['vars.x', '${{vars.x}}']]))).toBe('${{vars.x}}');
  });

  it('lists the names a text uses', () => {
    expect(variablesIn('${{a.b}} and ${{ c-d.e_f }} but not ${{ bad name }}')).toEqual(['a.b', 'c-d.e_f']);
  });
});
