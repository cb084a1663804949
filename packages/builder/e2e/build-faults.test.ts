/**
 * Fault tests: a failing step, a source with the wrong checksum, an unsupported pipeline and a
 * build killed mid-way. Each must leave the out dir as it was and say what went wrong.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RecipeErrors } from '@stagecraft/melange-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRecipe } from '../src/build-recipe';
import { BuildTimeoutError } from '../src/build-timeout';
import { UnsupportedPipelineError } from '../src/compile/compile-build';
import { ChecksumMismatchError } from '../src/fetch/fetch-source';
import { StepFailedError } from '../src/run/run-steps';
import { copyFixture, seedBuildOptions, tempDir } from './build-helpers';
import { cacheDir, workspaceRoot } from './seed-root';

const work = tempDir('build-faults');
const tarball = Buffer.from('pretend this is a tarball');
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.end(tarball));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const outFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }) : []);

describe('a failing step', () => {
  it('stops the build with the exit code and a log tail naming the step; nothing reaches the out dir', async () => {
    const outDir = join(work, 'out-fails');
    const log: string[] = [];
    const err = await buildRecipe({
      recipe: copyFixture('fails', join(work, 'fails')),
      arch: 'x86_64',
      outDir,
      log: (l) => log.push(l),
      ...seedBuildOptions(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailedError);
    const failure = err as StepFailedError;
    expect(failure.exitCode).toBe(3);
    expect(failure.message).toMatch(/^melange\.yaml:\d+:\d+: pipeline\[1\]: step "break on purpose" of fails failed with exit code 3/);
    expect(failure.tail).toContain('about to fail');
    expect(log.join('\n')).not.toContain('unreachable');
    expect(outFiles(outDir)).toEqual([]);
  });
});

describe('a source with the wrong checksum', () => {
  it('is refused before the environment is resolved or anything runs', async () => {
    const dir = join(work, 'bad-checksum');
    mkdirSync(dir, { recursive: true });
    const wrong = createHash('sha256').update('something else').digest('hex');
    writeFileSync(
      join(dir, 'melange.yaml'),
      `package:\n  name: bad-checksum\n  version: 1.0.0\nenvironment:\n  contents:\n    packages:\n      - dash\npipeline:\n  - uses: fetch\n    with:\n      uri: ${base}/src.tar.gz\n      expected-sha256: ${wrong}\n  - runs: echo must not run\n`,
    );
    const log: string[] = [];
    const err = await buildRecipe({ recipe: join(dir, 'melange.yaml'), arch: 'x86_64', outDir: join(work, 'out-bad'), cacheDir: join(work, 'cache-bad'), log: (l) => log.push(l), ...seedBuildOptions() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect((err as Error).message).toContain(`expects ${wrong}, the download has ${createHash('sha256').update(tarball).digest('hex')}`);
    expect(log.some((l) => l.startsWith('==> resolve') || l.startsWith('==> sandbox'))).toBe(false);
    expect(readdirSync(join(work, 'cache-bad'))).toEqual([]);
    expect(outFiles(join(work, 'out-bad'))).toEqual([]);
  });
});

describe('an unsupported pipeline', () => {
  it('is refused at compile time with its name, position and the supported list', async () => {
    const err = await buildRecipe({ recipe: copyFixture('unsupported', join(work, 'unsupported')), arch: 'x86_64', outDir: join(work, 'out-unsupported'), ...seedBuildOptions() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecipeErrors);
    const refusal = (err as RecipeErrors).errors[0] as UnsupportedPipelineError;
    expect(refusal).toBeInstanceOf(UnsupportedPipelineError);
    expect(refusal.message).toMatch(/^melange\.yaml:7:\d+: pipeline\[1\]\.uses: pipeline "go\/build" is not supported by the embedded builder; supported pipelines: .*autoconf\/configure.*fetch.*split\/dev/);
  });
});

describe('a build over its package.timeout', () => {
  it('is stopped, sandbox and all, and says why', async () => {
    const recipe = copyFixture('slow', join(work, 'timeout'));
    writeFileSync(recipe, readFileSync(recipe, 'utf8').replace('  version: 1.0.0\n', '  version: 1.0.0\n  timeout: 2s\n'));
    const err = await buildRecipe({ recipe, arch: 'x86_64', outDir: join(work, 'out-timeout'), ...seedBuildOptions() }).catch((e: unknown) => e);
    // had the sandbox not been killed, its 60 s sleep would end with exit 0 and the build succeed
    expect(err).toBeInstanceOf(BuildTimeoutError);
    expect((err as Error).message).toBe('the build ran longer than its package.timeout of 2s and was stopped');
    expect(outFiles(join(work, 'out-timeout'))).toEqual([]);
  });
});

describe('a build killed mid-way', () => {
  it('leaves no partial package, keeps the store usable, and the next build succeeds', async () => {
    // The build runs in its own node process (compiled builder) so it can be SIGKILLed.
    spawnSync('npx', ['tsc', '-b', 'packages/builder'], { cwd: workspaceRoot, stdio: 'ignore' });
    const outDir = join(work, 'out-killed');
    const options = {
      recipe: copyFixture('slow', join(work, 'slow')),
      arch: 'x86_64',
      outDir,
      storeDir: cacheDir,
      seeds: seedBuildOptions().seeds,
    };
    const script = `const { buildRecipe } = require(${JSON.stringify(join(workspaceRoot, 'packages/builder/dist/index.js'))});
      buildRecipe({ ...${JSON.stringify(options)}, log: (l) => console.log(l) }).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('slow step started')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`build ended (${code}) before it could be killed:\n${seen}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    expect(outFiles(outDir)).toEqual([]);

    const fast = copyFixture('fails', join(work, 'after-kill'));
    writeFileSync(fast, `package:\n  name: after-kill\n  version: 1.0.0\nenvironment:\n  contents:\n    packages:\n      - dash\n      - coreutils\npipeline:\n  - runs: mkdir -p \${{targets.destdir}}/etc && echo ok > \${{targets.destdir}}/etc/after-kill\n`);
    const next = await buildRecipe({ recipe: fast, arch: 'x86_64', outDir, ...seedBuildOptions() });
    expect(next.packages.map((p) => p.file.split('/').pop())).toEqual(['after-kill-1.0.0-r0.apk']);
    expect(readdirSync(join(cacheDir, 'builds')).some((n) => n.startsWith(`${child.pid}-`))).toBe(false);
  });
});
