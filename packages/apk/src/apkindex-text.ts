/**
 * The APKINDEX text: one record per package, `<letter>:<value>` lines, records separated by a
 * blank line. Written in apko's field order (what melange users already have), read strictly.
 */
import { ApkFormatError, type ApkLocation } from './errors';
import { isValidVersion } from './version';

export interface IndexEntry {
  name: string;
  version: string;
  arch: string;
  /** S: size of the .apk file */
  size: number;
  /** I: installed size (.PKGINFO size) */
  installedSize: number;
  description: string;
  url: string;
  license: string;
  origin?: string;
  maintainer?: string;
  /** t: build date, seconds */
  buildTime?: number;
  commit?: string;
  providerPriority?: number;
  depends: string[];
  provides: string[];
  installIf: string[];
  /** C: `Q1` + base64 SHA-1 of the control member */
  checksum: string;
}

/** One record, ending with the blank line that separates records. */
export function formatIndexRecord(e: IndexEntry): string {
  let s = `C:${e.checksum}\nP:${e.name}\nV:${e.version}\n`;
  if (e.arch) s += `A:${e.arch}\n`;
  if (e.size) s += `S:${e.size}\n`;
  if (e.installedSize) s += `I:${e.installedSize}\n`;
  s += `T:${e.description}\n`;
  if (e.url) s += `U:${e.url}\n`;
  if (e.license) s += `L:${e.license}\n`;
  if (e.origin) s += `o:${e.origin}\n`;
  if (e.maintainer) s += `m:${e.maintainer}\n`;
  if (e.buildTime) s += `t:${e.buildTime}\n`;
  if (e.commit) s += `c:${e.commit}\n`;
  if (e.depends.length) s += `D:${e.depends.join(' ')}\n`;
  if (e.installIf.length) s += `i:${e.installIf.join(' ')}\n`;
  if (e.provides.length) s += `p:${e.provides.join(' ')}\n`;
  if (e.providerPriority) s += `k:${e.providerPriority}\n`;
  return s + '\n';
}

export function formatIndexText(entries: IndexEntry[]): string {
  let s = '';
  for (const e of entries) s += formatIndexRecord(e);
  return s;
}

const CHECKSUM = /^(Q1[A-Za-z0-9+/]{27}=|X1[0-9a-f]{40}|[0-9a-f]{32})$/;
const splitList = (v: string) => (v === '' ? [] : v.split(' ').filter(Boolean));

/** Parses APKINDEX text; a malformed line or record is an ApkFormatError with its line number. */
export function parseIndexText(text: string, where: ApkLocation = {}): IndexEntry[] {
  const out: IndexEntry[] = [];
  const loc = (line: number, field?: string): ApkLocation => ({ ...where, part: where.part ?? 'APKINDEX', line, ...(field ? { field } : {}) });
  let cur: Partial<IndexEntry> | undefined;
  let recordLine = 0;
  const finish = () => {
    if (!cur) return;
    for (const [k, letter] of [
      ['name', 'P'],
      ['version', 'V'],
      ['checksum', 'C'],
    ] as const) {
      if (cur[k] === undefined) throw new ApkFormatError(`record has no ${letter}: field`, loc(recordLine));
    }
    out.push({
      name: cur.name!,
      version: cur.version!,
      arch: cur.arch ?? '',
      size: cur.size ?? 0,
      installedSize: cur.installedSize ?? 0,
      description: cur.description ?? '',
      url: cur.url ?? '',
      license: cur.license ?? '',
      depends: cur.depends ?? [],
      provides: cur.provides ?? [],
      installIf: cur.installIf ?? [],
      checksum: cur.checksum!,
      ...(cur.origin !== undefined ? { origin: cur.origin } : {}),
      ...(cur.maintainer !== undefined ? { maintainer: cur.maintainer } : {}),
      ...(cur.buildTime !== undefined ? { buildTime: cur.buildTime } : {}),
      ...(cur.commit !== undefined ? { commit: cur.commit } : {}),
      ...(cur.providerPriority !== undefined ? { providerPriority: cur.providerPriority } : {}),
    });
    cur = undefined;
  };
  let lineNo = 0;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    pos = nl + 1;
    lineNo++;
    if (line === '') {
      finish();
      continue;
    }
    if (line.length < 2 || line.charCodeAt(1) !== 58) throw new ApkFormatError(`malformed line "${line.slice(0, 60)}" (expected "X:value")`, loc(lineNo));
    if (!cur) {
      cur = {};
      recordLine = lineNo;
    }
    const v = line.slice(2);
    const int = (letter: string): number => {
      if (!/^\d+$/.test(v)) throw new ApkFormatError(`"${v}" is not a non-negative integer`, loc(lineNo, letter));
      return Number(v);
    };
    switch (line[0]) {
      case 'C':
        if (!CHECKSUM.test(v)) throw new ApkFormatError(`"${v}" is not a package checksum (Q1… base64 SHA-1)`, loc(lineNo, 'C'));
        cur.checksum = v;
        break;
      case 'P':
        if (v === '' || /\s/.test(v)) throw new ApkFormatError(`"${v}" is not a package name`, loc(lineNo, 'P'));
        cur.name = v;
        break;
      case 'V':
        if (!isValidVersion(v)) throw new ApkFormatError(`"${v}" is not a valid apk version`, loc(lineNo, 'V'));
        cur.version = v;
        break;
      case 'A':
        cur.arch = v;
        break;
      case 'S':
        cur.size = int('S');
        break;
      case 'I':
        cur.installedSize = int('I');
        break;
      case 'T':
        cur.description = v;
        break;
      case 'U':
        cur.url = v;
        break;
      case 'L':
        cur.license = v;
        break;
      case 'o':
        cur.origin = v;
        break;
      case 'm':
        cur.maintainer = v;
        break;
      case 't':
        cur.buildTime = int('t');
        break;
      case 'c':
        cur.commit = v;
        break;
      case 'k':
        cur.providerPriority = int('k');
        break;
      case 'D':
        cur.depends = splitList(v);
        break;
      case 'p':
        cur.provides = splitList(v);
        break;
      case 'i':
        cur.installIf = splitList(v);
        break;
      default:
        // Unknown lower-case fields are extensions apk ignores; we ignore every unknown field
        // rather than refuse an index apk-tools 3 or abuild may have written.
        break;
    }
  }
  finish();
  return out;
}
