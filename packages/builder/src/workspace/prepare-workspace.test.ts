import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareWorkspace } from './prepare-workspace';

const work = mkdtempSync(join(tmpdir(), 'workspace-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('prepareWorkspace', () => {
  const src = join(work, 'src');
  for (const f of ['melange.yaml', 'hello.c', 'patches/fix.patch', 'build/out.o', 'docs/build/keep.txt', 'notes.tmp']) {
    mkdirSync(join(src, f, '..'), { recursive: true });
    writeFileSync(join(src, f), f);
  }
  writeFileSync(join(src, '.melangeignore'), '# generated\n/build/\n*.tmp\n');

  it('copies the source dir minus .melangeignore matches and makes every destdir', () => {
    const ws = prepareWorkspace({ dir: join(work, 'ws1'), sourceDir: src, packageNames: ['hello', 'hello-dev'] });
    const files = fg.sync('**/*', { cwd: ws.dir, dot: true, onlyFiles: true }).sort();
    expect(files).toEqual(['.melangeignore', 'docs/build/keep.txt', 'hello.c', 'melange.yaml', 'patches/fix.patch']);
    expect(existsSync(ws.packageDir('hello-dev'))).toBe(true);
  });

  it('copies nothing with emptyWorkspace', () => {
    const ws = prepareWorkspace({ dir: join(work, 'ws2'), sourceDir: src, emptyWorkspace: true, packageNames: ['hello'] });
    expect(fg.sync('**/*', { cwd: ws.dir, dot: true })).toEqual([]);
  });
});
