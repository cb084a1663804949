/**
 * The fast YAML reader: js-yaml (about ten times quicker than `yaml` on the corpus) with a node
 * tree rebuilt from its parse events, so every value keeps the offset `yaml` would give it.
 * It serves only the YAML it can vouch for: plain, quoted and block scalars, block and flow
 * maps and lists, comments. Anything else (a syntax error, anchors, aliases, tags, a list item
 * left empty, a key that is not a string) makes loadFastYaml return undefined, and the caller
 * reads the file with the exact reader, whose errors and positions are the ones users see.
 *
 * js-yaml calls its listener with 'open' when it starts composing a node, at the offset before
 * the separating whitespace, and 'close' when done, with the node's value in state.result.
 * Composition is recursive, so the events nest: a map's children are its keys and values in
 * turn, a list's children its items. js-yaml also composes a few nodes twice (a list item or
 * a value on its own line is first tried as a map key, and kept when no ':' follows); such a
 * node has one child carrying the very same value, and is that child.
 */
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import type { State } from 'js-yaml';
import type { SourcePosition } from './recipe-summary';
import { ErrorCollector } from './recipe-error';
import { fieldPath, NodeReader } from './node-reader';
import type { Replace, SourceFile, SourceNode } from './node-reader';

export type FastNode = FastScalar | FastEmpty | FastMap | FastList;

export interface FastScalar {
  kind: 'scalar';
  offset: number;
  value: string;
}

/** nothing written (`key:` with no value); `yaml` reads it as an empty plain scalar */
export interface FastEmpty {
  kind: 'empty';
  offset: number;
}

export interface FastMap {
  kind: 'map';
  offset: number;
  pairs: FastPair[];
}

export interface FastPair {
  key: string;
  keyOffset: number;
  value: FastNode;
}

export interface FastList {
  kind: 'list';
  offset: number;
  items: FastNode[];
}

/** Line index of a text, counted as `yaml`'s LineCounter counts (a line starts after each \n). */
export class FastSource implements SourceFile {
  private lineStarts?: number[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  position(offset: number): SourcePosition {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offset < (starts[mid] as number)) high = mid;
      else low = mid + 1;
    }
    return { file: this.file, line: low, column: offset - (starts[low - 1] as number) + 1 };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export interface FastYaml {
  source: FastSource;
  root: FastNode;
}

/** Raised inside the listener to give up on a file; never leaves this module. */
class Unsupported extends Error {}

interface Frame {
  open: number;
  children: Built[];
}

/**
 * js-yaml's value of a node it composed but found nothing in, when something other than a
 * line end follows: an anchor or tag without a value, or the failed try at one more key that
 * ends a block map. Only the latter is fine, and it is dropped.
 */
const NOT_EMPTY = Symbol('not empty');

interface Built {
  node: FastNode;
  /** js-yaml's value for the node, to recognise a node composed twice */
  result: unknown;
}

/** The file's tree, or undefined when the exact reader has to read it (see the top). */
export function loadFastYaml(text: string, file: string): FastYaml | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const stack: Frame[] = [];
  let current: Frame = { open: 0, children: [] };
  const listener = (event: 'open' | 'close', state: State) => {
    if (event === 'open') {
      stack.push(current);
      current = { open: state.position, children: [] };
      return;
    }
    const built = build(text, current, state.kind as string | null, state.result);
    current = stack.pop() as Frame;
    current.children.push(built);
  };
  try {
    load(text, { schema: FAILSAFE_SCHEMA, listener });
  } catch {
    return undefined;
  }
  const [document] = current.children;
  if (current.children.length !== 1 || document === undefined || document.result === NOT_EMPTY) return undefined;
  return { source: new FastSource(file, text), root: document.node };
}

function build(text: string, frame: Frame, kind: string | null, result: unknown): Built {
  const { children } = frame;
  if (kind === null) {
    if (result !== null) throw new Unsupported();
    const offset = skipBlanks(text, frame.open);
    return { node: { kind: 'empty', offset }, result: endsContent(text.charCodeAt(offset)) ? result : NOT_EMPTY };
  }
  const offset = skipSeparation(text, frame.open);
  const first = text.charCodeAt(offset);
  // anchors, tags and aliases: node properties whose offsets `yaml` places differently
  if (first === 0x26 /* & */ || first === 0x21 /* ! */ || first === 0x2a /* * */) throw new Unsupported();
  if (kind === 'scalar') {
    if (typeof result !== 'string') throw new Unsupported();
    return { node: { kind: 'scalar', offset, value: result }, result };
  }
  if (children.length === 1 && (children[0] as Built).result === result) return children[0] as Built;
  if (kind === 'sequence') {
    // an item left empty is stored without being composed
    if (!Array.isArray(result) || result.length !== children.length) throw new Unsupported();
    return { node: { kind: 'list', offset, items: children.map(usable) }, result };
  }
  if (kind === 'mapping') {
    // a block map ends with a failed try at one more key
    const count = children.length % 2 === 1 && children[children.length - 1]?.node.kind === 'empty' ? children.length - 1 : children.length;
    const pairs: FastPair[] = [];
    for (let i = 0; i + 1 < count; i += 2) {
      const key = usable(children[i] as Built);
      if (key.kind !== 'scalar') throw new Unsupported();
      pairs.push({ key: key.value, keyOffset: key.offset, value: usable(children[i + 1] as Built) });
    }
    if (count % 2 !== 0 || result === null || typeof result !== 'object' || Object.keys(result).length !== pairs.length) {
      throw new Unsupported();
    }
    return { node: { kind: 'map', offset, pairs }, result };
  }
  throw new Unsupported();
}

function usable(built: Built): FastNode {
  if (built.result === NOT_EMPTY) throw new Unsupported();
  return built.node;
}

/** Past spaces and tabs: where `yaml` puts a value that is not written. */
function skipBlanks(text: string, at: number): number {
  let i = at;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09; c = text.charCodeAt(++i));
  return i;
}

/** an empty value is followed by the end of the line, a comment or the end of the file */
function endsContent(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x23 /* # */ || Number.isNaN(c);
}

/** Past whitespace, line breaks and comments: where a written node starts. */
function skipSeparation(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return text.length;
      i = eol;
    } else return i;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** NodeReader over a FastNode tree; keeps the exact reader's offsets. */
export class FastNodeReader extends NodeReader {
  constructor(
    source: FastSource,
    private readonly tree: FastNode,
    errors: ErrorCollector,
  ) {
    super(source, errors);
  }

  get root(): FastNode {
    return this.tree;
  }

  entries(sourceNode: SourceNode | null, field: string, known: ReadonlySet<string> | null): [string, FastNode][] {
    const node = sourceNode as FastNode | null;
    if (node === null || node.kind === 'empty') return [];
    if (node.kind !== 'map') {
      this.fail(node, field, `expected a map, found ${describe(node)}`);
      return [];
    }
    const out: [string, FastNode][] = [];
    for (const { key, keyOffset, value } of node.pairs) {
      const path = fieldPath(field, key);
      if (known && !known.has(key)) {
        this.failAt(keyOffset, path, `unknown field "${key}" (expected one of: ${[...known].join(', ')})`);
        continue;
      }
      this.offsets.set(path, value.offset);
      out.push([key, value]);
    }
    return out;
  }

  items(sourceNode: SourceNode | null, field: string): FastNode[] {
    const node = sourceNode as FastNode | null;
    if (node === null || node.kind === 'empty') return [];
    if (node.kind !== 'list') {
      this.fail(node, field, `expected a list, found ${describe(node)}`);
      return [];
    }
    node.items.forEach((item, i) => this.offsets.set(fieldPath(field, i), item.offset));
    return node.items;
  }

  str(sourceNode: SourceNode | null, field: string, replace: Replace = this.replace): string | undefined {
    const node = sourceNode as FastNode | null;
    if (node === null) return undefined;
    if (node.kind === 'empty') return '';
    if (node.kind !== 'scalar') {
      this.fail(node, field, `expected a string, found ${describe(node)}`);
      return undefined;
    }
    return node.value.includes('${{') ? replace(node.value) : node.value;
  }

  protected offsetOf(node: SourceNode | null | undefined): number {
    return (node as FastNode | null | undefined)?.offset ?? 0;
  }
}

function describe(node: FastNode): string {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'list') return 'a list';
  return `"${node.kind === 'scalar' ? node.value : ''}"`;
}
