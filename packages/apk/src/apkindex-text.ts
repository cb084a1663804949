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

function splitList(v: string): string[] {
  if (v === '') return [];
  const parts = v.split(' ');
  return parts.includes('') ? parts.filter(Boolean) : parts;
}

/** A non-negative decimal integer, or -1. */
function toCount(v: string): number {
  if (v.length === 0 || v.length > 15) return -1;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function newEntry(): IndexEntry {
  return {
    name: '',
    version: '',
    arch: '',
    size: 0,
    installedSize: 0,
    description: '',
    url: '',
    license: '',
    depends: [],
    provides: [],
    installIf: [],
    checksum: '',
  };
}

/** Parses APKINDEX text; a malformed line or record is an ApkFormatError with its line number. */
export function parseIndexText(text: string, where: ApkLocation = {}): IndexEntry[] {
  const out: IndexEntry[] = [];
  const part = where.part ?? 'APKINDEX';
  let cur: IndexEntry | undefined;
  let recordLine = 0;
  let lineNo = 0;
  const loc = (field?: string): ApkLocation => ({ ...where, part, line: lineNo, ...(field ? { field } : {}) });
  const count = (v: string, field: string): number => {
    const n = toCount(v);
    if (n < 0) throw new ApkFormatError(`"${v}" is not a non-negative integer`, loc(field));
    return n;
  };
  const finish = () => {
    if (!cur) return;
    const missing = !cur.name ? 'P' : !cur.version ? 'V' : !cur.checksum ? 'C' : undefined;
    if (missing) throw new ApkFormatError(`record has no ${missing}: field`, { ...where, part, line: recordLine });
    out.push(cur);
    cur = undefined;
  };
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = len;
    lineNo++;
    if (nl === pos) {
      pos = nl + 1;
      finish();
      continue;
    }
    if (nl - pos < 2 || text.charCodeAt(pos + 1) !== 58) {
      throw new ApkFormatError(`malformed line "${text.slice(pos, Math.min(nl, pos + 60))}" (expected "X:value")`, loc());
    }
    const letter = text[pos]!;
    const v = text.slice(pos + 2, nl);
    pos = nl + 1;
    if (!cur) {
      cur = newEntry();
      recordLine = lineNo;
    }
    switch (letter) {
      case 'C':
        if (!CHECKSUM.test(v)) throw new ApkFormatError(`"${v}" is not a package checksum (Q1… base64 SHA-1)`, loc('C'));
        cur.checksum = v;
        break;
      case 'P':
        if (v === '' || /\s/.test(v)) throw new ApkFormatError(`"${v}" is not a package name`, loc('P'));
        cur.name = v;
        break;
      case 'V':
        if (!isValidVersion(v)) throw new ApkFormatError(`"${v}" is not a valid apk version`, loc('V'));
        cur.version = v;
        break;
      case 'A':
        cur.arch = v;
        break;
      case 'S':
        cur.size = count(v, 'S');
        break;
      case 'I':
        cur.installedSize = count(v, 'I');
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
        cur.buildTime = count(v, 't');
        break;
      case 'c':
        cur.commit = v;
        break;
      case 'k':
        cur.providerPriority = count(v, 'k');
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
