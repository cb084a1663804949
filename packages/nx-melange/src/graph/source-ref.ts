/**
 * A stage's source as written in the options: `self`, another stage's name, `seed:<name>` or
 * `published:<name>`. The written form is also the source's identity everywhere else (lock
 * tables, explanations), so it is kept as a string and parsed where the kind matters.
 */
export type SourceKind = 'self' | 'stage' | 'seed' | 'published';

export interface SourceRef {
  /** as written: `self`, `stage1`, `seed:debian`, `published:wolfi` */
  ref: string;
  kind: SourceKind;
  /** stage name or outside source name; `self` for self */
  name: string;
}

/** For refs the options already checked; throws on a `prefix:` that is neither seed nor published. */
export function parseSourceRef(ref: string): SourceRef {
  const source = tryParseSourceRef(ref);
  if (!source) throw new Error(`"${ref}" is not a source ref (self, a stage name, seed:<name>, published:<name>)`);
  return source;
}

/** undefined for a `prefix:name` whose prefix is neither `seed` nor `published`. */
export function tryParseSourceRef(ref: string): SourceRef | undefined {
  if (ref === 'self') return { ref, kind: 'self', name: 'self' };
  const colon = ref.indexOf(':');
  if (colon < 0) return { ref, kind: 'stage', name: ref };
  const prefix = ref.slice(0, colon);
  const name = ref.slice(colon + 1);
  if (prefix === 'seed') return { ref, kind: 'seed', name };
  if (prefix === 'published') return { ref, kind: 'published', name };
  return undefined;
}
