/**
 * apk dependency strings as they appear in lock files (`libc6>=2.36`, `!foo`, `so:libc.so.6`)
 * and provides entries (`cc=12.2.0`). Recipes arrive already parsed in their summaries.
 */
import type { ConstraintOp, Dependency } from '@stagecraft/melange-config';

const DEPENDENCY = /^(!?)([^<>=~!\s]+)(?:(<=|>=|<|>|=|~)(\S+))?$/;

export function parseDependency(raw: string): Dependency | undefined {
  const m = DEPENDENCY.exec(raw.trim());
  if (!m) return undefined;
  const dependency: Dependency = { raw, name: m[2]! };
  if (m[3]) {
    dependency.op = m[3] as ConstraintOp;
    dependency.version = m[4]!;
  }
  if (m[1]) dependency.conflict = true;
  return dependency;
}
