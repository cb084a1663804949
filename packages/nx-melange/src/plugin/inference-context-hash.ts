/**
 * What, besides its own text, a recipe's summary depends on: the plugin options, the workspace
 * pipelines (their `needs.packages` become the recipe's needs) and the parser's code — and the
 * plugin's own code, which decides how summaries and projects are cached. A change to any of
 * them invalidates every cached summary at once.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { compiledCodeDigest, NX_MELANGE_CODE_DIR } from './compiled-code-digest';
import { treeDigest } from './tree-digest';

export function inferenceContextHash(parts: {
  options: unknown;
  pipelineDir: string;
  parserDir: string | undefined;
  /** where the pipelines' content keys are remembered (tree-digest.ts); undefined reads them every time */
  cacheDir: string | undefined;
}): string {
  const { cacheDir } = parts;
  const hash = createHash('sha1');
  hash.update(JSON.stringify(parts.options ?? null));
  hash.update(`\0pipelines\0${treeDigest(parts.pipelineDir, { cacheDir })}`);
  // The parser package ships its built-in pipelines beside its code; both shape a summary.
  if (parts.parserDir !== undefined) {
    hash.update(`\0parser\0${compiledCodeDigest(join(parts.parserDir, 'dist'), { cacheDir })}`);
    hash.update(`\0builtin-pipelines\0${treeDigest(join(parts.parserDir, 'pipelines'), { cacheDir })}`);
  }
  hash.update(`\0plugin\0${compiledCodeDigest(NX_MELANGE_CODE_DIR, { cacheDir })}`);
  return hash.digest('hex');
}
