/**
 * `stagecraft seed lock`: the dependency closure of some Debian packages, per architecture, as a
 * SourceLock. apt chooses the closure (it knows Debian's rules: Pre-Depends, virtuals,
 * alternatives, Multi-Arch); this module asks it, records the answer, and adds the so:/cmd:/pc:
 * names the packages' files offer, so APKs built on the seed can find their dependencies in it.
 */
import type { Arch, LockedArch, LockedPackage, SourceLock } from '@stagecraft/melange-config';
import { fetchVerified, type DownloadCache } from '../store/download-cache';
import { type AptWorkspace } from './apt-workspace';
import { debianArch } from './debian-arch';
import { lockClosure, SeedLockError } from './lock-closure';
import { deriveProvides } from './derive-provides';
import { parseControlStanzas } from './parse-debian-control';
import { readDebContents } from './read-deb-contents';
import { runTool } from './run-tool';

interface ChosenPackage {
  name: string;
  version: string;
  arch: string;
}

/** `Inst libc6 (2.36-9+deb12u14 Debian:12.15/oldstable [arm64]) []` → the name, version and arch */
function parseSimulation(stdout: string): ChosenPackage[] {
  const chosen: ChosenPackage[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^Inst (\S+) \((\S+) .*\[([^\]]+)\]\)/.exec(line);
    if (match) chosen.push({ name: match[1], version: match[2], arch: match[3] });
  }
  return chosen;
}

/**
 * Adds the so:/cmd:/pc: names each package offers. The .debs are fetched (verified) into the
 * download cache, where the builder will find them later.
 */
async function addDerivedProvides(packages: LockedPackage[], baseUrl: string, downloadCache: DownloadCache): Promise<void> {
  const queue = [...packages];
  const worker = async () => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
      const file = await fetchVerified(downloadCache, `${baseUrl.replace(/\/+$/, '')}/${pkg.filename}`, { sha256: pkg.sha256, size: pkg.size });
      pkg.provides = [...new Set([...pkg.provides, ...deriveProvides(await readDebContents(file))])].sort();
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

async function lockArch(apt: AptWorkspace, arch: Arch, names: string[], downloadCache: DownloadCache): Promise<LockedArch> {
  const env = apt.envFor(arch);
  const simulation = await runTool('apt-get', ['install', '--simulate', '-qq', '--no-install-recommends', ...names], env);
  if (simulation.code !== 0 || /^E: /m.test(simulation.stderr)) {
    const errors = simulation.stderr.split('\n').filter((l) => l.startsWith('E: ')).join('\n');
    throw new SeedLockError(`${arch} (Debian ${debianArch(arch)}): apt cannot install ${names.join(' ')}:\n${errors || simulation.stderr.trim()}`);
  }
  const chosen = parseSimulation(simulation.stdout);
  // The private state knows every locked architecture; a package of another one would not run.
  const foreign = chosen.filter((p) => p.arch !== debianArch(arch) && p.arch !== 'all');
  if (foreign.length > 0) {
    throw new SeedLockError(`${arch}: apt chose packages of another architecture: ${foreign.map((p) => `${p.name}:${p.arch}`).join(', ')}`);
  }
  const show = await runTool(
    'apt-cache',
    ['show', '--no-all-versions', ...chosen.map((p) => `${p.name}:${p.arch}=${p.version}`)],
    env,
  );
  if (show.code !== 0) throw new SeedLockError(`${arch}: apt-cache show failed:\n${show.stderr.trim()}`);
  const records = parseControlStanzas(show.stdout);
  if (records.length !== chosen.length) {
    throw new SeedLockError(`${arch}: apt chose ${chosen.length} packages but the archive describes ${records.length} of them`);
  }
  const packages = lockClosure(records);
  await addDerivedProvides(packages, apt.archive.baseUrl, downloadCache);
  return { baseUrl: apt.archive.baseUrl, packages };
}

export async function lockDebianSeed(apt: AptWorkspace, archs: Arch[], names: string[], downloadCache: DownloadCache): Promise<SourceLock> {
  if (names.length === 0) throw new SeedLockError('no Debian package names given to lock');
  const lock: SourceLock = { lockVersion: 1, type: 'debian', requested: [...names].sort(), archs: {} };
  for (const arch of archs) lock.archs[arch] = await lockArch(apt, arch, names, downloadCache);
  return lock;
}
