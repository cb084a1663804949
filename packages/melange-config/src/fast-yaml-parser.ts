/**
 * The fast reader's YAML parser: the subset of YAML that melange recipes and pipelines are
 * written in, parsed straight into FastNodes with the offsets `yaml` gives. It is built for the
 * first pass over a tree of recipes, where most code still runs unoptimised: it finds lines,
 * tokens and the ends of block scalars with native string searches (indexOf, sticky regexps)
 * rather than character by character, and builds nothing but the tree. It replaced js-yaml
 * plus a tree rebuilt from js-yaml's parse events, which also built js-yaml's own objects:
 * the wolfi-os corpus (21 MB) parses in 0.37 s on a first pass and 0.13 s warm
 * (tools/bench/recipes.mjs), against 0.50 s and 0.19 s, and a cold `nx show projects` on
 * the corpus workspace was 0.13 s quicker (median of 7 alternating rounds).
 *
 * What it reads: block maps and lists (a list may sit at its key's indent, an item may be a
 * compact map or list), plain scalars over several lines, single- and double-quoted scalars,
 * literal and folded block scalars, flow lists and maps, comments, a `---` / `...` around the
 * one document. Anything else — anchors, aliases, tags, explicit keys, directives, a list item
 * left empty, a duplicate key, indentation by tab, a character YAML does not print — and
 * anything it is not sure of, it declines (undefined): the exact reader then reads the file,
 * and its errors and positions are the ones users see.
 */
import type { FastList, FastMap, FastNode, FastPair, FastScalar } from './fast-yaml-source';

/** Thrown inside the parser to give up on a file; never leaves this module. */
const DECLINE = new Error('declined');

/**
 * Characters YAML refuses in a stream, a `\r` that is not part of a line break, a byte order
 * mark, and the line and paragraph separators (which JavaScript's `^` takes for line breaks).
 */
const NOT_READ = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;

/** The end of a plain key: `:` before a blank or line end; a comment or line end first means no key. */
const KEY_END = /:(?=[ \t\r\n]|$)|[ \t]#|\n/g;
/** The end of a plain scalar's line in block context: a comment, or a `:` that would make it a key. */
const PLAIN_END = /[ \t]#|:(?=[ \t\r\n]|$)|\r?\n/g;
/** The end of a plain scalar in a flow collection. */
const FLOW_PLAIN_END = /[,[\]{}\n\r]|:(?=[ \t\r\n,[\]{}]|$)|[ \t]#/g;
/** Characters that cannot start a plain scalar, or that this parser leaves to the exact reader when they do. */
const RESERVED_START = new Set([...'&*!?|>%@`#,[]{}\'":'].map((c) => c.charCodeAt(0)));

/** Blanks, line breaks and comments (a `#` after a blank or a line break). */
const SEPARATION = /(?:[ \t\r\n]+(?:#[^\n]*)?)*/y;
const SPACES = / */y;
const INDENTS = Array.from({ length: 65 }, (_, n) => ' '.repeat(n));

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;

/** A parent indent for the document's root, which any column is deeper than. */
const ROOT = -1;

type Context = 'map-value' | 'list-item';

/** The tree of a one-document YAML text, or undefined when the exact reader has to read it. */
export function parseFastYaml(text: string): FastNode | undefined {
  if (NOT_READ.test(text)) return undefined;
  try {
    return new Parser(text).document();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

function decline(): never {
  throw DECLINE;
}

const isBlank = (c: number) => c === SPACE || c === TAB;
const isBreak = (c: number) => c === LF || c === CR;
/** after an indicator (`-`, `:`): a blank, a line end or the end of the text */
const endsToken = (c: number) => c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);

class Parser {
  /** where the last node read ends (its last character + 1, before any comment) */
  private pos = 0;
  private readonly crlf: boolean;
  /** the last key looked for: the same key is looked for again when its map is read */
  private lastKey: { at: number; key: { key: string; valueStart: number } | undefined } = { at: -1, key: undefined };

  constructor(private readonly text: string) {
    this.crlf = text.includes('\r');
  }

  document(): FastNode {
    const { text } = this;
    let start = this.skipToContent(0);
    if (text.startsWith('%', start)) decline();
    if (this.isMarker(start, '---')) {
      const after = this.skipBlanks(start + 3);
      if (!this.endsLine(after)) decline();
      start = this.skipToContent(after);
    }
    if (start >= text.length) decline();
    const column = this.indentOf(start);
    let root: FastNode;
    if (this.isListItem(start)) root = this.blockList(start, column);
    else if (this.keyAt(start) !== undefined) root = this.blockMap(start, column);
    else return decline();
    let end = this.skipToContent(this.pos);
    if (end < text.length && this.isMarker(end, '...')) end = this.skipToContent(end + 3);
    if (end < text.length) decline();
    return root;
  }

  /** A block map whose first key is at `start`, every key at `column`. */
  private blockMap(start: number, column: number): FastMap {
    const pairs: FastPair[] = [];
    const seen = new Set<string>();
    let at = start;
    for (;;) {
      const key = this.keyAt(at) ?? decline();
      if (seen.has(key.key)) decline();
      seen.add(key.key);
      pairs.push({ key: key.key, keyOffset: at, value: this.valueAfter(key.valueStart, column, 'map-value') });
      const next = this.skipToContent(this.pos);
      if (next >= this.text.length) break;
      const indent = this.indentOf(next);
      if (indent < column || this.endsDocument(next)) break;
      if (indent > column || this.isListItem(next)) decline();
      at = next;
    }
    return { kind: 'map', offset: start, pairs };
  }

  /** A block list whose first `-` is at `start`, every `-` at `column`. */
  private blockList(start: number, column: number): FastList {
    const items: FastNode[] = [];
    let at = start;
    for (;;) {
      const item = this.valueAfter(at + 1, column, 'list-item');
      if (item.kind === 'empty') decline();
      items.push(item);
      const next = this.skipToContent(this.pos);
      if (next >= this.text.length) break;
      const indent = this.indentOf(next);
      if (indent > column) decline();
      // a list at its key's indent ends where the key's map goes on
      if (indent < column || !this.isListItem(next) || this.endsDocument(next)) break;
      at = next;
    }
    return { kind: 'list', offset: start, items };
  }

  /**
   * The node after a key's `:` or an item's `-` (at `from`): on the same line, on the lines
   * below (deeper than `parent`, or a list at a key's own indent), or nothing.
   */
  private valueAfter(from: number, parent: number, context: Context): FastNode {
    const { text } = this;
    const at = this.skipBlanks(from);
    if (this.endsLine(at)) {
      const next = this.skipToContent(at);
      if (next < text.length) {
        const indent = this.indentOf(next);
        if (indent > parent) return this.nodeOnItsLine(next, indent, parent);
        if (indent === parent && context === 'map-value' && this.isListItem(next)) return this.blockList(next, indent);
      }
      this.pos = at;
      return { kind: 'empty', offset: at };
    }
    const c = text.charCodeAt(at);
    if (context === 'list-item') {
      // a compact map or list, its entries at the column it starts at (which a tab leaves unclear)
      const compact = this.isListItem(at) ? 'list' : this.keyAt(at) !== undefined ? 'map' : undefined;
      if (compact !== undefined) {
        if (text.slice(from, at).includes('\t')) decline();
        const column = at - this.lineStart(at);
        return compact === 'list' ? this.blockList(at, column) : this.blockMap(at, column);
      }
    }
    if (c === 0x7c /* | */ || c === 0x3e /* > */) return this.blockScalar(at, parent);
    return this.inlineValue(at, parent);
  }

  /** A node that starts a line of its own, at column `indent`. */
  private nodeOnItsLine(at: number, indent: number, parent: number): FastNode {
    if (this.isListItem(at)) return this.blockList(at, indent);
    if (this.keyAt(at) !== undefined) return this.blockMap(at, indent);
    return this.inlineValue(at, parent);
  }

  /** A scalar or flow collection that is not a key: nothing but a comment may follow it on its line. */
  private inlineValue(at: number, parent: number): FastNode {
    const c = this.text.charCodeAt(at);
    let node: FastNode;
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) node = this.quoted(at, parent);
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) node = this.flow(at, parent);
    else if (!this.startsPlain(at)) return decline();
    else return this.plain(at, parent);
    if (!this.endsLine(this.skipBlanks(this.pos))) decline();
    return node;
  }

  /** A plain scalar in block context; its lines after the first are those deeper than `parent`. */
  private plain(start: number, parent: number): FastNode {
    const { text } = this;
    let [end, stop] = this.plainLineEnd(start);
    let value = text.slice(start, end);
    let lineEnd = end;
    while (!stop) {
      // the lines below: empty ones fold into line breaks, deeper ones go on the scalar
      let breaks = 0;
      let at = this.nextLine(lineEnd);
      let content = -1;
      while (at < text.length) {
        const first = this.skipSpaces(at);
        const c = text.charCodeAt(first);
        if (c === TAB) decline();
        if (!isBreak(c) && first < text.length) {
          content = first;
          break;
        }
        breaks++;
        at = this.nextLine(first);
      }
      if (content === -1 || content - at <= parent || text.charCodeAt(content) === HASH) break;
      if (this.endsDocument(content)) decline();
      [end, stop] = this.plainLineEnd(content);
      value += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + text.slice(content, end);
      lineEnd = end;
    }
    this.pos = lineEnd;
    return { kind: 'scalar', offset: start, value };
  }

  /** Where a plain scalar's text ends on this line (trailing blanks off), and whether a comment ends the scalar there. */
  private plainLineEnd(at: number): [number, boolean] {
    PLAIN_END.lastIndex = at;
    const match = PLAIN_END.exec(this.text);
    const end = match === null ? this.text.length : match.index;
    // a `: ` inside a value makes a map where none may be
    if (match !== null && match[0] === ':') decline();
    const comment = match !== null && match[0].endsWith('#');
    return [this.trimBlanks(at, end), comment];
  }

  /** A literal (`|`) or folded (`>`) block scalar whose indicator is at `start`. */
  private blockScalar(start: number, parent: number): FastNode {
    const { text } = this;
    const folded = text.charCodeAt(start) === 0x3e;
    let at = start + 1;
    const chomp = text[at];
    const chomping = chomp === '-' ? 'strip' : chomp === '+' ? 'keep' : 'clip';
    if (chomping !== 'clip') at++;
    at = this.skipBlanks(at);
    if (!this.endsLine(at)) decline();
    // empty lines, then the first line with content sets the indent
    let line = this.nextLine(at);
    let leading = 0;
    let leadingSpaces = 0;
    let first = this.skipSpaces(line);
    while (isBreak(text.charCodeAt(first))) {
      leading++;
      leadingSpaces = Math.max(leadingSpaces, first - line);
      line = this.nextLine(first);
      first = this.skipSpaces(line);
    }
    const indent = first - line;
    // no content, too many spaces before it, or a tab where the indent may end: the exact reader's
    if (first >= text.length || indent <= parent || leadingSpaces > indent || text.charCodeAt(first) === TAB) decline();
    const { lessIndented, dedent } = blockPatterns(indent);
    // The block ends at the first line less indented that is not empty; one that ends the text
    // without a line break is the exact reader's, and so is a line of blanks with a tab in its indent.
    lessIndented.lastIndex = line;
    const ending = lessIndented.exec(text) ?? decline();
    if (text.charCodeAt(ending.index + ending[0].length) === TAB) decline();
    let end = this.contentEnd(ending.index);
    // the empty lines before that are the chomping's
    let trailing = 0;
    for (;;) {
      const lineStart = text.lastIndexOf('\n', end - 1) + 1;
      if (this.skipSpaces(lineStart) !== end) break;
      // spaces past the indent make a line content, a rule left to the exact reader
      if (end - lineStart > indent) decline();
      trailing++;
      end = this.contentEnd(lineStart - 1);
    }
    let body = text.slice(line, end);
    if (this.crlf) body = body.replaceAll('\r\n', '\n');
    const lines = body.replace(dedent, '');
    let value = folded ? fold(leading, lines.split('\n')) : '\n'.repeat(leading) + lines;
    if (chomping === 'clip') value += '\n';
    else if (chomping === 'keep') value += '\n'.repeat(trailing + 1);
    this.pos = end;
    return { kind: 'scalar', offset: start, value };
  }

  /** Where the line ending with the `\n` at `lf` has its content end (before a `\r`). */
  private contentEnd(lf: number): number {
    return this.text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
  }

  /** A single- or double-quoted scalar starting at `start`; lines after its first must be deeper than `parent`. */
  private quoted(start: number, parent: number): FastScalar {
    const { text } = this;
    const double = text.charCodeAt(start) === 0x22;
    let close = start;
    for (;;) {
      close = text.indexOf(double ? '"' : "'", close + 1);
      if (close === -1) decline();
      if (double) {
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      } else if (text.charCodeAt(close + 1) === 0x27) close++;
      else break;
    }
    let raw = text.slice(start + 1, close);
    if (raw.includes('\n')) raw = foldQuotedLines(raw, parent, double);
    const value = double ? (raw.includes('\\') ? unescapeDouble(raw) : raw) : raw.replaceAll("''", "'");
    this.pos = close + 1;
    return { kind: 'scalar', offset: start, value };
  }

  /** A flow list or map starting at `start`; its lines after the first must be deeper than `parent`. */
  private flow(start: number, parent: number): FastNode {
    const { text } = this;
    const list = text.charCodeAt(start) === 0x5b;
    const close = list ? 0x5d : 0x7d;
    const items: FastNode[] = [];
    const pairs: FastPair[] = [];
    const seen = new Set<string>();
    let at = this.skipFlowSpace(start + 1, parent);
    while (text.charCodeAt(at) !== close) {
      if (list) {
        items.push(this.flowNode(at, parent));
        at = this.skipFlowSpace(this.pos, parent);
        if (text.charCodeAt(at) === COLON) decline();
      } else {
        const key = this.flowNode(at, parent);
        if (key.kind !== 'scalar' || seen.has(key.value)) decline();
        seen.add(key.value);
        at = this.skipBlanks(this.pos);
        if (text.charCodeAt(at) !== COLON) decline();
        at = this.skipFlowSpace(at + 1, parent);
        const c = text.charCodeAt(at);
        if (c === 0x2c /* , */ || c === close) decline();
        pairs.push({ key: key.value, keyOffset: key.offset, value: this.flowNode(at, parent) });
        at = this.skipFlowSpace(this.pos, parent);
      }
      const c = text.charCodeAt(at);
      if (c === 0x2c /* , */) at = this.skipFlowSpace(at + 1, parent);
      else if (c !== close) decline();
    }
    this.pos = at + 1;
    return list ? { kind: 'list', offset: start, items } : { kind: 'map', offset: start, pairs };
  }

  private flowNode(at: number, parent: number): FastNode {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === 0x22 || c === 0x27) return this.quoted(at, parent);
    if (c === 0x5b || c === 0x7b) return this.flow(at, parent);
    if (!this.startsPlain(at)) decline();
    FLOW_PLAIN_END.lastIndex = at;
    const match = FLOW_PLAIN_END.exec(text);
    const end = this.trimBlanks(at, match === null ? text.length : match.index);
    if (end === at) decline();
    // a plain scalar folded over lines is left to the exact reader
    const after = this.skipBlanks(end);
    if (this.endsLine(after)) {
      const next = this.skipFlowSpace(after, parent);
      const n = text.charCodeAt(next);
      if (n !== 0x2c && n !== 0x5d && n !== 0x7d && n !== COLON) decline();
    }
    this.pos = end;
    return { kind: 'scalar', offset: at, value: text.slice(at, end) };
  }

  /** Past blanks, line ends and comments inside a flow collection; its lines must be deeper than `parent`. */
  private skipFlowSpace(from: number, parent: number): number {
    const { text } = this;
    let at = from;
    for (;;) {
      const c = text.charCodeAt(at);
      if (isBlank(c)) at++;
      else if (isBreak(c)) {
        at = this.nextLine(at);
        const first = this.skipSpaces(at);
        const n = text.charCodeAt(first);
        if (first >= text.length) decline();
        if (!isBreak(n) && n !== HASH && first - at <= parent) decline();
        at = first;
      } else if (c === HASH && (isBlank(text.charCodeAt(at - 1)) || isBreak(text.charCodeAt(at - 1)))) at = this.lineEndAt(at);
      else return at;
    }
  }

  /** The key of a block map entry at `at` (plain or quoted, on one line), or undefined when there is none. */
  private keyAt(at: number): { key: string; valueStart: number } | undefined {
    if (this.lastKey.at !== at) this.lastKey = { at, key: this.findKey(at) };
    return this.lastKey.key;
  }

  private findKey(at: number): { key: string; valueStart: number } | undefined {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === 0x22 || c === 0x27) {
      const eol = this.lineEndAt(at);
      const key = this.quoted(at, ROOT);
      // a scalar over several lines is no key
      if (this.pos > eol) return undefined;
      const colon = this.skipBlanks(this.pos);
      if (text.charCodeAt(colon) !== COLON || !endsToken(text.charCodeAt(colon + 1))) return undefined;
      return { key: key.value, valueStart: colon + 1 };
    }
    if (!this.startsPlain(at)) return undefined;
    KEY_END.lastIndex = at;
    const match = KEY_END.exec(text);
    if (match === null || match[0] !== ':') return undefined;
    return { key: text.slice(at, this.trimBlanks(at, match.index)), valueStart: match.index + 1 };
  }

  /** Whether a plain scalar (or plain key) may start at `at`: not at an indicator, nor at the end. */
  private startsPlain(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return !(c === DASH && endsToken(this.text.charCodeAt(at + 1))) && !RESERVED_START.has(c) && !Number.isNaN(c);
  }

  /** `end` moved back past the blanks before it, no further than `start`. */
  private trimBlanks(start: number, end: number): number {
    let at = end;
    while (at > start && isBlank(this.text.charCodeAt(at - 1))) at--;
    return at;
  }

  private isListItem(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && endsToken(this.text.charCodeAt(at + 1));
  }

  private endsDocument(at: number): boolean {
    return this.isMarker(at, '...') || this.isMarker(at, '---');
  }

  /** `---` or `...` at the start of a line, followed by a blank or the line's end */
  private isMarker(at: number, marker: string): boolean {
    return this.lineStart(at) === at && this.text.startsWith(marker, at) && endsToken(this.text.charCodeAt(at + 3));
  }

  /** The indent of the line whose first content is at `at`: spaces only, as YAML indents. */
  private indentOf(at: number): number {
    const start = this.lineStart(at);
    const indent = at - start;
    if (!this.text.startsWith(INDENTS[indent] ?? ' '.repeat(indent), start)) decline();
    return indent;
  }

  private lineStart(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  /** The end of the line `at` is on: its `\n`, or the `\r` of a `\r\n`, or the end of the text. */
  private lineEndAt(at: number): number {
    const lf = this.text.indexOf('\n', at);
    if (lf === -1) return this.text.length;
    return this.text.charCodeAt(lf - 1) === CR && lf - 1 >= at ? lf - 1 : lf;
  }

  /** The start of the line after the one `at` is on (the text's length after the last). */
  private nextLine(at: number): number {
    const lf = this.text.indexOf('\n', at);
    return lf === -1 ? this.text.length : lf + 1;
  }

  /** Nothing but blanks and maybe a comment left on the line: `at` is at a line end, a `#` or the end. */
  private endsLine(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return isBreak(c) || Number.isNaN(c) || (c === HASH && (at === 0 || isBlank(this.text.charCodeAt(at - 1))));
  }

  private skipBlanks(from: number): number {
    let at = from;
    while (isBlank(this.text.charCodeAt(at))) at++;
    return at;
  }

  private skipSpaces(from: number): number {
    SPACES.lastIndex = from;
    SPACES.test(this.text);
    return SPACES.lastIndex;
  }

  /** Past blanks, line ends and comment lines: where the next node or key starts (the text's length at its end). */
  private skipToContent(from: number): number {
    const { text } = this;
    // a `#` right after a node (`"a"#b`) is no comment: the caller finds it where content is due
    const c = text.charCodeAt(from);
    if (c === HASH && from > 0 && !isBlank(text.charCodeAt(from - 1)) && !isBreak(text.charCodeAt(from - 1))) return from;
    let at = from;
    if (c === HASH) at = this.lineEndAt(from);
    SEPARATION.lastIndex = at;
    SEPARATION.test(text);
    return Math.min(SEPARATION.lastIndex, text.length);
  }
}

/** A quoted scalar's lines folded: a line break between two lines is a space, each empty line a line break. */
function foldQuotedLines(raw: string, parent: number, double: boolean): string {
  const lines = raw.split('\n');
  const out: string[] = [];
  let breaks = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (i > 0) {
      const spaces = line.length - line.trimStart().length;
      // a line must be deeper than the scalar's parent, unless it is empty
      if ((spaces <= parent && spaces < line.length) || line.startsWith('---') || line.startsWith('...')) decline();
      line = line.replace(/^[ \t]+/, '');
    }
    // an escaped line break (`\` at a line's end) is left to the exact reader
    if (i < lines.length - 1) {
      if (double && /(^|[^\\])(\\\\)*\\[ \t]*$/.test(line)) decline();
      line = line.replace(/[ \t]+$/, '');
    }
    if (i > 0 && i < lines.length - 1 && line === '') {
      breaks++;
      continue;
    }
    if (i > 0) out.push(breaks === 0 ? ' ' : '\n'.repeat(breaks));
    breaks = 0;
    out.push(line);
  }
  return out.join('');
}

/**
 * A folded block scalar's lines (after `leading` empty ones): a line break between two lines
 * is a space, each empty line a line break.
 */
function fold(leading: number, lines: string[]): string {
  let value = '\n'.repeat(leading);
  let breaks = -1;
  for (const line of lines) {
    if (line === '') {
      breaks++;
      continue;
    }
    // more-indented lines keep their breaks, a rule left to the exact reader
    if (line.charCodeAt(0) === SPACE || line.charCodeAt(0) === TAB) decline();
    value += breaks === -1 ? line : (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + line;
    breaks = 0;
  }
  return value;
}

/** Per indent: the line ending a block scalar (not empty, less indented) and the indent to take off its lines. */
const BLOCK_PATTERNS = new Map<number, { lessIndented: RegExp; dedent: RegExp }>();

function blockPatterns(indent: number): { lessIndented: RegExp; dedent: RegExp } {
  let patterns = BLOCK_PATTERNS.get(indent);
  if (patterns === undefined) {
    patterns = { lessIndented: new RegExp(`\\n {0,${indent - 1}}(?![ \\r\\n])`, 'g'), dedent: new RegExp(`^ {0,${indent}}`, 'gm') };
    BLOCK_PATTERNS.set(indent, patterns);
  }
  return patterns;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A double-quoted scalar's escapes, undone. */
function unescapeDouble(raw: string): string {
  let out = '';
  let at = 0;
  for (let slash = raw.indexOf('\\'); slash !== -1; slash = raw.indexOf('\\', at)) {
    out += raw.slice(at, slash);
    const code = raw[slash + 1] ?? '';
    const simple = ESCAPES[code];
    if (simple !== undefined) {
      out += simple;
      at = slash + 2;
      continue;
    }
    const length = HEX_LENGTH[code] ?? decline();
    const hex = raw.slice(slash + 2, slash + 2 + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) decline();
    out += String.fromCodePoint(Number.parseInt(hex, 16));
    at = slash + 2 + length;
  }
  return out + raw.slice(at);
}
