/**
 * melange's `if:` language (pkg/cond): `value (==|!=) value` comparisons, where a value is a
 * '…' or "…" literal or a `${{name}}`; comparisons grouped with parentheses and chained with
 * `&&` / `||`, evaluated left to right with equal precedence. Variables are substituted as
 * quoted strings first, exactly as melange does, so `"${{x}}"` inside quotes is an error there
 * and here alike. No `!`, no `<`, no bare truthiness.
 */
import { substituteAll } from './substitute';
import type { Variables } from './substitute';

export class ConditionError extends Error {
  constructor(readonly expression: string, detail: string) {
    super(`cannot evaluate condition ${JSON.stringify(expression)}: ${detail}`);
    this.name = 'ConditionError';
  }
}

type Token =
  | { kind: 'str'; value: string; at: number }
  | { kind: 'op'; value: '==' | '!=' | '&&' | '||' | '(' | ')'; at: number };

/** Evaluates a condition; throws UndefinedVariableError or ConditionError. */
export function evaluateCondition(expression: string, vars: Variables): boolean {
  const quoted = new Map<string, string>();
  for (const name of namesIn(expression)) {
    const value = vars.get(name);
    if (value !== undefined) quoted.set(name, JSON.stringify(value));
  }
  const text = substituteAll(expression, quoted);
  const tokens = tokenize(text, expression);
  let i = 0;
  const peek = () => tokens[i];
  const fail = (detail: string): never => {
    throw new ConditionError(expression, detail);
  };

  const value = (): string => {
    const t = tokens[i++];
    if (!t || t.kind !== 'str') return fail(t ? `expected a value at "${text.slice(t.at)}"` : 'expected a value at the end');
    return t.value;
  };
  const term = (): boolean => {
    const t = peek();
    if (t?.kind === 'op' && t.value === '(') {
      i++;
      const result = expr();
      const close = tokens[i++];
      if (!close || close.kind !== 'op' || close.value !== ')') fail('missing ")"');
      return result;
    }
    const left = value();
    const op = tokens[i++];
    if (!op || op.kind !== 'op' || (op.value !== '==' && op.value !== '!=')) {
      return fail(`expected == or != after "${left}"`);
    }
    const right = value();
    return op.value === '==' ? left === right : left !== right;
  };
  const expr = (): boolean => {
    let result = term();
    for (;;) {
      const t = peek();
      if (!t || t.kind !== 'op' || (t.value !== '&&' && t.value !== '||')) return result;
      i++;
      const rhs = term();
      result = t.value === '&&' ? result && rhs : result || rhs;
    }
  };

  if (tokens.length === 0) fail('the condition is empty');
  const result = expr();
  if (i < tokens.length) fail(`unexpected "${text.slice((tokens[i] as Token).at)}"`);
  return result;
}

function namesIn(expression: string): string[] {
  return [...expression.matchAll(/\$\{\{\s*([A-Za-z0-9._-]+)\s*\}\}/g)].map((m) => m[1] as string);
}

function tokenize(text: string, expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '&&' || two === '||') {
      tokens.push({ kind: 'op', value: two, at: i });
      i += 2;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: 'op', value: c, at: i });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = i;
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (c === '"' && text[i] === '\\' && i + 1 < text.length) {
          value += unescape(text[i + 1] as string);
          i += 2;
        } else {
          value += text[i];
          i++;
        }
      }
      if (i >= text.length) throw new ConditionError(expression, `unterminated string starting at "${text.slice(start)}"`);
      i++;
      tokens.push({ kind: 'str', value, at: start });
      continue;
    }
    throw new ConditionError(expression, `unexpected "${text.slice(i)}" (values must be quoted or \${{…}})`);
  }
  return tokens;
}

function unescape(c: string): string {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return c;
  }
}
