/**
 * apk version ordering, ported token for token from apk-tools 2.14 `src/version.c`, because
 * the real client decides what upgrades and what satisfies a dependency; any drift here
 * would make our solver pick packages apk would refuse.
 *
 * Form: number{.number}...{letter}{_suffix{number}}...{-r<number>}
 */

const enum Token {
  Invalid = -1,
  DigitOrZero = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  RevisionNo = 5,
  End = 6,
}

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

interface Cursor {
  s: string;
  i: number;
  type: Token;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';

function nextToken(c: Cursor): void {
  let n: Token = Token.Invalid;
  const ch = c.s[c.i];
  if (c.i >= c.s.length || ch === '\0') {
    n = Token.End;
  } else if ((c.type === Token.Digit || c.type === Token.DigitOrZero) && isLower(ch)) {
    n = Token.Letter;
  } else if (c.type === Token.Letter && isDigit(ch)) {
    n = Token.Digit;
  } else if (c.type === Token.Suffix && isDigit(ch)) {
    n = Token.SuffixNo;
  } else {
    if (ch === '.') n = Token.DigitOrZero;
    else if (ch === '_') n = Token.Suffix;
    else if (ch === '-') {
      if (c.s.length - c.i > 1 && c.s[c.i + 1] === 'r') {
        n = Token.RevisionNo;
        c.i++;
      }
    }
    c.i++;
  }
  if (n < c.type) {
    const allowed =
      (n === Token.DigitOrZero && c.type === Token.Digit) ||
      (n === Token.Suffix && c.type === Token.SuffixNo) ||
      (n === Token.Digit && c.type === Token.Letter);
    if (!allowed) n = Token.Invalid;
  }
  c.type = n;
}

/** Reads one token's value and advances the cursor's type to the following token. */
function getToken(c: Cursor): number {
  if (c.i >= c.s.length) {
    c.type = Token.End;
    return 0;
  }
  let v = 0;
  let len = 0;
  let nt: Token = Token.Invalid;
  const at = c.i;
  if (c.type === Token.DigitOrZero && c.s[at] === '0') {
    // apk 2.x: leading zeros of a non-first component make it sort below any plain number
    while (at + len < c.s.length && c.s[at + len] === '0') len++;
    nt = Token.Digit;
    v = -len;
  } else {
    const r = tokenValue(c, at);
    if (r === undefined) {
      c.type = Token.Invalid;
      return -1;
    }
    [v, len] = r;
  }
  c.i += len;
  if (c.i >= c.s.length) c.type = Token.End;
  else if (nt !== Token.Invalid) c.type = nt;
  else nextToken(c);
  return v;
}

/** [value, length] of the token at `at` given the cursor's token type; undefined if invalid. */
function tokenValue(c: Cursor, at: number): [number, number] | undefined {
  let v = 0;
  let len = 0;
  switch (c.type) {
    case Token.DigitOrZero:
    case Token.Digit:
    case Token.SuffixNo:
    case Token.RevisionNo:
      while (at + len < c.s.length && isDigit(c.s[at + len])) {
        v = v * 10 + (c.s.charCodeAt(at + len) - 48);
        len++;
      }
      return [v, len];
    case Token.Letter:
      return [c.s.charCodeAt(at), 1];
    case Token.Suffix: {
      const pre = PRE_SUFFIXES.findIndex((w) => c.s.startsWith(w, at));
      if (pre >= 0) return [pre - PRE_SUFFIXES.length, PRE_SUFFIXES[pre]!.length];
      const post = POST_SUFFIXES.findIndex((w) => c.s.startsWith(w, at));
      if (post >= 0) return [post, POST_SUFFIXES[post]!.length];
      return undefined;
    }
    default:
      return undefined;
  }
}

/** True when apk-tools 2.14 accepts `v` as a version (apk_version_validate). */
export function isValidVersion(v: string): boolean {
  const c: Cursor = { s: v, i: 0, type: Token.Digit };
  while (c.type !== Token.End && c.type !== Token.Invalid) getToken(c);
  return c.type === Token.End;
}

/**
 * -1, 0 or 1 as apk orders `a` against `b`. With `fuzzy` (the `~` operator), versions that agree
 * on every token the shorter one has compare equal, exactly as apk 2.14 does.
 */
export function compareVersions(a: string, b: string, fuzzy = false): -1 | 0 | 1 {
  const ca: Cursor = { s: a, i: 0, type: Token.Digit };
  const cb: Cursor = { s: b, i: 0, type: Token.Digit };
  let av = 0;
  let bv = 0;
  while (ca.type === cb.type && ca.type !== Token.End && ca.type !== Token.Invalid && av === bv) {
    av = getToken(ca);
    bv = getToken(cb);
  }
  if (av < bv) return -1;
  if (av > bv) return 1;
  if (ca.type === cb.type || fuzzy) return 0;
  // Equal so far: the longer version is newer unless what follows is a pre-release suffix.
  if (ca.type === Token.Suffix && getToken({ ...ca }) < 0) return -1;
  if (cb.type === Token.Suffix && getToken({ ...cb }) < 0) return 1;
  if (ca.type > cb.type) return -1;
  if (cb.type > ca.type) return 1;
  return 0;
}

/**
 * melange/apko's stricter form for `package.version` (apko `pkg/apk/apk/version.go`): at most one
 * pre-release and one post-release suffix, no `~hash`.
 */
const MELANGE_VERSION = /^\d+(\.\d+)*[a-z]?(_(alpha|beta|pre|rc)\d*)?(_(cvs|svn|git|hg|p)\d*)?(-r\d+)?$/;

export function isValidMelangeVersion(v: string): boolean {
  return MELANGE_VERSION.test(v);
}
