import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { generateKeyPair, writeFileAtomic } from '@stagecraft/apk';
import { type Command, UsageError } from '../command';

const USAGE = [
  'usage: stagecraft keygen [--key-size 4096] [--force] [name]',
  '',
  '  Writes an RSA signing key as melange does: <name> (PKCS#1 PEM, mode 0600) and <name>.pub',
  '  (PKIX PEM). The name defaults to melange.rsa; the .pub file name is the key id apk looks',
  '  up in /etc/apk/keys, so install it there under that name.',
].join('\n');

async function keygen(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'key-size': { type: 'string', default: '4096' }, force: { type: 'boolean', default: false } },
  });
  if (positionals.length > 1) throw new UsageError('give at most one key name');
  const file = positionals[0] ?? 'melange.rsa';
  const bits = Number(values['key-size']);
  if (!Number.isInteger(bits)) throw new UsageError(`--key-size "${values['key-size']}" is not a number of bits`);
  if (bits < 2048) throw new UsageError(`--key-size ${bits} is below the minimum of 2048 bits`);
  if (!values.force) {
    for (const f of [file, `${file}.pub`]) if (existsSync(f)) throw new UsageError(`${f} exists; pass --force to replace it`);
  }
  const pair = generateKeyPair(basename(file), bits);
  await writeFileAtomic(file, pair.privateKeyPem, 0o600);
  await writeFileAtomic(`${file}.pub`, pair.publicKeyPem, 0o644);
  process.stdout.write(`wrote ${file} (private, ${bits} bits) and ${file}.pub (public key id ${pair.publicName})\n`);
  return 0;
}

/** `stagecraft keygen`, the command melange users expect. */
export const command: Command = {
  name: ['keygen'],
  summary: 'generate an RSA key pair for signing packages and indexes (melange keygen)',
  usage: USAGE,
  run: keygen,
};
