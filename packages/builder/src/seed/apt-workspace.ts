/**
 * A private apt state (sources, package lists, an empty dpkg status) so that locking a seed
 * depends only on the archive, never on what the host happens to have installed or configured.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Arch } from '@stagecraft/melange-config';
import { debianArch } from './debian-arch';
import { runTool } from './run-tool';
import { SeedLockError } from './lock-closure';

export interface DebianArchive {
  /** e.g. `http://deb.debian.org/debian` */
  baseUrl: string;
  suite: string;
  components: string[];
  /** OpenPGP keyring that signs the suite's Release file */
  keyring: string;
}

export const DEFAULT_DEBIAN_ARCHIVE: DebianArchive = {
  baseUrl: 'http://deb.debian.org/debian',
  suite: 'bookworm',
  components: ['main'],
  keyring: '/usr/share/keyrings/debian-archive-keyring.gpg',
};

export interface AptWorkspace {
  dir: string;
  archive: DebianArchive;
  /** environment for apt-get/apt-cache run as if `arch` were the native architecture */
  envFor(arch: Arch): NodeJS.ProcessEnv;
}

function aptConfig(dir: string, nativeArch: string, allArchs: string[]): string {
  return [
    `Dir::Etc "${dir}/etc";`,
    `Dir::Etc::SourceList "${dir}/etc/sources.list";`,
    `Dir::Etc::SourceParts "${dir}/etc/sources.list.d";`,
    `Dir::Etc::Parts "${dir}/etc/apt.conf.d";`,
    `Dir::Etc::Preferences "${dir}/etc/preferences";`,
    `Dir::Etc::PreferencesParts "${dir}/etc/preferences.d";`,
    `Dir::State "${dir}/state";`,
    `Dir::State::status "${dir}/status";`,
    // One cache per native arch: apt's binary cache bakes the native architecture in.
    `Dir::Cache "${dir}/cache-${nativeArch}";`,
    `APT::Architecture "${nativeArch}";`,
    `APT::Architectures { ${allArchs.map((a) => `"${a}";`).join(' ')} };`,
    'APT::Install-Recommends "false";',
    'APT::Install-Suggests "false";',
    'Acquire::Languages "none";',
    // As root, apt downloads as the _apt user, who cannot reach a state dir inside a private
    // (0700) temp dir; the archive's signature check does not depend on that user.
    ...(process.getuid?.() === 0 ? ['APT::Sandbox::User "root";'] : []),
    '',
  ].join('\n');
}

/** Creates the private state under `dir` and downloads the archive's package lists into it. */
export async function prepareAptWorkspace(dir: string, archs: Arch[], archive: DebianArchive = DEFAULT_DEBIAN_ARCHIVE): Promise<AptWorkspace> {
  const debArchs = archs.map(debianArch);
  for (const sub of ['etc/apt.conf.d', 'etc/preferences.d', 'etc/sources.list.d', 'state/lists/partial']) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  for (const a of debArchs) await mkdir(join(dir, `cache-${a}`, 'archives', 'partial'), { recursive: true });
  await writeFile(join(dir, 'status'), '');
  await writeFile(
    join(dir, 'etc/sources.list'),
    `deb [arch=${debArchs.join(',')} signed-by=${archive.keyring}] ${archive.baseUrl} ${archive.suite} ${archive.components.join(' ')}\n`,
  );
  for (const a of debArchs) await writeFile(join(dir, `apt-${a}.conf`), aptConfig(dir, a, debArchs));

  const envFor = (arch: Arch): NodeJS.ProcessEnv => ({ ...process.env, APT_CONFIG: join(dir, `apt-${debianArch(arch)}.conf`), LC_ALL: 'C' });
  const update = await runTool('apt-get', ['update', '-qq'], envFor(archs[0]));
  if (update.code !== 0 || /^(E|W): /m.test(update.stderr)) {
    throw new SeedLockError(`apt-get update of ${archive.baseUrl} ${archive.suite} failed:\n${update.stderr.trim()}`);
  }
  return { dir, archive, envFor };
}
