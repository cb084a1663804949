/**
 * What, besides its own text, a recipe's summary depends on: the plugin options, the workspace
 * pipelines (their `needs.packages` become the recipe's needs) and the parser's code — and the
 * plugin's own code, which decides how summaries and projects are cached. A change to any of
 * them invalidates every cached summary at once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compiledCodeDigest, NX_MELANGE_CODE_DIR } from './compiled-code-digest';

export function inferenceContextHash(parts: {
  options: unknown;
  pipelineDir: string;
  parserDir: string | undefined;
}): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify(parts.options ?? null));
  hashTree(hash, 'pipelines', parts.pipelineDir);
  // The parser package ships its built-in pipelines beside its code; both shape a summary.
  hash.update(`\0parser\0${parts.parserDir === undefined ? '' : compiledCodeDigest(join(parts.parserDir, 'dist'))}`);
  hashTree(hash, 'builtin-pipelines', parts.parserDir === undefined ? undefined : join(parts.parserDir, 'pipelines'));
  hash.update(`\0plugin\0${compiledCodeDigest(NX_MELANGE_CODE_DIR)}`);
  return hash.digest('hex');
}

/** Feeds every regular file under `dir` (sorted paths, contents) into `hash`; a missing dir adds only its label. */
function hashTree(hash: ReturnType<typeof createHash>, label: string, dir: string | undefined): void {
  hash.update(`\0${label}\0`);
  if (dir === undefined) return;
  let entries: string[];
  try {
    entries = (readdirSync(dir, { recursive: true }) as string[]).sort();
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isFile()) continue;
    hash.update(`${entry}\0`);
    hash.update(readFileSync(path));
  }
}
