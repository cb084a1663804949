import * as fs from 'node:fs';
import { ApkFormatError, type ApkLocation } from './errors';

/** The bytes of a package or index given as bytes or a path; `what` names it in errors. */
export function readInputBytes(input: Buffer | string, what: 'package' | 'index', where: ApkLocation): Buffer {
  let bytes: Buffer;
  if (typeof input === 'string') {
    try {
      bytes = fs.readFileSync(input);
    } catch (e) {
      throw new ApkFormatError(`cannot read ${what}: ${(e as Error).message}`, where);
    }
  } else {
    bytes = input;
  }
  if (bytes.length === 0) throw new ApkFormatError(`empty file, not ${what === 'package' ? 'an APK' : 'an APKINDEX.tar.gz'}`, where);
  return bytes;
}
