/**
 * Control and signature members: small tars of root-owned files with mtime SOURCE_DATE_EPOCH and
 * no end-of-archive blocks (apk reads the three members as one continuous tar stream).
 */
import { compareNames } from './data-entries';
import { ApkFormatError } from './errors';
import { gzipMember } from './gzip-members';
import { encodeTarHeader, paddingFor } from './tar-header';

export interface ControlFile {
  /** a dot-name at the top level: `.PKGINFO`, `.melange.yaml`, `.post-install`, … */
  name: string;
  content: Buffer;
  mode: number;
}

/** An unterminated tar of `files` in the given order, owned by uid/gid 0 named `owner`. */
export function unterminatedTar(files: ControlFile[], sourceDateEpoch: number, owner = 'root'): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      encodeTarHeader({
        name: f.name,
        type: '0',
        mode: f.mode,
        uid: 0,
        gid: 0,
        size: f.content.length,
        mtime: sourceDateEpoch,
        uname: owner,
        gname: owner,
      }),
      f.content,
      paddingFor(f.content.length),
    );
  }
  return Buffer.concat(parts);
}

export function checkControlName(name: string): void {
  if (!/^\.[^/]+$/.test(name) || name.startsWith('.SIGN.')) {
    throw new ApkFormatError(`control file "${name}" must be a top-level dot-name (apk ends the control section at the first other name)`);
  }
}

/**
 * The control member: .PKGINFO first, then the other control files sorted by name, as melange's
 * walk of its in-memory control filesystem produces them.
 */
export function controlMember(pkginfo: string, extra: ControlFile[], sourceDateEpoch: number): Buffer {
  const seen = new Set<string>(['.PKGINFO']);
  for (const f of extra) {
    checkControlName(f.name);
    if (seen.has(f.name)) throw new ApkFormatError(`control file "${f.name}" given twice`);
    seen.add(f.name);
  }
  const sorted = [...extra].sort((a, b) => compareNames(a.name, b.name));
  const files = [{ name: '.PKGINFO', content: Buffer.from(pkginfo, 'utf8'), mode: 0o644 }, ...sorted];
  return gzipMember(unterminatedTar(files, sourceDateEpoch));
}

/** The signature member holding one `.SIGN.*` entry. */
export function signatureMember(entryName: string, signature: Buffer, sourceDateEpoch: number): Buffer {
  return gzipMember(unterminatedTar([{ name: entryName, content: signature, mode: 0o644 }], sourceDateEpoch));
}
