import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type IndexEntry,
  type TrustedKeys,
  indexEntryFromPackage,
  mergeIndex,
  readIndex,
  readSigningKey,
  readTrustedKeys,
  verifyPackage,
  writeIndexFile,
} from '@stagecraft/apk';
import { type Command, UsageError } from '../command';
import { command as keygenCommand } from './keygen';

const out = (s: string) => process.stdout.write(s);

function keyring(values: { 'keyring-append'?: string[]; 'keys-dir'?: string }): TrustedKeys | undefined {
  const keys = new Map<string, string>();
  if (values['keys-dir']) for (const [k, v] of readTrustedKeys(values['keys-dir'])) keys.set(k, v);
  if (values['keyring-append']?.length) for (const [k, v] of readTrustedKeys(values['keyring-append'])) keys.set(k, v);
  return keys.size > 0 ? keys : undefined;
}

const isIndex = (file: string) => /APKINDEX(\.tar\.gz)?$/.test(file) || file.endsWith('.tar.gz');

const indexCommand: Command = {
  name: ['apk', 'index'],
  summary: 'write an APKINDEX.tar.gz for .apk files, optionally merged into an existing index and signed',
  usage: [
    'usage: stagecraft apk index [-o APKINDEX.tar.gz] [--signing-key key.rsa] [-m] [-s old-index] [-a arch] [-d text] <file.apk>...',
    '',
    '  -o, --output        index to write (default APKINDEX.tar.gz), replaced atomically',
    '  -m, --merge         keep the entries of the source index; same name+version is replaced in place',
    '  -s, --source        index to merge into (default: the output file)',
    '  -a, --arch          only index packages of this architecture',
    '  -d, --description   repository description',
    '      --signing-key   sign the index with this RSA key',
    '      --keyring-append / --keys-dir  verify the source index with these public keys',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o', default: 'APKINDEX.tar.gz' },
        'signing-key': { type: 'string' },
        merge: { type: 'boolean', short: 'm', default: false },
        source: { type: 'string', short: 's' },
        arch: { type: 'string', short: 'a' },
        description: { type: 'string', short: 'd' },
        'keyring-append': { type: 'string', short: 'k', multiple: true },
        'keys-dir': { type: 'string' },
      },
    });
    if (positionals.length === 0 && !values.merge) throw new UsageError('name at least one .apk file');
    const signingKey = values['signing-key'] ? readSigningKey(values['signing-key']) : undefined;
    const fresh: IndexEntry[] = [];
    for (const file of positionals) {
      const entry = indexEntryFromPackage(file);
      if (values.arch && entry.arch !== values.arch) {
        process.stderr.write(`skipping ${file}: arch ${entry.arch} is not ${values.arch}\n`);
        continue;
      }
      fresh.push(entry);
    }
    let entries = fresh;
    let description = values.description;
    if (values.merge) {
      const source = values.source ?? values.output;
      if (existsSync(source)) {
        const trustedKeys = keyring(values);
        const old = readIndex(source, trustedKeys ? { trustedKeys } : {});
        entries = mergeIndex(old.entries, fresh);
        description ??= old.description;
      } else if (values.source) {
        throw new UsageError(`source index ${values.source} does not exist`);
      }
    }
    await writeIndexFile(values.output, entries, { ...(signingKey ? { signingKey } : {}), ...(description !== undefined ? { description } : {}) });
    out(`wrote ${values.output}: ${entries.length} packages (${fresh.length} from this run)${signingKey ? `, signed with ${signingKey.name}` : ', unsigned'}\n`);
    return 0;
  },
};

const verifyCommand: Command = {
  name: ['apk', 'verify'],
  summary: 'verify .apk files and APKINDEX.tar.gz files: signatures, datahash, file checksums',
  usage: [
    'usage: stagecraft apk verify [-k key.rsa.pub]... [--keys-dir /etc/apk/keys] [--allow-untrusted] <file>...',
    '',
    '  Checks what apk checks before installing: a signature by a trusted key over the control',
    '  member (or the whole index), the datahash of the data, and every file checksum. Without',
    '  keys, or with --allow-untrusted, an unsigned or unknown-key file passes the other checks.',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'keyring-append': { type: 'string', short: 'k', multiple: true },
        'keys-dir': { type: 'string' },
        'allow-untrusted': { type: 'boolean', default: false },
      },
    });
    if (positionals.length === 0) throw new UsageError('name at least one file to verify');
    const trustedKeys = keyring(values);
    const opts = { ...(trustedKeys ? { trustedKeys } : {}), requireSignature: trustedKeys !== undefined && !values['allow-untrusted'] };
    let failed = 0;
    for (const file of positionals) {
      try {
        if (isIndex(file)) {
          const idx = readIndex(file, opts);
          const by = idx.signatures.find((s) => s.verified);
          out(`${file}: OK, ${idx.entries.length} packages, ${by ? `signed by ${by.keyName}` : 'signature not checked'}\n`);
        } else {
          const pkg = verifyPackage(file, opts);
          const by = pkg.signatures.find((s) => s.verified);
          out(`${file}: OK ${pkg.info.name}-${pkg.info.version}, ${by ? `signed by ${by.keyName}` : 'signature not checked'}\n`);
        }
      } catch (e) {
        failed++;
        process.stderr.write(`${(e as Error).message}\n`);
      }
    }
    return failed === 0 ? 0 : 1;
  },
};

const infoCommand: Command = {
  name: ['apk', 'info'],
  summary: 'print the metadata of an .apk (or the records of an APKINDEX.tar.gz)',
  usage: [
    'usage: stagecraft apk info [--contents] [--json] <file.apk | APKINDEX.tar.gz>',
    '',
    '  --contents  also list the files of a package',
    '  --json      machine-readable output',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { contents: { type: 'boolean', short: 'L', default: false }, json: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError('name exactly one file');
    const file = positionals[0]!;
    if (isIndex(file)) {
      const idx = readIndex(file, { requireSignature: false });
      if (values.json) out(JSON.stringify({ description: idx.description, signatures: idx.signatures, entries: idx.entries }, null, 2) + '\n');
      else for (const e of idx.entries) out(`${e.name}-${e.version} ${e.arch} ${e.checksum} ${e.size} bytes\n`);
      return 0;
    }
    const pkg = verifyPackage(file, { requireSignature: false });
    const files = pkg.dataEntries.map((e) => ({ path: e.path, type: e.type, mode: e.mode.toString(8), uid: e.uid, gid: e.gid, size: e.size, ...(e.linkTarget ? { target: e.linkTarget } : {}) }));
    if (values.json) {
      out(JSON.stringify({ info: pkg.info, identity: pkg.identity, fileSize: pkg.fileSize, signatures: pkg.signatures, controlFiles: pkg.controlFiles.map((c) => c.name), ...(values.contents ? { files } : {}) }, null, 2) + '\n');
      return 0;
    }
    const i = pkg.info;
    const rows: [string, string][] = [
      ['name', i.name],
      ['version', i.version],
      ['arch', i.arch],
      ['description', i.description],
      ['url', i.url],
      ['license', i.license],
      ['origin', i.origin],
      ['commit', i.commit],
      ['maintainer', i.maintainer ?? ''],
      ['build date', i.builddate ? new Date(i.builddate * 1000).toISOString() : ''],
      ['installed size', String(i.size)],
      ['file size', String(pkg.fileSize)],
      ['identity (C:)', pkg.identity],
      ['datahash', i.datahash ?? '(none: legacy package)'],
      ['depends', i.depends.join(' ')],
      ['provides', i.provides.join(' ')],
      ['replaces', i.replaces.join(' ')],
      ['triggers', i.triggers.join(' ')],
      ['control files', pkg.controlFiles.map((c) => c.name).join(' ')],
      ['signatures', pkg.signatures.map((s) => `${s.algorithm} ${s.keyName}`).join(', ') || '(unsigned)'],
    ];
    for (const [k, v] of rows) if (v !== '') out(`${k.padEnd(15)} ${v}\n`);
    if (values.contents) for (const f of files) out(`${f.mode.padStart(4, '0')} ${f.uid}:${f.gid} ${String(f.size).padStart(9)} ${f.path}${f.target ? ` -> ${f.target}` : ''}\n`);
    return 0;
  },
};

/** `stagecraft apk keygen | index | verify | info` */
export const commands: Command[] = [{ ...keygenCommand, name: ['apk', 'keygen'] }, indexCommand, verifyCommand, infoCommand];
