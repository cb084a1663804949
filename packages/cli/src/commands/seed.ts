import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { lockDebianSeed, openDownloadCache, prepareAptWorkspace, writeSeedLock } from '@stagecraft/builder';
import { ARCHS, type Arch } from '@stagecraft/melange-config';
import { type Command, UsageError } from '../command';

const ARCH_ALIASES: Record<string, Arch> = { x86_64: 'x86_64', amd64: 'x86_64', aarch64: 'aarch64', arm64: 'aarch64' };

function parseArchs(value: string): Arch[] {
  const archs = value.split(',').map((word) => {
    const arch = ARCH_ALIASES[word.trim()];
    if (!arch) throw new UsageError(`unknown architecture "${word}" (known: ${Object.keys(ARCH_ALIASES).join(', ')})`);
    return arch;
  });
  return [...new Set(archs)];
}

export const seedLockCommand: Command = {
  name: ['seed', 'lock'],
  summary: 'pin the closure of some Debian packages (per architecture) into a seed lock file',
  usage: [
    'usage: stagecraft seed lock [--arch x86_64,aarch64] [--out seeds/debian.lock.json] [--cache-dir DIR] <debian package>...',
    '',
    '  Resolves the packages and all their dependencies through apt, in a private apt state',
    '  (independent of the host), and writes name, version, sha256, size and file of each, with',
    '  the so:/cmd:/pc: names their files offer. The .debs are downloaded (verified) into the',
    '  download cache under --cache-dir (default ~/.cache/stagecraft), where builds find them.',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        arch: { type: 'string', default: ARCHS.join(',') },
        out: { type: 'string', default: 'seeds/debian.lock.json' },
        'cache-dir': { type: 'string', default: join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'stagecraft') },
      },
    });
    if (positionals.length === 0) throw new UsageError('name at least one Debian package');
    const archs = parseArchs(values.arch);
    const aptDir = await mkdtemp(join(tmpdir(), 'stagecraft-apt-'));
    try {
      const apt = await prepareAptWorkspace(aptDir, archs);
      const lock = await lockDebianSeed(apt, archs, positionals, openDownloadCache(join(values['cache-dir'], 'downloads')));
      await writeSeedLock(values.out, lock);
      for (const arch of archs) {
        const packages = lock.archs[arch]?.packages ?? [];
        const bytes = packages.reduce((sum, p) => sum + p.size, 0);
        process.stdout.write(`${arch}: ${packages.length} packages, ${(bytes / 1e6).toFixed(1)} MB\n`);
      }
      process.stdout.write(`wrote ${values.out}\n`);
      return 0;
    } finally {
      await rm(aptDir, { recursive: true, force: true });
    }
  },
};
