import type { Arch } from '@stagecraft/melange-config';

/** The architecture the host's own binaries are built for, in our naming. */
export function hostArch(): Arch | undefined {
  if (process.arch === 'x64') return 'x86_64';
  if (process.arch === 'arm64') return 'aarch64';
  return undefined;
}
