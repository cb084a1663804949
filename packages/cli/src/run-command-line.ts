import { type Command, UsageError } from './command';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Picks the command whose name is the longest prefix of argv, so `apk index` beats `apk`. */
function findCommand(commands: readonly Command[], argv: string[]): Command | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    const matches = c.name.every((word, i) => argv[i] === word);
    if (matches && (!best || c.name.length > best.name.length)) best = c;
  }
  return best;
}

export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.join(' ').length));
  const lines = [...commands]
    .sort((a, b) => a.name.join(' ').localeCompare(b.name.join(' ')))
    .map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`);
  return `usage: stagecraft <command> [flags]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Runs one command line; returns the process exit code. Never throws for user mistakes. */
export async function runCommandLine(commands: readonly Command[], argv: string[], io: Io): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(helpText(commands));
    return argv.length === 0 ? 2 : 0;
  }
  const command = findCommand(commands, argv);
  if (!command) {
    io.err(`stagecraft: unknown command "${argv.join(' ')}"\n\n${helpText(commands)}`);
    return 2;
  }
  const rest = argv.slice(command.name.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`stagecraft ${command.name.join(' ')}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    // Our packages throw named errors whose message is already written for people.
    const message = error instanceof Error ? error.message : String(error);
    io.err(`stagecraft ${command.name.join(' ')}: ${message}\n`);
    return 1;
  }
}
