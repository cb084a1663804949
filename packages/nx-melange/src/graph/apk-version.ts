/**
 * apk's version ordering and constraint test, as apk-tools 2 (version.c) defines them, for the
 * resolver's provider choice. Kept here because @stagecraft/apk does not export one yet; replace
 * with its `compareVersions`/`satisfies` once it does.
 *
 * Versions apk cannot parse (a Debian seed's `2:1.2-3+deb12u1`) are still ordered, by a
 * numeric-aware string compare, so a foreign seed never makes resolution throw.
 */
import type { ConstraintOp } from '@stagecraft/melange-config';

// Token types in apk-tools' order: when two versions differ in the kind of the next token, the
// one with the later kind is the smaller version (1.0 < 1.0.1, 1.0a < 1.0.1, 1.0-r1 < 1.0.1).
const enum T {
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNumber = 4,
  Revision = 5,
  End = 6,
}

interface Token {
  type: T;
  text: string;
}

const PRE = ['alpha', 'beta', 'pre', 'rc'];
const POST = ['cvs', 'svn', 'git', 'hg', 'p'];

function suffixRank(name: string): number {
  const pre = PRE.indexOf(name);
  if (pre >= 0) return pre - PRE.length;
  const post = POST.indexOf(name);
  return post >= 0 ? post + 1 : 0;
}

function tokenize(version: string): Token[] | undefined {
  const m = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:~[0-9a-f]+)?(?:-r(\d+))?$/.exec(version);
  if (!m) return undefined;
  const tokens: Token[] = m[1]!.split('.').map((text) => ({ type: T.Digit, text }));
  if (m[2]) tokens.push({ type: T.Letter, text: m[2] });
  for (const s of m[3]!.split('_').slice(1)) {
    const sm = /^([a-z]+)(\d*)$/.exec(s)!;
    tokens.push({ type: T.Suffix, text: sm[1]! });
    if (sm[2]) tokens.push({ type: T.SuffixNumber, text: sm[2] });
  }
  if (m[4] !== undefined) tokens.push({ type: T.Revision, text: m[4] });
  return tokens;
}

function compareDigits(a: string, b: string, first: boolean): number {
  // apk compares later components with a leading zero as decimal fractions: 1.05 < 1.1
  if (!first && (a.startsWith('0') || b.startsWith('0'))) return a < b ? -1 : a > b ? 1 : 0;
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

function compareTokens(a: Token[], b: Token[], fuzzy: boolean): number {
  let i = 0;
  for (; i < a.length && i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.type !== y.type) break;
    let c = 0;
    if (x.type === T.Suffix) c = Math.sign(suffixRank(x.text) - suffixRank(y.text));
    else if (x.type === T.Letter) c = x.text < y.text ? -1 : x.text > y.text ? 1 : 0;
    else c = compareDigits(x.text, y.text, i === 0 || x.type !== T.Digit);
    if (c !== 0) return c;
  }
  if (fuzzy && i === b.length) return 0;
  const at = a[i];
  const bt = b[i];
  if (!at && !bt) return 0;
  // a pre-release suffix makes the longer version the smaller one (1.0_rc1 < 1.0)
  if (at?.type === T.Suffix && suffixRank(at.text) < 0) return -1;
  if (bt?.type === T.Suffix && suffixRank(bt.text) < 0) return 1;
  const ta = at?.type ?? T.End;
  const tb = bt?.type ?? T.End;
  return ta > tb ? -1 : ta < tb ? 1 : 0;
}

export function compareVersions(a: string, b: string): number {
  const ta = tokenize(a);
  const tb = tokenize(b);
  if (!ta || !tb) return Math.sign(a.localeCompare(b, 'en', { numeric: true }));
  return compareTokens(ta, tb, false);
}

/** Does `version` meet `op want`? `~` is apk's fuzzy match: `13.2.0-r1` meets `~13`. */
export function satisfies(version: string, op: ConstraintOp, want: string): boolean {
  if (op === '~') {
    const tv = tokenize(version);
    const tw = tokenize(want);
    if (!tv || !tw) return version === want || version.startsWith(`${want}.`) || version.startsWith(`${want}-`);
    return compareTokens(tv, tw, true) === 0;
  }
  const c = compareVersions(version, want);
  switch (op) {
    case '=':
      return c === 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}
