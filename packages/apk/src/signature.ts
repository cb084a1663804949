/**
 * `.SIGN.<ALG>.<keyname>` entries: RSA PKCS#1 v1.5 over the digest of exactly the compressed
 * bytes apk hashes (a package's control member; an index's whole index member).
 */
import * as crypto from 'node:crypto';
import { BadSignatureError, UnknownKeyError, UnsignedPackageError, type ApkLocation } from './errors';
import type { SigningKey, TrustedKeys } from './keys';

export type SignatureAlgorithm = 'RSA' | 'RSA256' | 'RSA512' | 'DSA';

const DIGEST: Record<SignatureAlgorithm, string | undefined> = {
  RSA: 'sha1',
  RSA256: 'sha256',
  RSA512: 'sha512',
  DSA: undefined,
};

export interface Signature {
  algorithm: SignatureAlgorithm;
  /** the public key file name apk would open, e.g. `melange.rsa.pub` */
  keyName: string;
  signature: Buffer;
}

export interface SignatureCheck {
  algorithm: SignatureAlgorithm;
  keyName: string;
  /** the key is in the trusted set */
  trusted: boolean;
  /** it verified against that key (false when untrusted: not checked) */
  verified: boolean;
}

const SIGN_NAME = /^\.SIGN\.(RSA|RSA256|RSA512|DSA)\.(.+)$/;

/** Parses an entry name like `.SIGN.RSA256.melange.rsa.pub`, or undefined if it is not one. */
export function parseSignatureName(name: string): { algorithm: SignatureAlgorithm; keyName: string } | undefined {
  const m = SIGN_NAME.exec(name);
  if (!m) return undefined;
  return { algorithm: m[1] as SignatureAlgorithm, keyName: m[2]! };
}

export function signatureEntryName(key: SigningKey, algorithm: SignatureAlgorithm = 'RSA256'): string {
  return `.SIGN.${algorithm}.${key.name}.pub`;
}

export function signBytes(signed: Buffer, key: SigningKey, algorithm: 'RSA' | 'RSA256' | 'RSA512' = 'RSA256'): Buffer {
  return crypto.sign(DIGEST[algorithm]!, signed, key.privateKeyPem);
}

export interface VerifyOptions {
  trustedKeys?: TrustedKeys;
  /** default: true when trustedKeys is given */
  requireSignature?: boolean;
}

/**
 * Checks signatures as apk does: the first signature by a trusted key decides. Throws
 * UnsignedPackageError, UnknownKeyError or BadSignatureError when a required signature is
 * missing, unknown or wrong; a trusted signature that fails always throws.
 */
export function checkSignatures(signed: Buffer, signatures: Signature[], opts: VerifyOptions, where: ApkLocation): SignatureCheck[] {
  const trusted = opts.trustedKeys ?? new Map<string, string>();
  const required = opts.requireSignature ?? opts.trustedKeys !== undefined;
  const checks: SignatureCheck[] = signatures.map((s) => ({
    algorithm: s.algorithm,
    keyName: s.keyName,
    trusted: trusted.has(s.keyName),
    verified: false,
  }));
  const first = signatures.findIndex((s) => trusted.has(s.keyName) && DIGEST[s.algorithm] !== undefined);
  if (first >= 0) {
    const s = signatures[first]!;
    let ok = false;
    try {
      ok = crypto.verify(DIGEST[s.algorithm]!, signed, trusted.get(s.keyName)!, s.signature);
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new BadSignatureError(
        `signature .SIGN.${s.algorithm}.${s.keyName} does not verify with the trusted key ${s.keyName}: the signed bytes were altered or the signature is corrupt`,
        where,
      );
    }
    checks[first]!.verified = true;
    return checks;
  }
  if (!required) return checks;
  if (signatures.length === 0) throw new UnsignedPackageError('not signed, but a signature is required', where);
  throw new UnknownKeyError(
    signatures.map((s) => s.keyName),
    [...trusted.keys()],
    where,
  );
}
