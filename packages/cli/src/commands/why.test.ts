import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { runCommandLine } from '../run-command-line';
import { command as why } from './why';

let dir: string;
let stdout: string;
let stderr: string;

async function run(...argv: string[]): Promise<number> {
  stdout = '';
  stderr = '';
  return runCommandLine([why], [...argv, '--workspace', dir], { out: (s) => (stdout += s), err: (s) => (stderr += s) });
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

function recipe(name: string, needs: string[], extra = ''): string {
  const packages = needs.length ? `environment:\n  contents:\n    packages:\n${needs.map((n) => `      - ${n}\n`).join('')}` : '';
  return `package:\n  name: ${name}\n  version: 1.0.0\n  epoch: 0\n  description: ${name}\n  copyright:\n    - license: MIT\n${packages}pipeline:\n  - runs: echo ${name}\n${extra}`;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-why-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  write(
    'nx.json',
    JSON.stringify({
      plugins: [
        {
          plugin: './packages/nx-melange/dist/plugin.js',
          options: {
            stages: [
              { name: 'stage1', sources: ['self', 'seed:debian'] },
              { name: 'os', sources: ['self', 'stage1'], seedFree: true },
            ],
            seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
          },
        },
      ],
    }),
  );
  const pkg = (name: string, version: string) => ({ name, version, provides: [], depends: [], sha256: `${name}-digest`, size: 1, filename: `pool/${name}.deb` });
  write(
    'seeds/debian.lock.json',
    JSON.stringify({
      lockVersion: 1,
      type: 'debian',
      requested: ['gcc'],
      archs: { x86_64: { baseUrl: 'http://deb.example', packages: [pkg('gcc', '12.2.0-14')] }, aarch64: { baseUrl: 'http://deb.example', packages: [pkg('gcc', '12.2.0-14')] } },
    }),
  );
  // both layouts: a folder per package and Wolfi's flat <stage>/<pkg>.yaml
  write('stage1/make/melange.yaml', recipe('make', ['gcc']));
  write('os/make.yaml', recipe('make', ['make']));
  write('os/openssl/melange.yaml', recipe('openssl', ['make'], 'subpackages:\n  - name: openssl-dev\n    pipeline:\n      - runs: echo dev\n'));
  write('os/curl.yaml', recipe('curl', ['openssl-dev', 'zstd']));
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('stagecraft why', () => {
  test('explains a subpackage provided by self', async () => {
    expect(await run('why', 'os/curl', 'openssl-dev')).toBe(0);
    expect(stdout).toContain('os/curl needs openssl-dev (environment.contents.packages[0], os/curl.yaml:');
    expect(stdout).toContain('  - self: provided by os/openssl (subpackage openssl-dev 1.0.0-r0, os/openssl/melange.yaml) via self');
  });

  test('explains the self rule and the previous stage', async () => {
    expect(await run('why', 'os/make', 'make')).toBe(0);
    expect(stdout).toContain('  - self: passed over: provides make but make is this package (self rule)');
    expect(stdout).toContain('  - stage1: provided by stage1/make (package make 1.0.0-r0, stage1/make/melange.yaml) via stage stage1');
  });

  test('shows the seed package and its lock entry', async () => {
    expect(await run('why', 'stage1/make', 'gcc', '--arch', 'arm64')).toBe(0);
    expect(stdout).toContain('stage1/make needs gcc');
    expect(stdout).toContain('[aarch64]');
    expect(stdout).toContain('provided by seed package gcc 12.2.0-14, pinned by its lock (sha256 gcc-digest, pool/gcc.deb)');
  });

  test('fails with the problem when nothing provides the name', async () => {
    expect(await run('why', 'os/curl', 'zstd')).toBe(1);
    expect(stdout).toContain('build dependency "zstd" has no provider in os (sources tried: self, stage1)');
  });

  test('prints JSON for scripts', async () => {
    expect(await run('why', 'os/curl', 'os/openssl', '--json')).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed.resolutions).toHaveLength(1);
    expect(parsed.resolutions[0]).toMatchObject({ source: 'self', kind: 'self', provider: { project: 'os/openssl', package: 'openssl-dev' } });
  });

  test('rejects a wrong call with its usage', async () => {
    expect(await run('why', 'os/curl')).toBe(2);
    expect(stderr).toContain('give a project and a name');
    expect(await run('why', 'os/curl', 'x', '--arch', 'sparc')).toBe(2);
    expect(stderr).toContain('unknown architecture "sparc"');
  });
});
