// The project's shared folder (corpus, docs) sits beside the checkout: ../shared. CI clones
// elsewhere with its own copy beside it, so never hard-code an absolute path.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function sharedDir() {
  const dir = process.env.STAGECRAFT_SHARED ?? resolve(repoRoot, '../shared');
  if (!existsSync(dir)) throw new Error(`shared folder not found at ${dir} (set STAGECRAFT_SHARED)`);
  return dir;
}
