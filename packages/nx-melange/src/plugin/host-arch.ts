import type { Arch } from '@stagecraft/melange-config';

/** The melange architecture name of the machine Nx runs on; the default `arch` of every build. */
export function hostArch(nodeArch: string = process.arch): Arch {
  if (nodeArch === 'x64') return 'x86_64';
  if (nodeArch === 'arm64') return 'aarch64';
  throw new Error(
    `stagecraft builds for x86_64 and aarch64 only; this host is "${nodeArch}" — pass -c x86_64 or -c aarch64`,
  );
}
