import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/test-temp-dir';
import { recipeGitFacts, SourceDateEpochError } from './recipe-git-facts';

const work = tempDir('git-facts');

function git(args: string[], date: string) {
  execFileSync('git', args, {
    cwd: work,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    stdio: 'ignore',
  });
}

describe('recipeGitFacts', () => {
  mkdirSync(join(work, 'os/hello'), { recursive: true });
  mkdirSync(join(work, 'os/other'), { recursive: true });
  writeFileSync(join(work, 'os/hello/melange.yaml'), 'package: {}\n');
  writeFileSync(join(work, 'os/other/melange.yaml'), 'package: {}\n');
  git(['init', '-q'], '@1000000000 +0000');
  git(['add', 'os/hello'], '@1000000000 +0000');
  git(['commit', '-q', '-m', 'hello'], '@1000000000 +0000');
  git(['add', 'os/other'], '@1100000000 +0000');
  git(['commit', '-q', '-m', 'other'], '@1100000000 +0000');

  it("takes the time of the last commit touching the recipe's directory, not HEAD", () => {
    const facts = recipeGitFacts(join(work, 'os/hello/melange.yaml'), {});
    expect(facts.sourceDateEpoch).toBe(1000000000);
    expect(facts.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('lets SOURCE_DATE_EPOCH override and rejects a malformed one', () => {
    expect(recipeGitFacts(join(work, 'os/hello/melange.yaml'), { SOURCE_DATE_EPOCH: '5' }).sourceDateEpoch).toBe(5);
    expect(() => recipeGitFacts(join(work, 'os/hello/melange.yaml'), { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(SourceDateEpochError);
  });

  it('is 0 with no commit outside git', () => {
    const outside = tempDir('no-git');
    writeFileSync(join(outside, 'melange.yaml'), '');
    expect(recipeGitFacts(join(outside, 'melange.yaml'), {})).toEqual({ sourceDateEpoch: 0, commit: '' });
  });
});
