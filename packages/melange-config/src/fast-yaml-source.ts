/**
 * The fast YAML reader: the node tree of fast-yaml-parser.ts, which keeps the offset `yaml`
 * gives every value, read through the same NodeReader interface as the exact reader. It serves
 * only the YAML the parser can vouch for; for anything else loadFastYaml returns undefined, and
 * the caller reads the file with the exact reader, whose errors and positions are the ones
 * users see.
 */import type { SourcePosition } from './recipe-summary';
import { ErrorCollector } from './recipe-error';
import { parseFastYaml } from './fast-yaml-parser';
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

/** The file's tree, or undefined when the exact reader has to read it (see the top). */
export function loadFastYaml(text: string, file: string): FastYaml | undefined {
  const root = parseFastYaml(text);
  return root === undefined ? undefined : { source: new FastSource(file, text), root };
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
