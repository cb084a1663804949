/**
 * Temp dirs for tests that vitest removes once their test is over, passed or failed, so test
 * runs do not pile up in /tmp. Made inside a test (or its beforeEach), a dir goes when that test
 * finishes; made while a file or describe block is collected, when the block's tests are done.
 * Not from beforeAll: its block is collected by then and the dir would stay (remove it in
 * afterAll there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    // No test is running (vitest's only error here): the file or block being collected owns it.
    afterAll(remove);
  }
  return dir;
}
