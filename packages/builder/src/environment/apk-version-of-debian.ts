/**
 * The apk solver orders and constrains versions by apk's rules, which reject most Debian
 * versions (`1:3.8-4`, `2.36-9+deb12u14`). For the solver only, a seed package gets an
 * apk-shaped version: the epoch dropped, the upstream's leading numeric part kept, the Debian
 * revision's leading number as `-r<n>`. Enough for constraints like `gcc>=12`; the plan and the
 * provenance keep the exact Debian version.
 */
export function apkVersionOfDebian(debianVersion: string): string {
  const withoutEpoch = debianVersion.replace(/^\d+:/, '');
  const dash = withoutEpoch.lastIndexOf('-');
  const upstream = dash >= 0 ? withoutEpoch.slice(0, dash) : withoutEpoch;
  const revision = dash >= 0 ? withoutEpoch.slice(dash + 1) : '';
  const numeric = /^\d+(?:\.\d+)*/.exec(upstream)?.[0] ?? '0';
  const release = /^\d+/.exec(revision)?.[0];
  return release !== undefined ? `${numeric}-r${Number(release)}` : numeric;
}
