import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractSource, extractTarget, SourceExtractError } from './extract-source';

const work = mkdtempSync(join(tmpdir(), 'extract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('extractSource', () => {
  mkdirSync(join(work, 'src/hello-1.0'), { recursive: true });
  writeFileSync(join(work, 'src/hello-1.0/configure'), '#!/bin/sh\n', { mode: 0o755 });
  const tarball = join(work, 'hello-1.0.tar.xz');
  execFileSync('tar', ['-cJf', tarball, '-C', join(work, 'src'), 'hello-1.0']);

  it('unpacks with strip-components into the directory under the working directory', () => {
    const ws = join(work, 'ws1');
    const into = extractSource({
      action: { source: 0, directory: 'upstream', stripComponents: 1, extract: true },
      workingDirectory: 'build',
      workspaceDir: ws,
      cachedFile: tarball,
      uri: 'https://example.org/hello-1.0.tar.xz',
    });
    expect(into).toBe(join(ws, 'build/upstream'));
    expect(readFileSync(join(into, 'configure'), 'utf8')).toBe('#!/bin/sh\n');
  });

  it('copies the file under its URI name with extract: false', () => {
    const ws = join(work, 'ws2');
    extractSource({ action: { source: 0, directory: '.', stripComponents: 1, extract: false }, workspaceDir: ws, cachedFile: tarball, uri: 'https://example.org/dl/hello-1.0.tar.xz?x=1' });
    expect(existsSync(join(ws, 'hello-1.0.tar.xz'))).toBe(true);
  });

  it('refuses a directory outside /home/build and names a file tar cannot read', () => {
    expect(() => extractTarget({ action: { source: 0, directory: '/etc', stripComponents: 1, extract: true }, workspaceDir: work })).toThrow(SourceExtractError);
    const junk = join(work, 'junk');
    writeFileSync(junk, 'not an archive');
    expect(() => extractSource({ action: { source: 0, directory: '.', stripComponents: 1, extract: true }, workspaceDir: join(work, 'ws3'), cachedFile: junk, uri: 'https://example.org/junk.tar.gz' })).toThrow(/junk.tar.gz: tar could not extract it/);
  });
});
