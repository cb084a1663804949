/**
 * Errors in recipes and pipeline files are values a user can act on: each names the file, the
 * 1-based line and column, and the field path (`subpackages[2].dependencies.runtime[0]`).
 */
import type { SourcePosition } from './recipe-summary';

export class RecipeError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** field path inside the file; empty for errors that belong to no field (YAML syntax) */
  readonly field: string;
  /** what is wrong, without the location prefix */
  readonly detail: string;

  constructor(position: SourcePosition, field: string, detail: string) {
    super(formatRecipeError(position, field, detail));
    this.name = 'RecipeError';
    this.file = position.file;
    this.line = position.line;
    this.column = position.column;
    this.field = field;
    this.detail = detail;
  }

  get position(): SourcePosition {
    return { file: this.file, line: this.line, column: this.column };
  }

  override toString(): string {
    return this.message;
  }
}

/** A YAML syntax error: the file cannot be read as YAML at all. */
export class YamlSyntaxError extends RecipeError {
  constructor(position: SourcePosition, detail: string) {
    super(position, '', detail);
    this.name = 'YamlSyntaxError';
  }
}

/** Every error found in one file (or one recipe and the pipelines it uses), in file order. */
export class RecipeErrors extends Error {
  readonly errors: RecipeError[];

  constructor(errors: RecipeError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'RecipeErrors';
    this.errors = errors;
  }

  override toString(): string {
    return this.message;
  }
}

function formatRecipeError(position: SourcePosition, field: string, detail: string): string {
  const where = `${position.file}:${position.line}:${position.column}`;
  return field ? `${where}: ${field}: ${detail}` : `${where}: ${detail}`;
}

/**
 * Collects errors while a file is read so that one bad field does not hide the next; the
 * same error reported twice (a `range` subpackage read once per item) is kept once.
 */
export class ErrorCollector {
  readonly errors: RecipeError[] = [];
  private readonly seen = new Set<string>();

  add(error: RecipeError): void {
    if (this.seen.has(error.message)) return;
    this.seen.add(error.message);
    this.errors.push(error);
  }

  get size(): number {
    return this.errors.length;
  }

  /** throws every collected error at once, sorted by file and position */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const sorted = [...this.errors].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
    );
    throw new RecipeErrors(sorted);
  }
}
