/**
 * The parts of a pkg-config `.pc` file that dependency generation uses: the module names it
 * requires. Version constraints (`glib-2.0 >= 2.50`) are dropped because apk `pc:` depends are
 * unversioned, as in melange.
 */
export interface PkgConfigRequires {
  requires: string[];
}

const REQUIRE_FIELDS = ['requires', 'requires.private', 'requires.internal'];
const OPERATORS = new Set(['=', '<', '>', '<=', '>=', '!=']);

export function parsePkgConfig(text: string): PkgConfigRequires {
  const vars = new Map<string, string>();
  const requires: string[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const varMatch = /^([A-Za-z0-9_.]+)\s*=\s*(.*)$/.exec(line);
    if (varMatch) {
      vars.set(varMatch[1], expand(varMatch[2], vars));
      continue;
    }
    const field = /^([A-Za-z0-9_.]+)\s*:\s*(.*)$/.exec(line);
    if (!field || !REQUIRE_FIELDS.includes(field[1].toLowerCase())) continue;
    requires.push(...moduleNames(expand(field[2], vars)));
  }
  return { requires };
}

function expand(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\{([^}]+)\}/g, (_, name: string) => vars.get(name) ?? '');
}

/** `a >= 1, b c<2` → [a, b, c]: operators and the version after each are skipped. */
function moduleNames(list: string): string[] {
  const tokens = list
    .replace(/(<=|>=|!=|=|<|>)/g, ' $1 ')
    .split(/[\s,]+/)
    .filter(Boolean);
  const names: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (OPERATORS.has(tokens[i])) {
      i++;
      continue;
    }
    names.push(tokens[i]);
  }
  return names;
}
