import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { checkSandbox, SandboxUnavailableError } from './check-sandbox';
import { hostArch } from './host-arch';

const foreign = hostArch() === 'aarch64' ? 'x86_64' : 'aarch64';

describe('checkSandbox', () => {
  it('says how to install bubblewrap when it is missing', () => {
    const problem = checkSandbox('x86_64', { bwrap: '/nonexistent/bwrap' });
    expect(problem).toBeInstanceOf(SandboxUnavailableError);
    expect(problem?.message).toContain('bubblewrap (/nonexistent/bwrap) is not installed');
    expect(problem?.remedy).toContain('apt-get install bubblewrap');
  });

  it('names the handler and the commands when a foreign arch has no binfmt_misc handler', () => {
    const binfmtDir = tempDir('binfmt');
    const problem = checkSandbox(foreign, { binfmtDir });
    expect(problem?.message).toContain(`${foreign} builds need qemu-user through binfmt_misc, and ${binfmtDir}/qemu-${foreign} is not registered`);
    expect(problem?.remedy).toEqual([
      'apt-get install qemu-user-static',
      `mount -t binfmt_misc binfmt_misc ${binfmtDir}`,
      `echo ':qemu-${foreign}:M::<magic>:<mask>:/usr/bin/qemu-${foreign}-static:F' > ${binfmtDir}/register   # magic/mask: see tools/setup-host.sh`,
      'bash tools/setup-host.sh   # from the stagecraft checkout',
    ]);
  });

  it('refuses a handler without the F flag, since qemu is not inside the root', async () => {
    const binfmtDir = tempDir('binfmt');
    await writeFile(join(binfmtDir, 'register'), '');
    await writeFile(join(binfmtDir, `qemu-${foreign}`), `enabled\ninterpreter /usr/bin/qemu-${foreign}\nflags: OC\n`);
    expect(checkSandbox(foreign, { binfmtDir })?.message).toContain('lacks the F (fix-binary) flag');
  });

  it('accepts this host for its own architecture and, after tools/setup-host.sh, for the foreign one', () => {
    expect(checkSandbox(hostArch() ?? 'x86_64')).toBeUndefined();
    expect(checkSandbox(foreign)).toBeUndefined();
  });
});
