/**
 * Applies a string replacement to every string inside a plain model object (recipe parts are
 * trees of objects, arrays and strings). `field` properties are paths, not content, and stay.
 * Parts without any `${{` come back as the same objects, so nothing is copied for them.
 */
export function substituteStrings<T>(value: T, replace: (text: string) => string): T {
  return walk(value, replace) as T;
}

function walk(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return value.includes('${{') ? replace(value) : value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const w = walk(v, replace);
      if (w !== v) (out ??= [...value])[i] = w;
    });
    return out ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      if (k === 'field') continue;
      const w = walk(v, replace);
      if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w;
    }
    return out ?? value;
  }
  return value;
}
