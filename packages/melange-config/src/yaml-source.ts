/**
 * The exact YAML reader: the `yaml` package's node tree, whose errors and positions are the
 * ones users see. Scalars are read with the failsafe schema so that `version: 1.10` stays
 * "1.10" (melange decodes into Go strings, which keeps the source text) and no time goes into
 * resolving booleans and numbers we never want.
 */
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { SourcePosition } from './recipe-summary';
import { ErrorCollector, YamlSyntaxError } from './recipe-error';
import { fieldPath, NodeReader } from './node-reader';
import type { Replace, SourceFile, SourceNode } from './node-reader';

/**
 * The `yaml` package, loaded the first time a recipe needs the exact reader: the fast reader
 * handles the rest, and loading `yaml` was 30 ms of every summarising thread's start.
 */
let yamlPackage: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlPackage ??= require('yaml') as typeof import('yaml'));

export class YamlSource implements SourceFile {
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
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, schema: 'failsafe', prettyErrors: false });
  const source = new YamlSource(file, text, lines);
  for (const e of doc.errors) {
    const detail = e.message.split('\n')[0] ?? e.message;
    errors.add(new YamlSyntaxError(source.position(e.pos[0]), `YAML syntax error: ${detail}`));
  }
  return { source, doc };
}

/** NodeReader over the `yaml` package's nodes. */
export class YamlNodeReader extends NodeReader {
  constructor(
    source: YamlSource,
    private readonly doc: Document.Parsed,
    errors: ErrorCollector,
  ) {
    super(source, errors);
  }

  get root(): Node | null {
    return this.resolve(this.doc.contents);
  }

  entries(sourceNode: SourceNode | null, field: string, known: ReadonlySet<string> | null): [string, Node | null][] {
    const node = this.resolve(sourceNode as Node | null);
    if (node === null || isEmptyScalar(node)) return [];
    if (!yaml().isMap(node)) {
      this.fail(node, field, `expected a map, found ${describe(node)}`);
      return [];
    }
    const out: [string, Node | null][] = [];
    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      const keyNode = this.resolve(pair.key);
      if (keyNode === null || !yaml().isScalar(keyNode)) {
        this.fail(keyNode ?? node, field, 'map keys must be plain strings');
        continue;
      }
      const key = String(keyNode.value);
      const path = fieldPath(field, key);
      if (known && !known.has(key)) {
        this.fail(keyNode, path, `unknown field "${key}" (expected one of: ${[...known].join(', ')})`);
        continue;
      }
      this.offsets.set(path, this.offsetOf(pair.value ?? keyNode));
      out.push([key, this.resolve(pair.value)]);
    }
    return out;
  }

  items(sourceNode: SourceNode | null, field: string): (Node | null)[] {
    const node = this.resolve(sourceNode as Node | null);
    if (node === null || isEmptyScalar(node)) return [];
    if (!yaml().isSeq(node)) {
      this.fail(node, field, `expected a list, found ${describe(node)}`);
      return [];
    }
    const out: (Node | null)[] = [];
    node.items.forEach((item, i) => {
      const resolved = this.resolve(item as Node | null);
      this.offsets.set(fieldPath(field, i), this.offsetOf(resolved ?? node));
      out.push(resolved);
    });
    return out;
  }

  str(sourceNode: SourceNode | null, field: string, replace: Replace = this.replace): string | undefined {
    const node = this.resolve(sourceNode as Node | null);
    if (node === null) return undefined;
    if (!yaml().isScalar(node)) {
      this.fail(node, field, `expected a string, found ${describe(node)}`);
      return undefined;
    }
    const value = node.value === null || node.value === undefined ? '' : String(node.value);
    return value.includes('${{') ? replace(value) : value;
  }

  protected offsetOf(node: SourceNode | null | undefined): number {
    return (node as Node | null | undefined)?.range?.[0] ?? 0;
  }

  private resolve(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    if (yaml().isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node;
  }
}

function isEmptyScalar(node: Node): boolean {
  return yaml().isScalar(node) && (node.value === null || node.value === '') && node.type === 'PLAIN';
}

function describe(node: Node): string {
  if (yaml().isMap(node)) return 'a map';
  if (yaml().isSeq(node)) return 'a list';
  if (yaml().isScalar(node)) return `"${String(node.value)}"`;
  return 'something else';
}
