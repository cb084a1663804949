/**
 * RSA signing keys the way melange and apk name them: the private key file `name.rsa` (PKCS#1
 * PEM), the public key `name.rsa.pub` (PKIX PEM). The public file's *name* is the key id: apk
 * opens `/etc/apk/keys/<name after .SIGN.ALG.>`.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KeyError } from './errors';

export interface SigningKey {
  /** the private key's file name, e.g. `melange.rsa`; signatures name `<name>.pub` */
  name: string;
  privateKeyPem: string;
}

/** public key file name (`foo.rsa.pub`) → PEM */
export type TrustedKeys = ReadonlyMap<string, string>;

export interface KeyPair extends SigningKey {
  /** `<name>.pub` */
  publicName: string;
  publicKeyPem: string;
}

/** melange keygen: 4096 bits by default, 2048 at least. */
export function generateKeyPair(name = 'melange.rsa', bits = 4096): KeyPair {
  if (bits < 2048) throw new KeyError(`key size ${bits} is below the minimum of 2048 bits`);
  if (name.includes('/') || name === '') throw new KeyError(`key name "${name}" must be a plain file name`);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicExponent: 65537,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { name, privateKeyPem: privateKey, publicName: `${name}.pub`, publicKeyPem: publicKey };
}

/** The public half of a signing key, as the keyring entry apk would need. */
export function publicKeyOf(key: SigningKey): { name: string; pem: string } {
  let pub: string;
  try {
    pub = crypto.createPublicKey(key.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  } catch (e) {
    throw new KeyError(`signing key "${key.name}" is not a readable RSA private key: ${(e as Error).message}`);
  }
  return { name: `${key.name}.pub`, pem: pub };
}

/** Reads a private key PEM file; its base name becomes the key name. */
export function readSigningKey(file: string): SigningKey {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new KeyError(`cannot read signing key: ${(e as Error).message}`, { file });
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(pem);
  } catch {
    throw new KeyError('not a PEM private key (expected "-----BEGIN RSA PRIVATE KEY-----")', { file });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new KeyError(`key type ${key.asymmetricKeyType} is not RSA`, { file });
  return { name: path.basename(file), privateKeyPem: pem };
}

function checkPublicKey(name: string, pem: string, file?: string): void {
  try {
    const key = crypto.createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`key type ${key.asymmetricKeyType} is not RSA`);
  } catch (e) {
    throw new KeyError(`"${name}" is not a PEM RSA public key: ${(e as Error).message}`, file ? { file } : {});
  }
}

/**
 * A keyring from a directory (every `*.pub` file in it, like /etc/apk/keys) or from a list of
 * public key files.
 */
export function readTrustedKeys(dirOrFiles: string | string[]): TrustedKeys {
  const files: string[] = [];
  if (typeof dirOrFiles === 'string') {
    let names: string[];
    try {
      names = fs.readdirSync(dirOrFiles);
    } catch (e) {
      throw new KeyError(`cannot read keyring directory: ${(e as Error).message}`, { file: dirOrFiles });
    }
    for (const n of names.sort()) if (n.endsWith('.pub')) files.push(path.join(dirOrFiles, n));
  } else {
    files.push(...dirOrFiles);
  }
  const keys = new Map<string, string>();
  for (const f of files) {
    let pem: string;
    try {
      pem = fs.readFileSync(f, 'utf8');
    } catch (e) {
      throw new KeyError(`cannot read public key: ${(e as Error).message}`, { file: f });
    }
    checkPublicKey(path.basename(f), pem, f);
    keys.set(path.basename(f), pem);
  }
  return keys;
}

/** A keyring from in-memory pairs, checked the same way as files. */
export function trustedKeysFrom(entries: Iterable<readonly [string, string]>): TrustedKeys {
  const keys = new Map<string, string>();
  for (const [name, pem] of entries) {
    checkPublicKey(name, pem);
    keys.set(name, pem);
  }
  return keys;
}
