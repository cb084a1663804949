/**
 * apk dependency strings as recipes write them: `name`, `name>=1.2`, `name~1.26`, `!name`,
 * `name@tag`, `so:libc.so.6`. Parsing never fails: whatever does not match is a bare name.
 */
import type { ConstraintOp, Dependency } from './recipe-summary';

const DEPENDENCY = /^(!)?([^=<>~@\s]+)(?:@([^=<>~\s]+))?(?:(>=|<=|=|<|>|~)(.*))?$/;

export function parseDependency(raw: string): Dependency {
  const text = raw.trim();
  const m = DEPENDENCY.exec(text);
  if (!m) return { raw, name: text };
  const dep: Dependency = { raw, name: m[2] as string };
  if (m[1]) dep.conflict = true;
  if (m[3]) dep.tag = m[3];
  if (m[4] !== undefined) {
    dep.op = m[4] as ConstraintOp;
    dep.version = m[5] as string;
  }
  return dep;
}
