import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import buildExecutor from './executor';

// melange cannot run on this machine; a stand-in on PATH records its arguments and writes
// what melange would, so the executor's side of the melange backend can be checked.
const ws = mkdtempSync(join(tmpdir(), 'executor-melange-'));
const bin = join(ws, 'bin');
mkdirSync(bin);
writeFileSync(
  join(bin, 'melange'),
  `#!/bin/sh
echo "$@" > "${ws}/melange-args"
while [ $# -gt 0 ]; do [ "$1" = --out-dir ] && out=$2; shift; done
mkdir -p "$out/x86_64" && echo apk > "$out/x86_64/hello-1.0.0-r0.apk"
echo "melange says hi"
`,
);
chmodSync(join(bin, 'melange'), 0o755);
mkdirSync(join(ws, 'stage1/hello'), { recursive: true });
writeFileSync(join(ws, 'stage1/hello/melange.yaml'), 'package:\n  name: hello\n  version: 1.0.0\npipeline:\n  - runs: true\n');
afterAll(() => rmSync(ws, { recursive: true, force: true }));

function context(): ExecutorContext {
  return {
    root: ws,
    cwd: ws,
    isVerbose: false,
    projectName: 'stage1/hello',
    targetName: 'build',
    configurationName: 'x86_64',
    projectsConfigurations: { version: 2, projects: { 'stage1/hello': { root: 'stage1/hello' } } },
    nxJsonConfiguration: { plugins: [{ plugin: './packages/nx-melange/dist/plugin.js', options: { stages: [{ name: 'stage1', sources: ['self'] }] } }] },
    projectGraph: { nodes: {}, dependencies: {} },
    taskGraph: { roots: [], tasks: {}, dependencies: {}, continuousDependencies: {} },
  } as unknown as ExecutorContext;
}

describe('build executor, melange backend', () => {
  it('runs melange with the mapped flags and moves its outputs to dist/<arch>/<projectRoot>', async () => {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const result = await buildExecutor({ recipe: 'stage1/hello/melange.yaml', arch: 'x86_64', backend: 'melange' }, context());
      expect(result).toEqual({ success: true });
    } finally {
      process.env.PATH = path;
      write.mockRestore();
    }
    const args = readFileSync(join(ws, 'melange-args'), 'utf8');
    expect(args).toMatch(/^build \S+\/stage1\/hello\/melange.yaml --arch x86_64 --runner bubblewrap --repository-append \S+ --keyring-append \S+stagecraft.rsa.pub --signing-key \S+stagecraft.rsa/);
    expect(readdirSync(join(ws, 'dist/x86_64/stage1/hello')).sort()).toEqual(['hello-1.0.0-r0.apk', 'hello.build.log']);
    expect(printed).toContain('[hello] melange says hi\n');
  });
});
