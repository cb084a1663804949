/**
 * Names that recipes written for Wolfi/Alpine use for what a Debian package offers. Debian's own
 * Provides never mention them, and without them a stage1 recipe would have to be rewritten in
 * Debian's vocabulary. Kept to names whose meaning is the same on both sides.
 */
const VIRTUALS: Record<string, string[]> = {
  'libc6-dev': ['glibc-dev', 'libc-dev'],
  pkgconf: ['pkgconfig', 'pkg-config'],
  'xz-utils': ['xz'],
  gcc: ['cc'],
};

export function seedVirtualsFor(debianName: string): string[] {
  return VIRTUALS[debianName] ?? [];
}
