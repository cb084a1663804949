/**
 * Typed reads over a YAML node tree, shared by the two YAML readers (yaml-source.ts, the exact
 * one built on the `yaml` package, and fast-yaml-source.ts, over fast-yaml-parser.ts). The recipe
 * readers (read-recipe-nodes.ts) see nodes only as opaque handles and go through this class.
 */
import type { SourcePosition } from './recipe-summary';
import { ErrorCollector, RecipeError } from './recipe-error';

/**
 * 'fast': fast-yaml-parser.ts, then the exact reader for any file it declines or finds a problem in;
 * 'exact': the `yaml` package only (what 'fast' must always agree with).
 */
export type YamlReader = 'fast' | 'exact';

/** A node of either tree; null is an absent value. Opaque outside the reader that made it. */
export type SourceNode = object;

/** Turns an offset in the file into file:line:column. */
export interface SourceFile {
  readonly file: string;
  position(offset: number): SourcePosition;
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
 * Every read checks the node's shape, reports a wrong shape or an unknown key as a RecipeError
 * at the node, and carries on. Offsets are recorded where a map's keys and a list's items are
 * walked, so every field read has one.
 */
export abstract class NodeReader {
  /** field path → offset of its node, for every field read */
  readonly offsets = new Map<string, number>();
  /** applied to every string read from here on (parse-time substitution, once it is known) */
  replace: Replace = keepAsIs;

  constructor(
    readonly source: SourceFile,
    readonly errors: ErrorCollector,
  ) {}

  abstract get root(): SourceNode | null;

  /**
   * The entries of a map, checked against the known keys (melange decodes with KnownFields, so
   * an unknown key is an error there too). `known` null accepts any key.
   */
  abstract entries(node: SourceNode | null, field: string, known: ReadonlySet<string> | null): [string, SourceNode | null][];

  abstract items(node: SourceNode | null, field: string): (SourceNode | null)[];

  abstract str(node: SourceNode | null, field: string, replace?: Replace): string | undefined;

  /** offset of the node in the file (0 for none) */
  protected abstract offsetOf(node: SourceNode | null | undefined): number;

  fail(node: SourceNode | null | undefined, field: string, detail: string): void {
    this.errors.add(new RecipeError(this.source.position(this.offsetOf(node)), field, detail));
  }

  failAt(offset: number, field: string, detail: string): void {
    this.errors.add(new RecipeError(this.source.position(offset), field, detail));
  }

  positionOf(field: string): SourcePosition {
    return this.source.position(this.offsets.get(field) ?? 0);
  }

  strList(node: SourceNode | null, field: string, replace: Replace = this.replace): string[] {
    const out: string[] = [];
    this.items(node, field).forEach((item, i) => {
      const value = this.str(item, fieldPath(field, i), replace);
      if (value !== undefined) out.push(value);
    });
    return out;
  }

  strMap(node: SourceNode | null, field: string, replace: Replace = this.replace): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of this.entries(node, field, null)) {
      out[key] = this.str(value, fieldPath(field, key), replace) ?? '';
    }
    return out;
  }

  bool(node: SourceNode | null, field: string): boolean | undefined {
    const text = this.str(node, field);
    if (text === undefined || text === '') return undefined;
    if (/^(true|True|TRUE)$/.test(text)) return true;
    if (/^(false|False|FALSE)$/.test(text)) return false;
    this.fail(node, field, `expected true or false, found "${text}"`);
    return undefined;
  }

  uint(node: SourceNode | null, field: string): number | undefined {
    const text = this.str(node, field);
    if (text === undefined || text === '') return undefined;
    if (!/^\d+$/.test(text)) {
      this.fail(node, field, `expected a non-negative integer, found "${text}"`);
      return undefined;
    }
    return Number(text);
  }
}

/** Known-key sets, built once. */
export function keys(...names: string[]): ReadonlySet<string> {
  return new Set(names);
}
