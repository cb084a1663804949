/**
 * `${{name}}` substitution, both of melange's flavours:
 * - parse time (ParseConfiguration): known names are replaced; anything else,
 *   `${{build.arch}}` for instance, is left for compile time. Blanks inside the braces are
 *   accepted here too (wolfi writes `${{ package.full-version }}` in provides);
 * - compile time (Compile): `${{ name }}` with optional blanks, and an unknown name is an error.
 */

/** Anything that looks up a variable by name (a Map does). */
export interface Variables {
  get(name: string): string | undefined;
}

/**
 * Variables of a nested scope (a step's `inputs.*`) over those of its parent, without copying
 * the parent: compiling thousands of steps must not copy a hundred-entry map for each.
 */
export class ScopedVariables implements Variables {
  constructor(
    private readonly parent: Variables,
    private readonly own: ReadonlyMap<string, string>,
  ) {}

  get(name: string): string | undefined {
    const value = this.own.get(name);
    return value !== undefined ? value : this.parent.get(name);
  }
}

/** A name the compile-time substitution does not know. */
export class UndefinedVariableError extends Error {
  constructor(readonly variable: string) {
    super(`variable "\${{${variable}}}" is not defined`);
    this.name = 'UndefinedVariableError';
  }
}

const PARSE_TIME = /\$\{\{\s*([^}\s]*)\s*\}\}/g;
const COMPILE_TIME = /\$\{\{\s*([A-Za-z0-9._-]+)\s*\}\}/g;

/** Replaces the `${{name}}` texts whose name is known and leaves the rest untouched. */
export function substituteKnown(text: string, vars: Variables): string {
  if (!text.includes('${{')) return text;
  return text.replace(PARSE_TIME, (whole, name: string) => vars.get(name) ?? whole);
}

/** Replaces every `${{ name }}`; throws UndefinedVariableError for the first unknown name. */
export function substituteAll(text: string, vars: Variables): string {
  if (!text.includes('${{')) return text;
  return text.replace(COMPILE_TIME, (_whole, name: string) => {
    const value = vars.get(name);
    if (value === undefined) throw new UndefinedVariableError(name);
    return value;
  });
}

/** Every `${{ name }}` in a text, in order (for error messages and checks). */
export function variablesIn(text: string): string[] {
  if (!text.includes('${{')) return [];
  return [...text.matchAll(COMPILE_TIME)].map((m) => m[1] as string);
}
