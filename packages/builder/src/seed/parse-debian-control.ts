/**
 * Debian control-file stanzas (`apt-cache show`, Packages files): `Field: value` lines, folded
 * continuation lines starting with a space, stanzas separated by blank lines.
 */
export type ControlStanza = Record<string, string>;

export function parseControlStanzas(text: string): ControlStanza[] {
  const stanzas: ControlStanza[] = [];
  let current: ControlStanza = {};
  let lastField: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (Object.keys(current).length > 0) stanzas.push(current);
      current = {};
      lastField = undefined;
    } else if ((line.startsWith(' ') || line.startsWith('\t')) && lastField) {
      current[lastField] += `\n${line.trim()}`;
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      lastField = line.slice(0, colon);
      current[lastField] = line.slice(colon + 1).trim();
    }
  }
  if (Object.keys(current).length > 0) stanzas.push(current);
  return stanzas;
}

/** One alternative of a Debian relationship: `libc6 (>= 2.34)`, `perl:any`, `awk`. */
export interface DebianRelation {
  name: string;
  /** `:any`, `:native`, `:amd64` qualifier, without the colon */
  archQualifier?: string;
  op?: string;
  version?: string;
}

/** `a | b (>= 1), c` → [[a, b], [c]]; architecture restrictions `[...]` and profiles `<...>` are dropped. */
export function parseRelationships(field: string | undefined): DebianRelation[][] {
  if (!field) return [];
  return field
    .split(',')
    .map((clause) => clause.trim())
    .filter((clause) => clause !== '')
    .map((clause) =>
      clause.split('|').map((alternative) => {
        const cleaned = alternative.replace(/\[[^\]]*\]/g, '').replace(/<[^>]*>/g, '').trim();
        const match = /^([^\s(:]+)(?::(\S+))?\s*(?:\(\s*(<<|<=|=|>=|>>|<|>)\s*([^)\s]+)\s*\))?$/.exec(cleaned);
        if (!match) return { name: cleaned };
        const [, name, archQualifier, op, version] = match;
        return { name, ...(archQualifier ? { archQualifier } : {}), ...(op ? { op, version } : {}) };
      }),
    );
}
