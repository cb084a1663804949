/**
 * The host half of `uses: fetch`: the verified file from the source cache is unpacked into the
 * workspace with the host's tar (gzip, bzip2 and xz archives), as melange's fetch does inside
 * its guest, or copied as is with `extract: false`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { FetchAction } from '../compile/compile-build';
import { SANDBOX_HOME } from '../sandbox/bwrap-args';
import { sandboxPath } from './step-command';

export class SourceExtractError extends Error {
  override name = 'SourceExtractError';
}

export interface ExtractInput {
  action: FetchAction;
  /** the step's working directory (sandbox path or relative to /home/build) */
  workingDirectory?: string;
  /** host path of /home/build */
  workspaceDir: string;
  cachedFile: string;
  uri: string;
}

/** Where the source lands, on the host; it must stay inside the workspace. */
export function extractTarget(input: Pick<ExtractInput, 'action' | 'workingDirectory' | 'workspaceDir'>): string {
  const inSandbox = input.action.directory.startsWith('/')
    ? input.action.directory
    : `${sandboxPath(input.workingDirectory)}/${input.action.directory}`;
  const rel = relative(SANDBOX_HOME, inSandbox);
  if (rel.startsWith('..')) throw new SourceExtractError(`fetch directory ${inSandbox} is outside ${SANDBOX_HOME}`);
  return join(input.workspaceDir, rel);
}

export function extractSource(input: ExtractInput): string {
  const target = extractTarget(input);
  mkdirSync(target, { recursive: true });
  if (!input.action.extract) {
    copyFileSync(input.cachedFile, join(target, basename(new URL(input.uri, 'file:///').pathname)));
    return target;
  }
  const r = spawnSync('tar', ['-x', '--no-same-owner', '--no-same-permissions', `--strip-components=${input.action.stripComponents}`, '-C', target, '-f', input.cachedFile], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new SourceExtractError(`${input.uri}: tar could not extract it: ${(r.stderr || r.error?.message || '').trim()}`);
  }
  return target;
}
