import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { readIndex, readPackage, readSigningKey, writePackageFile } from '@stagecraft/apk';
import { runCommandLine } from '../run-command-line';
import { commands } from './apk';
import { command as keygen } from './keygen';

const all = [keygen, ...commands];
let dir: string;
let stdout: string;
let stderr: string;

async function run(...argv: string[]): Promise<number> {
  stdout = '';
  stderr = '';
  return runCommandLine(all, argv, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-apk-cli-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function samplePackage(name: string, signingKey?: string): Promise<string> {
  const file = path.join(dir, `${name}-1.0-r0.apk`);
  await writePackageFile(file, {
    info: { name, version: '1.0-r0', arch: 'x86_64', origin: name, description: `the ${name} package`, url: '', commit: '', license: 'MIT', depends: [], provides: [], replaces: [], triggers: [] },
    entries: [{ path: `usr/bin/${name}`, type: 'file', mode: 0o755, uid: 0, gid: 0, content: Buffer.from('#!/bin/sh\n') }],
    sourceDateEpoch: 1700000000,
    ...(signingKey ? { signingKey: readSigningKey(signingKey) } : {}),
  });
  return file;
}

describe('stagecraft keygen / apk keygen', () => {
  test('writes name and name.pub, private key 0600; refuses to overwrite without --force', async () => {
    const key = path.join(dir, 'local-melange.rsa');
    expect(await run('keygen', '--key-size', '2048', key)).toBe(0);
    expect(fs.readFileSync(key, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(fs.readFileSync(`${key}.pub`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(stdout).toContain('public key id local-melange.rsa.pub');
    expect(await run('apk', 'keygen', '--key-size', '2048', key)).toBe(2);
    expect(stderr).toContain('exists; pass --force');
    expect(await run('apk', 'keygen', '--key-size', '1024', '--force', key)).toBe(2);
    expect(stderr).toContain('below the minimum of 2048 bits');
  });
});

describe('stagecraft apk index / verify / info', () => {
  test('index, merge, sign, verify and inspect', async () => {
    const key = path.join(dir, 'k.rsa');
    await run('keygen', '--key-size', '2048', key);
    const a = await samplePackage('alpha', key);
    const b = await samplePackage('beta', key);
    const index = path.join(dir, 'APKINDEX.tar.gz');

    expect(await run('apk', 'index', '-o', index, '--signing-key', key, a)).toBe(0);
    expect(stdout).toContain('1 packages (1 from this run), signed with k.rsa');
    expect(await run('apk', 'index', '-o', index, '--signing-key', key, '-m', '-k', `${key}.pub`, b)).toBe(0);
    expect(readIndex(index).entries.map((e) => e.name)).toEqual(['alpha', 'beta']);

    expect(await run('apk', 'verify', '-k', `${key}.pub`, a, b, index)).toBe(0);
    expect(stdout).toContain(`${a}: OK alpha-1.0-r0, signed by k.rsa.pub`);
    expect(stdout).toContain(`${index}: OK, 2 packages, signed by k.rsa.pub`);

    expect(await run('apk', 'info', '--contents', a)).toBe(0);
    expect(stdout).toContain('name            alpha');
    expect(stdout).toContain(`identity (C:)   ${readPackage(a).identity}`);
    expect(stdout).toContain('0755 0:0        10 usr/bin/alpha');

    expect(await run('apk', 'info', '--json', index)).toBe(0);
    expect(JSON.parse(stdout).entries).toHaveLength(2);
  });

  test('verify fails with the named reason for a tampered or unknown-key file', async () => {
    const key = path.join(dir, 'k.rsa');
    const other = path.join(dir, 'other.rsa');
    await run('keygen', '--key-size', '2048', key);
    await run('keygen', '--key-size', '2048', other);
    const a = await samplePackage('alpha', key);
    expect(await run('apk', 'verify', '-k', `${other}.pub`, a)).toBe(1);
    expect(stderr).toContain('signed by "k.rsa.pub", which is not among the trusted keys (other.rsa.pub)');
    const bytes = fs.readFileSync(a);
    fs.writeFileSync(a, bytes.subarray(0, bytes.length - 10));
    expect(await run('apk', 'verify', '-k', `${key}.pub`, a)).toBe(1);
    expect(stderr).toMatch(/truncated/);
    expect(await run('apk', 'verify')).toBe(2);
  });

  test('an unsigned package passes verify only without keys or with --allow-untrusted', async () => {
    const key = path.join(dir, 'k.rsa');
    await run('keygen', '--key-size', '2048', key);
    const a = await samplePackage('alpha');
    expect(await run('apk', 'verify', a)).toBe(0);
    expect(stdout).toContain('signature not checked');
    expect(await run('apk', 'verify', '-k', `${key}.pub`, a)).toBe(1);
    expect(stderr).toContain('not signed, but a signature is required');
    expect(await run('apk', 'verify', '-k', `${key}.pub`, '--allow-untrusted', a)).toBe(0);
  });
});
