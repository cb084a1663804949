import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIndex, readSigningKey, readTrustedKeys, writePackageFile } from '@stagecraft/apk';
import { afterAll, describe, expect, it } from 'vitest';
import { assemblePrivateRepository } from './private-repository';
import { ensureWorkspaceKey } from './workspace-key';

const ws = mkdtempSync(join(tmpdir(), 'executor-ws-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));

async function fakeOutput(dir: string, name: string): Promise<void> {
  const payload = join(ws, 'payload', name);
  mkdirSync(join(payload, 'usr/share', name), { recursive: true });
  writeFileSync(join(payload, 'usr/share', name, 'README'), `${name}\n`);
  mkdirSync(dir, { recursive: true });
  await writePackageFile(join(dir, `${name}-1.0-r0.apk`), {
    info: { name, version: '1.0-r0', arch: 'x86_64', origin: name, description: name, url: '', commit: '', license: 'MIT', depends: [], provides: [], replaces: [], triggers: [] },
    dataDir: payload,
    sourceDateEpoch: 0,
  });
  writeFileSync(join(dir, `${name}-1.0-r0.build.log`), 'log');
}

describe('workspace key and private repository', () => {
  it('generates the key once under .stagecraft, ignored by git', async () => {
    const first = await ensureWorkspaceKey(ws);
    const pem = readFileSync(first.privateKey, 'utf8');
    const second = await ensureWorkspaceKey(ws);
    expect(readFileSync(second.privateKey, 'utf8')).toBe(pem);
    expect(first.publicKey.endsWith('.stagecraft/keys/stagecraft.rsa.pub')).toBe(true);
    expect(readFileSync(join(ws, '.stagecraft/.gitignore'), 'utf8')).toBe('*\n');
  });

  it("indexes exactly the dependency outputs' packages, signed by the workspace key", async () => {
    const keys = await ensureWorkspaceKey(ws);
    await fakeOutput(join(ws, 'dist/x86_64/os/lib'), 'lib');
    await fakeOutput(join(ws, 'dist/x86_64/stage3/libc'), 'libc');
    await fakeOutput(join(ws, 'dist/x86_64/os/unrelated'), 'unrelated');
    const repo = await assemblePrivateRepository(
      join(ws, 'repo'),
      'x86_64',
      [join(ws, 'dist/x86_64/os/lib'), join(ws, 'dist/x86_64/stage3/libc'), join(ws, 'dist/x86_64/missing')],
      readSigningKey(keys.privateKey),
    );
    expect(repo.packages.map((p) => p.split('/').pop())).toEqual(['lib-1.0-r0.apk', 'libc-1.0-r0.apk']);
    const index = readIndex(join(ws, 'repo/x86_64/APKINDEX.tar.gz'), {
      trustedKeys: readTrustedKeys([keys.publicKey]),
      requireSignature: true,
    });
    expect(index.entries.map((e) => e.name)).toEqual(['lib', 'libc']);
    expect(existsSync(join(ws, 'repo/x86_64/unrelated-1.0-r0.apk'))).toBe(false);
  });
});
