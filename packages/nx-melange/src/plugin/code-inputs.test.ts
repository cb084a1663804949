import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/test-temp-dir';
import { codeInputsFor } from './code-inputs';

function workspaceWithLinkedPackages(): string {
  const root = tempDir('code-inputs');
  for (const name of ['melange-config', 'apk', 'builder', 'nx-melange']) {
    mkdirSync(join(root, 'packages', name), { recursive: true });
    mkdirSync(join(root, 'node_modules', '@stagecraft'), { recursive: true });
    symlinkSync(join(root, 'packages', name), join(root, 'node_modules', '@stagecraft', name));
  }
  return root;
}

describe('codeInputsFor', () => {
  it('names our compiled code as ignored-file filesets when the packages live in the workspace', () => {
    const root = workspaceWithLinkedPackages();
    const inputs = codeInputsFor(root, (name) => join(root, 'packages', name.replace('@stagecraft/', '')));
    expect(inputs).toEqual([
      { fileset: '{workspaceRoot}/packages/melange-config/dist/**/*.js', includeIgnored: true },
      { fileset: '{workspaceRoot}/packages/apk/dist/**/*.js', includeIgnored: true },
      { fileset: '{workspaceRoot}/packages/builder/dist/**/*.js', includeIgnored: true },
      { fileset: '{workspaceRoot}/packages/nx-melange/dist/**/*.js', includeIgnored: true },
      { externalDependencies: ['yaml', 'tar-stream', 'fast-glob'] },
    ]);
  });

  it('names packages installed under the workspace node_modules as external dependencies', () => {
    const root = tempDir('code-inputs');
    const inputs = codeInputsFor(root, (name) => join(root, 'node_modules', name));
    expect(inputs).toEqual([
      {
        externalDependencies: [
          '@stagecraft/melange-config',
          '@stagecraft/apk',
          '@stagecraft/builder',
          '@stagecraft/nx-melange',
          'yaml',
          'tar-stream',
          'fast-glob',
        ],
      },
    ]);
  });

  it('digests compiled code that lives outside the workspace into a runtime input that changes with it', () => {
    const root = tempDir('code-inputs');
    const checkout = (code: string) => {
      const dir = tempDir('code-elsewhere');
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'index.js'), code);
      return (name: string) => (name.startsWith('@stagecraft/') ? dir : undefined);
    };
    const before = codeInputsFor(root, checkout('exports.a = 1;'));
    expect(before).toEqual([
      { externalDependencies: [] },
      { runtime: expect.stringMatching(/^echo stagecraft-code-[0-9a-f]{16}$/) },
    ]);
    expect(codeInputsFor(root, checkout('exports.a = 1;'))).toEqual(before);
    expect(codeInputsFor(root, checkout('exports.a = 2;'))).not.toEqual(before);
  });
});
