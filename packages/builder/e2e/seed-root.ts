/**
 * Shared by the environment and sandbox e2e suites: the workspace's Debian seed lock and a
 * machine-wide cache (downloads and store), so the seed's .debs are fetched once per machine,
 * not once per test run.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Arch, SourceLock } from '@stagecraft/melange-config';

export const workspaceRoot = join(__dirname, '../../..');
export const cacheDir = process.env.STAGECRAFT_CACHE_DIR ?? join(homedir(), '.cache', 'stagecraft');

export function debianSeedLock(): SourceLock {
  return JSON.parse(readFileSync(join(workspaceRoot, 'seeds/debian.lock.json'), 'utf8')) as SourceLock;
}

/** What a C build needs from the seed: the toolchain and a shell. */
export const TOOLCHAIN: string[] = ['gcc', 'libc6-dev', 'make', 'binutils', 'dash', 'bash', 'coreutils'];

export const ARCH_MACHINE: Record<Arch, number> = { x86_64: 62, aarch64: 183 };
