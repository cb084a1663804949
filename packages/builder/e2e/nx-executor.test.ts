/**
 * The Nx build executor end to end: a throw-away workspace with a stage1 of three recipes
 * (greet-user needs greet-dev, a subpackage of greet; greet-check needs both), built by the
 * real `nx` with the compiled plugin. The dependencies' task outputs become the private
 * repository; outputs land in dist/<arch>/<projectRoot>/ and the log lines carry the package
 * name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPackage, readTrustedKeys } from '@stagecraft/apk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlugin, NxWorkspace, PLUGIN } from '../../nx-melange/e2e/nx-workspace';
import { FIXTURES } from './build-helpers';
import { workspaceRoot } from './seed-root';

function fixtureFiles(name: string, into: string): Record<string, string> {
  const dir = join(FIXTURES, name);
  return Object.fromEntries(readdirSync(dir).map((f) => [`${into}/${f}`, readFileSync(join(dir, f), 'utf8')]));
}

describe('the nx-melange build executor', () => {
  let ws: NxWorkspace;
  beforeAll(() => {
    compilePlugin();
    ws = NxWorkspace.create({
      'package.json': JSON.stringify({ name: 'executor-e2e', private: true }),
      'nx.json': JSON.stringify({
        plugins: [
          {
            plugin: PLUGIN,
            options: {
              stages: [{ name: 'stage1', sources: ['self', 'seed:debian'] }],
              seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
            },
          },
        ],
      }),
      'seeds/debian.lock.json': readFileSync(join(workspaceRoot, 'seeds/debian.lock.json'), 'utf8'),
      ...fixtureFiles('greet', 'stage1/greet'),
      ...fixtureFiles('greet-user', 'stage1/greet-user'),
      ...fixtureFiles('greet-check', 'stage1/greet-check'),
    });
  });
  afterAll(() => ws?.dispose());

  it('builds the dependency first and the dependent from its output, with the workspace key', async () => {
    const out = await ws.nxOk('run', 'stage1/greet-user:build', '--configuration=x86_64', '--outputStyle=stream');
    expect(out).toMatch(/\[greet-user\] environment repository: 2 packages from 1 dependency outputs/);
    expect(out).toMatch(/\[greet\] ==> sandbox: greet: compile/);

    const dist = join(ws.root, 'dist/x86_64/stage1/greet-user');
    expect(readdirSync(dist).sort()).toEqual(['greet-user-0.3.0-r1.apk', 'greet-user-0.3.0-r1.build.log', 'greet-user-0.3.0-r1.provenance.json']);
    const trusted = readTrustedKeys([join(ws.root, '.stagecraft/keys/stagecraft.rsa.pub')]);
    const pkg = readPackage(join(dist, 'greet-user-0.3.0-r1.apk'), { trustedKeys: trusted, requireSignature: true });
    expect(pkg.info.name).toBe('greet-user');
    expect(existsSync(join(ws.root, 'dist/x86_64/stage1/greet/greet-dev-1.2.0-r0.apk'))).toBe(true);
    // the generated private key is ignored by git, not merely untracked
    expect(ws.git('status', '--porcelain', '--ignored', '.stagecraft')).toBe('!! .stagecraft/');
  });

  it('hands a build the packages of a provider Nx reaches only through another dependency', async () => {
    expect((await ws.graph()).edges.filter((edge) => edge.startsWith('stage1/greet-check'))).toEqual(['stage1/greet-check -> stage1/greet-user']);
    const out = await ws.nxOk('run', 'stage1/greet-check:build', '--configuration=x86_64', '--outputStyle=stream');
    expect(out).toMatch(/\[greet-check\] environment repository: 3 packages from 2 dependency outputs/);
    expect(readdirSync(join(ws.root, 'dist/x86_64/stage1/greet-check'))).toContain('greet-check-0.1.0-r0.apk');
  });
});
