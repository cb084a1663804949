/**
 * One `stagecraft` subcommand. Each lives in commands/<name>.ts, parses its own flags with
 * node:util parseArgs, prints for people on stdout/stderr and returns the exit code; the
 * packages hold the logic, so a command stays a thin adapter.
 */
export interface Command {
  /** words after `stagecraft`, e.g. `apk index` is ['apk', 'index'] */
  name: string[];
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
