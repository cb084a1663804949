// The project's shared folder (corpus, docs) sits beside the checkout: ../shared. CI clones
// elsewhere with its own copy beside it, so never hard-code an absolute path.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function sharedDir() {
  if (process.env.STAGECRAFT_SHARED) return process.env.STAGECRAFT_SHARED;
  // The developers' machines keep it at /work/shared, a fresh clone elsewhere may not.
  const candidates = [resolve(repoRoot, '../shared'), '/work/shared'];
  const dir = candidates.find((candidate) => existsSync(candidate));
  if (!dir) throw new Error(`shared folder not found at ${candidates.join(' or ')} (set STAGECRAFT_SHARED)`);
  return dir;
}
