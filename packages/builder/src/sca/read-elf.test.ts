import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ElfFormatError, ET_DYN, ET_EXEC, readElf } from './read-elf';

const work = mkdtempSync(join(tmpdir(), 'read-elf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cc(out: string, source: string, args: string[]): string {
  const src = join(work, `${out}.c`);
  writeFileSync(src, source);
  execFileSync('gcc', ['-o', join(work, out), src, ...args]);
  return join(work, out);
}

describe('readElf', () => {
  it('reads the interpreter and DT_NEEDED of a host binary', () => {
    const info = readElf('/bin/ls')!;
    expect(info.class).toBe(64);
    expect(info.interpreter).toMatch(/ld-linux-x86-64\.so\.2$/);
    expect(info.needed).toContain('libc.so.6');
  });

  it('reads DT_SONAME of a shared library built for the test', () => {
    const lib = cc('libtiny.so.1.2', 'int tiny(void) { return 7; }\n', ['-shared', '-fPIC', '-Wl,-soname,libtiny.so.1']);
    const info = readElf(lib)!;
    expect(info.type).toBe(ET_DYN);
    expect(info.soname).toBe('libtiny.so.1');
    expect(info.interpreter).toBeUndefined();
  });

  it('has no dynamic facts for a static executable', () => {
    const exe = cc('static-hello', 'int main(void) { return 0; }\n', ['-static']);
    const info = readElf(exe)!;
    expect(info.type).toBe(ET_EXEC);
    expect(info.interpreter).toBeUndefined();
    expect(info.needed).toEqual([]);
  });

  it('returns undefined for a file that is not ELF', () => {
    const file = join(work, 'script');
    writeFileSync(file, '#!/bin/sh\necho hi\n'.padEnd(80, ' '));
    expect(readElf(file)).toBeUndefined();
  });

  it('rejects a truncated ELF with a named error', () => {
    const file = join(work, 'truncated');
    const head = Buffer.alloc(64);
    head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    head.writeBigUInt64LE(4096n, 32); // program headers far past the end
    head.writeUInt16LE(56, 54);
    head.writeUInt16LE(3, 56);
    writeFileSync(file, head);
    expect(() => readElf(file)).toThrow(ElfFormatError);
  });
});
