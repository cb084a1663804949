/**
 * var-transforms as melange evaluates them (pkg/config/vars.go): in list order, `from` is
 * substituted (package, vars and earlier transforms), every match of `match` (Go RE2 syntax)
 * is replaced by `replace` (Go template: `$1`, `${1}`, `${name}`, `$$`), and the result becomes
 * `${{vars.<to>}}`. Go regexps are translated to JavaScript; what has no JavaScript
 * equivalent is refused with a message rather than matched differently.
 */

export class UnsupportedRegexError extends Error {
  constructor(pattern: string, why: string) {
    super(`regular expression ${JSON.stringify(pattern)} cannot be evaluated: ${why}`);
    this.name = 'UnsupportedRegexError';
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const compiled = new Map<string, RegExp>();

/** Translates an RE2 pattern to a global JavaScript RegExp. */
export function compileGoRegex(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  let source = pattern;
  let flags = 'g';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    const wanted = leading[1] as string;
    if (wanted.includes('U')) throw new UnsupportedRegexError(pattern, 'the U (ungreedy) flag has no JavaScript equivalent');
    for (const f of wanted) if (!flags.includes(f)) flags += f;
    source = source.slice(leading[0].length);
  }
  if (/\(\?[imsU-]+[:)]/.test(source)) {
    throw new UnsupportedRegexError(pattern, 'inline flags are only supported at the start of the pattern');
  }
  if (/\\[QE]/.test(source)) throw new UnsupportedRegexError(pattern, '\\Q…\\E quoting is not supported');
  if (/\\[pP]\{/.test(source)) flags += 'u';
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, neg: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (cls === undefined) throw new UnsupportedRegexError(pattern, `unknown character class ${whole}`);
      if (neg) throw new UnsupportedRegexError(pattern, `negated class ${whole} is not supported`);
      return cls;
    })
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$');
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (e) {
    throw new UnsupportedRegexError(pattern, (e as Error).message);
  }
  compiled.set(pattern, regex);
  return regex;
}

/** Expands a Go regexp replacement template for one match. */
function expandTemplate(template: string, match: RegExpExecArray): string {
  if (!template.includes('$')) return template;
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_whole, all: string, braced?: string, bare?: string) => {
    if (all === '$') return '$';
    const name = (braced ?? bare) as string;
    const value = /^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name];
    return value ?? '';
  });
}

/** Go's Regexp.ReplaceAllString. */
export function replaceAllGo(input: string, pattern: string, template: string): string {
  const regex = compileGoRegex(pattern);
  regex.lastIndex = 0;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(input)) !== null) {
    out += input.slice(last, m.index) + expandTemplate(template, m);
    last = m.index + m[0].length;
    if (m[0].length === 0) {
      if (regex.lastIndex >= input.length) break;
      regex.lastIndex++;
    }
  }
  return out + input.slice(last);
}
