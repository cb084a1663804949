import { describe, expect, it } from 'vitest';
import { ConditionError, evaluateCondition } from './evaluate-condition';
import { UndefinedVariableError } from './substitute';

const vars = new Map([
  ['build.arch', 'x86_64'],
  ['vars.quote', 'say "hi"'],
]);

describe('evaluateCondition', () => {
  it.each([
    ["${{build.arch}} == 'x86_64'", true],
    ['${{build.arch}} == "aarch64"', false],
    ["${{build.arch}} != 'aarch64'", true],
    ["'a' == 'a' && 'b' == 'c'", false],
    ["'a' == 'b' || 'c' == 'c'", true],
    // left to right with equal precedence: (true || false) && false
    ["'a' == 'a' || 'b' == 'b' && 'c' == 'd'", false],
    ["'a' == 'a' || ('b' == 'b' && 'c' == 'd')", true],
    ["(${{build.arch}} == 'x86_64')", true],
    ['"" == ""', true],
    ["${{vars.quote}} == 'say \"hi\"'", true],
  ])('%s → %s', (expr, expected) => {
    expect(evaluateCondition(expr, vars)).toBe(expected);
  });

  it('names an unknown variable', () => {
    expect(() => evaluateCondition("${{build.arc}} == 'x'", vars)).toThrow(UndefinedVariableError);
    expect(() => evaluateCondition("${{build.arc}} == 'x'", vars)).toThrow('variable "${{build.arc}}" is not defined');
  });

  it.each([
    ['x86_64 == "x86_64"', 'unexpected "x86_64 == "x86_64"" (values must be quoted or ${{…}})'],
    ["'a'", 'expected == or != after "a"'],
    ["'a' == ", 'expected a value at the end'],
    ["('a' == 'a'", 'missing ")"'],
    ["'a' == 'a' 'b'", `unexpected "'b'"`],
    ["'a' == 'b", 'unterminated string'],
    ['', 'the condition is empty'],
  ])('rejects %j', (expr, detail) => {
    expect(() => evaluateCondition(expr, vars)).toThrow(ConditionError);
    expect(() => evaluateCondition(expr, vars)).toThrow(detail);
  });
});
