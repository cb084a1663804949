/**
 * Named errors for bad APK input. Each says what is wrong and where (file, member, line, field),
 * so a user can act on it without reading a stack trace.
 */

/** Where in an input a problem was found; every part is optional. */
export interface ApkLocation {
  file?: string;
  /** e.g. 'control member', '.PKGINFO', 'APKINDEX' */
  part?: string;
  line?: number;
  field?: string;
}

/**
 * `file:line` for a line of the file itself (melange.yaml:14), `file: part line N` for a line
 * inside a member of an archive (APKINDEX.tar.gz: APKINDEX line 3), then the field.
 */
export function formatLocation(where: ApkLocation): string {
  const parts: string[] = [];
  const line = where.line !== undefined ? where.line : undefined;
  if (where.file) parts.push(line !== undefined && !where.part ? `${where.file}:${line}` : where.file);
  if (where.part) parts.push(line !== undefined ? `${where.part} line ${line}` : where.part);
  else if (!where.file && line !== undefined) parts.push(`line ${line}`);
  if (where.field) parts.push(where.field);
  return parts.join(': ');
}

abstract class ApkError extends Error {
  readonly where: ApkLocation;
  constructor(message: string, where: ApkLocation = {}) {
    const prefix = formatLocation(where);
    super(prefix ? `${prefix}: ${message}` : message);
    this.where = where;
  }
}

/** Malformed input: truncated, not gzip, broken tar, bad .PKGINFO line or index record. */
export class ApkFormatError extends ApkError {
  override name = 'ApkFormatError';
}

/** The data member does not hash to the `datahash` that .PKGINFO promises. */
export class DatahashMismatchError extends ApkError {
  override name = 'DatahashMismatchError';
  constructor(readonly expected: string, readonly actual: string, where: ApkLocation = {}) {
    super(`data member sha256 is ${actual} but .PKGINFO datahash says ${expected} (package data was altered or truncated)`, where);
  }
}

/** A signature by a trusted key that does not verify: the signed bytes were altered. */
export class BadSignatureError extends ApkError {
  override name = 'BadSignatureError';
}

/** Signed, but by none of the trusted keys. */
export class UnknownKeyError extends ApkError {
  override name = 'UnknownKeyError';
  constructor(readonly keyNames: string[], readonly trusted: string[], where: ApkLocation = {}) {
    super(
      `signed by ${keyNames.map((k) => `"${k}"`).join(', ')}, which is not among the trusted keys` +
        (trusted.length ? ` (${trusted.join(', ')})` : ' (no trusted keys given)') +
        `; add the public key to the keyring to trust it`,
      where,
    );
  }
}

/** No signature where one is required. */
export class UnsignedPackageError extends ApkError {
  override name = 'UnsignedPackageError';
}

/** A signing key or keyring file that cannot be used. */
export class KeyError extends ApkError {
  override name = 'KeyError';
}

/** One step of the requirement chain that led to an unsatisfiable name. */
export interface RequirementStep {
  /** who asked: 'requested' or `name-version` of the package that depends */
  by: string;
  /** the dependency text as written, e.g. `so:libc.so.6` or `foo>=1.2` */
  dependency: string;
}

/** The solver found no install set; `chain` says how the failing requirement was reached. */
export class UnsatisfiableError extends ApkError {
  override name = 'UnsatisfiableError';
  constructor(message: string, readonly chain: RequirementStep[]) {
    super(message);
  }
}
