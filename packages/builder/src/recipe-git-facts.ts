/**
 * What a recipe's git history says about a build: SOURCE_DATE_EPOCH and the commit recorded
 * in .PKGINFO. Both come from the last commit that touched the recipe's directory, not from
 * HEAD, so an unrelated commit elsewhere in the tree does not change the package bytes (Nx's
 * cache then cuts off rebuilds of dependents early).
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';

export interface RecipeGitFacts {
  /** seconds; 0 when the recipe is not in git */
  sourceDateEpoch: number;
  /** empty when the recipe is not in git */
  commit: string;
}

/** The `SOURCE_DATE_EPOCH` variable overrides git, as in melange; a malformed value is an error. */
export class SourceDateEpochError extends Error {
  override name = 'SourceDateEpochError';
}

export function recipeGitFacts(recipeFile: string, env: NodeJS.ProcessEnv = process.env): RecipeGitFacts {
  const fromGit = lastCommit(recipeFile);
  const override = env.SOURCE_DATE_EPOCH;
  if (override !== undefined && override !== '') {
    if (!/^\d+$/.test(override)) throw new SourceDateEpochError(`SOURCE_DATE_EPOCH must be whole seconds, got ${JSON.stringify(override)}`);
    return { sourceDateEpoch: Number(override), commit: fromGit?.commit ?? '' };
  }
  return fromGit ?? { sourceDateEpoch: 0, commit: '' };
}

function lastCommit(recipeFile: string): RecipeGitFacts | undefined {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%H %ct', '--', '.'], {
      cwd: dirname(recipeFile),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const [commit, ct] = out.split(' ');
    return commit ? { commit, sourceDateEpoch: Number(ct) } : undefined;
  } catch {
    return undefined;
  }
}
