/**
 * Reads a YAML file into the `yaml` package's node tree and keeps what is needed to point at
 * any node later: the file name and a line index of the text. Scalars are read with the
 * failsafe schema so that `version: 1.10` stays "1.10" (melange decodes into Go strings, which
 * keeps the source text) and no time goes into resolving booleans and numbers we never want.
 */
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { SourcePosition } from './recipe-summary';
import { ErrorCollector, RecipeError, YamlSyntaxError } from './recipe-error';

export class YamlSource {
  constructor(
    readonly file: string,
    readonly text: string,
    private readonly lines: LineCounter,
  ) {}

  position(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }
}

export interface ParsedYaml {
  source: YamlSource;
  doc: Document.Parsed;
}

/** Parses one YAML document; syntax errors go to `errors` with the file and line. */
export function parseYaml(text: string, file: string, errors: ErrorCollector): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, schema: 'failsafe', prettyErrors: false });
  const source = new YamlSource(file, text, lines);
  for (const e of doc.errors) {
    const detail = e.message.split('\n')[0] ?? e.message;
    errors.add(new YamlSyntaxError(source.position(e.pos[0]), `YAML syntax error: ${detail}`));
  }
  return { source, doc };
}

/** `a.b` + `c` → `a.b.c`; `a` + 2 → `a[2]` */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** Replaces parse-time substitutions inside a string read from the file. */
export type Replace = (text: string) => string;

const keepAsIs: Replace = (text) => text;

/**
 * Typed reads over the node tree. Every read checks the node's shape, reports a wrong shape or
 * an unknown key as a RecipeError at the node, and carries on. Offsets are recorded where a
 * map's keys and a list's items are walked, so every field read has one.
 */
export class NodeReader {
  /** field path → offset of its node, for every field read */
  readonly offsets = new Map<string, number>();
  /** applied to every string read from here on (parse-time substitution, once it is known) */
  replace: Replace = keepAsIs;

  constructor(
    readonly source: YamlSource,
    private readonly doc: Document.Parsed,
    readonly errors: ErrorCollector,
  ) {}

  get root(): Node | null {
    return this.resolve(this.doc.contents);
  }

  fail(node: Node | null | undefined, field: string, detail: string): void {
    this.errors.add(new RecipeError(this.source.position(offsetOf(node)), field, detail));
  }

  failAt(offset: number, field: string, detail: string): void {
    this.errors.add(new RecipeError(this.source.position(offset), field, detail));
  }

  positionOf(field: string): SourcePosition {
    return this.source.position(this.offsets.get(field) ?? 0);
  }

  /**
   * The entries of a map, checked against the known keys (melange decodes with KnownFields, so
   * an unknown key is an error there too). `known` null accepts any key.
   */
  entries(node: Node | null, field: string, known: ReadonlySet<string> | null): [string, Node | null][] {
    node = this.resolve(node);
    if (node === null || isEmptyScalar(node)) return [];
    if (!isMap(node)) {
      this.fail(node, field, `expected a map, found ${describe(node)}`);
      return [];
    }
    const out: [string, Node | null][] = [];
    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      const keyNode = this.resolve(pair.key);
      if (keyNode === null || !isScalar(keyNode)) {
        this.fail(keyNode ?? node, field, 'map keys must be plain strings');
        continue;
      }
      const key = String(keyNode.value);
      const path = fieldPath(field, key);
      if (known && !known.has(key)) {
        this.fail(keyNode, path, `unknown field "${key}" (expected one of: ${[...known].join(', ')})`);
        continue;
      }
      this.offsets.set(path, offsetOf(pair.value ?? keyNode));
      out.push([key, this.resolve(pair.value)]);
    }
    return out;
  }

  items(node: Node | null, field: string): (Node | null)[] {
    node = this.resolve(node);
    if (node === null || isEmptyScalar(node)) return [];
    if (!isSeq(node)) {
      this.fail(node, field, `expected a list, found ${describe(node)}`);
      return [];
    }
    const out: (Node | null)[] = [];
    node.items.forEach((item, i) => {
      const resolved = this.resolve(item as Node | null);
      this.offsets.set(fieldPath(field, i), offsetOf(resolved ?? node));
      out.push(resolved);
    });
    return out;
  }

  str(node: Node | null, field: string, replace: Replace = this.replace): string | undefined {
    node = this.resolve(node);
    if (node === null) return undefined;
    if (!isScalar(node)) {
      this.fail(node, field, `expected a string, found ${describe(node)}`);
      return undefined;
    }
    const value = node.value === null || node.value === undefined ? '' : String(node.value);
    return value.includes('${{') ? replace(value) : value;
  }

  strList(node: Node | null, field: string, replace: Replace = this.replace): string[] {
    const out: string[] = [];
    this.items(node, field).forEach((item, i) => {
      const value = this.str(item, fieldPath(field, i), replace);
      if (value !== undefined) out.push(value);
    });
    return out;
  }

  strMap(node: Node | null, field: string, replace: Replace = this.replace): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of this.entries(node, field, null)) {
      out[key] = this.str(value, fieldPath(field, key), replace) ?? '';
    }
    return out;
  }

  bool(node: Node | null, field: string): boolean | undefined {
    const text = this.str(node, field);
    if (text === undefined || text === '') return undefined;
    if (/^(true|True|TRUE)$/.test(text)) return true;
    if (/^(false|False|FALSE)$/.test(text)) return false;
    this.fail(node, field, `expected true or false, found "${text}"`);
    return undefined;
  }

  uint(node: Node | null, field: string): number | undefined {
    const text = this.str(node, field);
    if (text === undefined || text === '') return undefined;
    if (!/^\d+$/.test(text)) {
      this.fail(node, field, `expected a non-negative integer, found "${text}"`);
      return undefined;
    }
    return Number(text);
  }

  private resolve(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node;
  }
}

export function offsetOf(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && (node.value === null || node.value === '') && node.type === 'PLAIN';
}

function describe(node: Node): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return `"${String(node.value)}"`;
  return 'something else';
}

/** Known-key sets, built once. */
export function keys(...names: string[]): ReadonlySet<string> {
  return new Set(names);
}
