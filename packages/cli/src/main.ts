#!/usr/bin/env node
import { runCommandLine } from './run-command-line';
import { commands } from './registry';

runCommandLine(commands, process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug in stagecraft itself reaches here: show everything.
    console.error(error);
    process.exitCode = 70;
  },
);
