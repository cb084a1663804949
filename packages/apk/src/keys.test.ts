import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { testKey } from './__fixtures__/sample';
import { KeyError } from './errors';
import { generateKeyPair, publicKeyOf, readSigningKey, readTrustedKeys } from './keys';
import { parseSignatureName, signatureEntryName } from './signature';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('keys', () => {
  test('generated keys are PKCS#1 private and PKIX public PEM, named name and name.pub', () => {
    const k = testKey('melange.rsa');
    expect(k.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(k.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(k.publicName).toBe('melange.rsa.pub');
    expect(crypto.createPrivateKey(k.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(publicKeyOf(k)).toEqual({ name: 'melange.rsa.pub', pem: k.publicKeyPem });
  });

  test('keys below 2048 bits are refused', () => {
    expect(() => generateKeyPair('x.rsa', 1024)).toThrow(KeyError);
  });

  test('read back from files; a keyring directory takes every .pub file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apk-keys-'));
    dirs.push(dir);
    const k = testKey('local-melange.rsa');
    fs.writeFileSync(path.join(dir, 'local-melange.rsa'), k.privateKeyPem);
    fs.writeFileSync(path.join(dir, 'local-melange.rsa.pub'), k.publicKeyPem);
    fs.writeFileSync(path.join(dir, 'README'), 'not a key');
    expect(readSigningKey(path.join(dir, 'local-melange.rsa'))).toEqual({ name: 'local-melange.rsa', privateKeyPem: k.privateKeyPem });
    expect([...readTrustedKeys(dir).entries()]).toEqual([['local-melange.rsa.pub', k.publicKeyPem]]);
    expect([...readTrustedKeys([path.join(dir, 'local-melange.rsa.pub')]).keys()]).toEqual(['local-melange.rsa.pub']);
  });

  test('unreadable or wrong key files name the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apk-keys-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'bad.rsa'), 'hello');
    fs.writeFileSync(path.join(dir, 'bad.rsa.pub'), 'hello');
    expect(() => readSigningKey(path.join(dir, 'bad.rsa'))).toThrow(KeyError);
    expect(() => readSigningKey(path.join(dir, 'bad.rsa'))).toThrow(`${path.join(dir, 'bad.rsa')}: not a PEM private key`);
    expect(() => readSigningKey(path.join(dir, 'missing.rsa'))).toThrow(/cannot read signing key/);
    expect(() => readTrustedKeys(dir)).toThrow(/"bad.rsa.pub" is not a PEM RSA public key/);
  });

  test('signature entry names', () => {
    expect(signatureEntryName({ name: 'melange.rsa', privateKeyPem: '' })).toBe('.SIGN.RSA256.melange.rsa.pub');
    expect(parseSignatureName('.SIGN.RSA.alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub')).toEqual({
      algorithm: 'RSA',
      keyName: 'alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub',
    });
    expect(parseSignatureName('.SIGN.RSA512.k.rsa.pub')?.algorithm).toBe('RSA512');
    expect(parseSignatureName('.PKGINFO')).toBeUndefined();
  });
});
