import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage, readIndex } from '@stagecraft/apk';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildLog } from '../log/build-log';
import { withFileLock } from './file-lock';
import { publishOutputs } from './publish-outputs';

const work = mkdtempSync(join(tmpdir(), 'publish-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function built(name: string) {
  const payload = mkdtempSync(join(work, `payload-${name}-`));
  writeFileSync(join(payload, name), name);
  const pkg = await buildPackage({
    info: { name, version: '1.0-r0', arch: 'x86_64', origin: name, description: '', url: '', commit: '', license: 'MIT', depends: [], provides: [], replaces: [], triggers: [] },
    dataDir: payload,
    sourceDateEpoch: 0,
  });
  return { name, fileName: `${name}-1.0-r0.apk`, bytes: pkg.bytes, info: pkg.info };
}

const provenance = {
  recipe: { file: 'melange.yaml', sha256: '0'.repeat(64) },
  arch: 'x86_64',
  parameters: {},
  sources: [],
  environment: [],
  builder: { id: 'test', version: '0' },
  sourceDateEpoch: 0,
};

describe('publishOutputs', () => {
  it('keeps every package in the index when builds publish into one out dir at once', async () => {
    const archDir = join(work, 'out/x86_64');
    const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const packages = await Promise.all(names.map(built));
    await Promise.all(
      packages.map((p) =>
        publishOutputs({ archDir, built: [p], generateIndex: true, origin: p.name, fullVersion: '1.0-r0', provenance, log: new BuildLog() }),
      ),
    );
    expect(readIndex(join(archDir, 'APKINDEX.tar.gz')).entries.map((e) => e.name).sort()).toEqual([...names].sort());
    expect(readdirSync(archDir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('withFileLock', () => {
  it('takes over a lock whose holder is gone', async () => {
    const lock = join(work, 'stale.lock');
    writeFileSync(lock, '999999999');
    expect(await withFileLock(lock, async () => 'ran')).toBe('ran');
  });

  it('gives up on a live holder after the timeout, naming it', async () => {
    const lock = join(work, 'held.lock');
    writeFileSync(lock, String(process.ppid));
    await expect(withFileLock(lock, async () => 'ran', 100)).rejects.toThrow(`held by process ${process.ppid}`);
  });
});
