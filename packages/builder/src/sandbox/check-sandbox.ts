/**
 * Whether this host can run a build for an architecture: bubblewrap present and allowed to make
 * namespaces, and, for a foreign architecture, a qemu-user binfmt_misc handler with the F flag
 * (the interpreter is opened at registration, so it need not exist inside the build root).
 * Problems come back as values with the exact commands that fix them; a build never falls back
 * to running on the host.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Arch } from '@stagecraft/melange-config';
import { hostArch } from './host-arch';

export class SandboxUnavailableError extends Error {
  override name = 'SandboxUnavailableError';
  constructor(
    readonly problem: string,
    /** commands (for root) that fix it */
    readonly remedy: string[],
  ) {
    super(`${problem}\nto fix, run as root:\n${remedy.map((c) => `  ${c}`).join('\n')}`);
  }
}

export interface SandboxHost {
  /** bwrap binary to use; default `bwrap` from PATH */
  bwrap?: string;
  /** where binfmt_misc is mounted; default /proc/sys/fs/binfmt_misc */
  binfmtDir?: string;
}

const SETUP = 'bash tools/setup-host.sh   # from the stagecraft checkout';

function checkBwrap(bwrap: string): SandboxUnavailableError | undefined {
  const version = spawnSync(bwrap, ['--version'], { encoding: 'utf8' });
  if (version.error) {
    return new SandboxUnavailableError(`bubblewrap (${bwrap}) is not installed: builds run only inside its sandbox`, [
      'apt-get install bubblewrap',
      SETUP,
    ]);
  }
  const trial = spawnSync(bwrap, ['--ro-bind', '/', '/', '--unshare-all', '--die-with-parent', 'true'], { encoding: 'utf8' });
  if (trial.status !== 0) {
    return new SandboxUnavailableError(
      `bubblewrap is installed but cannot create a sandbox here: ${(trial.stderr || `exit ${trial.status}`).trim()}`,
      ['sysctl -w kernel.unprivileged_userns_clone=1', 'sysctl -w user.max_user_namespaces=15000', SETUP],
    );
  }
  return undefined;
}

function checkBinfmt(arch: Arch, binfmtDir: string): SandboxUnavailableError | undefined {
  const entry = join(binfmtDir, `qemu-${arch}`);
  let text: string;
  try {
    text = readFileSync(entry, 'utf8');
  } catch {
    return new SandboxUnavailableError(
      `${arch} builds need qemu-user through binfmt_misc, and ${entry} is not registered on this host`,
      [
        'apt-get install qemu-user-static',
        ...(readable(join(binfmtDir, 'register')) ? [] : [`mount -t binfmt_misc binfmt_misc ${binfmtDir}`]),
        `echo ':qemu-${arch}:M::<magic>:<mask>:/usr/bin/qemu-${arch}-static:F' > ${binfmtDir}/register   # magic/mask: see tools/setup-host.sh`,
        SETUP,
      ],
    );
  }
  if (!/^enabled$/m.test(text)) {
    return new SandboxUnavailableError(`the binfmt_misc handler ${entry} is disabled`, [`echo 1 > ${entry}`]);
  }
  const flags = /^flags: *(\S*)/m.exec(text)?.[1] ?? '';
  if (!flags.includes('F')) {
    return new SandboxUnavailableError(
      `the binfmt_misc handler ${entry} lacks the F (fix-binary) flag, so qemu would have to exist inside the build root`,
      [`echo -1 > ${entry}`, SETUP],
    );
  }
  return undefined;
}

function readable(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch (error) {
    // The register file is write-only; EACCES or EINVAL still proves binfmt_misc is mounted.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Returns why a build for `arch` cannot run here, or undefined when it can. */
export function checkSandbox(arch: Arch, host: SandboxHost = {}): SandboxUnavailableError | undefined {
  const problem = checkBwrap(host.bwrap ?? 'bwrap');
  if (problem) return problem;
  if (arch === hostArch()) return undefined;
  return checkBinfmt(arch, host.binfmtDir ?? '/proc/sys/fs/binfmt_misc');
}
