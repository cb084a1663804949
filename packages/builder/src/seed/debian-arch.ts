import type { Arch } from '@stagecraft/melange-config';

/** Debian calls the architectures by other names; the lock and the builder use ours. */
const DEBIAN_ARCH: Record<Arch, string> = { x86_64: 'amd64', aarch64: 'arm64' };

export function debianArch(arch: Arch): string {
  return DEBIAN_ARCH[arch];
}
