import type { Command } from './command';
import { commands as apkCommands } from './commands/apk';
import { buildCommand } from './commands/build';
import { command as keygenCommand } from './commands/keygen';
import { seedLockCommand } from './commands/seed';
import { command as whyCommand } from './commands/why';

export const commands: readonly Command[] = [keygenCommand, ...apkCommands, buildCommand, seedLockCommand, whyCommand];
