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
  if (value === null || typeof value !== 'object') return value;
  // plain loops: this runs over every recipe and every range item at each cold `nx` start
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const w = walk(v, replace);
      if (w !== v) (out ??= value.slice())[i] = w;
    }
    return out ?? value;
  }
  const object = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in object) {
    if (k === 'field') continue;
    const v = object[k];
    const w = walk(v, replace);
    if (w !== v) (out ??= { ...object })[k] = w;
  }
  return out ?? value;
}
