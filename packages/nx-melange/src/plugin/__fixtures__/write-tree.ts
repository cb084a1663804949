/**
 * A new temp folder holding `files` (relative path → text), folders made as needed: the tree a
 * plugin test reads, whether recipes, pipelines or compiled code. Removed when the test is over.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../../../../../tools/test-temp-dir';

export function writeTree(prefix: string, files: Record<string, string>): string {
  const root = tempDir(prefix);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}
