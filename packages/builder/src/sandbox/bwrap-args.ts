/**
 * The bubblewrap command line for one build step. Pure, so what the sandbox exposes can be read
 * (and tested) in one place: the read-only root, the writable workspace and cache, fresh
 * /dev /proc /tmp, every namespace unshared (no network), and only the environment given.
 */
export interface SandboxMounts {
  /** assembled root filesystem, mounted read-only at / */
  rootDir: string;
  /** host dir mounted read-write at /home/build */
  workspaceDir: string;
  /** host dir mounted read-write at /var/cache/melange */
  cacheDir?: string;
  /** extra read-only mounts, host path → sandbox path */
  readOnlyBinds?: { source: string; target: string }[];
}

export const SANDBOX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/bin:/usr/sbin:/sbin:/bin';
export const SANDBOX_HOME = '/home/build';

/** Variables every step gets; the caller's env adds to them and may override them. */
export function sandboxEnvironment(env: Record<string, string>): Record<string, string> {
  return { HOME: SANDBOX_HOME, PATH: SANDBOX_PATH, SOURCE_DATE_EPOCH: '0', ...env };
}

export function bwrapArgs(mounts: SandboxMounts, env: Record<string, string>, cwd: string, argv: string[]): string[] {
  const args = [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--hostname', 'stagecraft',
    '--ro-bind', mounts.rootDir, '/',
    '--dev', '/dev',
    '--proc', '/proc',
    '--tmpfs', '/tmp',
    '--bind', mounts.workspaceDir, SANDBOX_HOME,
  ];
  if (mounts.cacheDir) args.push('--bind', mounts.cacheDir, '/var/cache/melange');
  for (const bind of mounts.readOnlyBinds ?? []) args.push('--ro-bind', bind.source, bind.target);
  args.push('--chdir', cwd, '--clearenv');
  for (const [name, value] of Object.entries(sandboxEnvironment(env)).sort(([a], [b]) => a.localeCompare(b))) {
    args.push('--setenv', name, value);
  }
  args.push('--', ...argv);
  return args;
}
