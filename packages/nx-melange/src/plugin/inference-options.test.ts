import { describe, expect, it } from 'vitest';
import { lockFilesFor, normalizeInferenceOptions } from './inference-options';

const options = normalizeInferenceOptions({
  stages: [
    { name: 'stage1', sources: ['self', 'seed:debian'] },
    { name: 'os', sources: ['self', 'stage1', 'published:wolfi'], seedFree: true },
  ],
  seeds: {
    debian: { type: 'debian', lock: 'seeds/debian.lock.json' },
    alpine: { type: 'apk', lock: 'seeds/alpine.lock.json' },
  },
  published: { wolfi: { type: 'apk', lock: 'published/wolfi.lock.json' } },
  repositories: { 'https://packages.wolfi.dev/bootstrap/stage1': 'seed:alpine', 'https://packages.wolfi.dev/os': 'published:wolfi' },
});

describe('inference options', () => {
  it('knows the stage folders and defaults the pipeline folder', () => {
    expect([...options.stages]).toEqual(['stage1', 'os']);
    expect(options.pipelineDir).toBe('pipelines');
  });

  it('gives a build the locks of its own stage only', () => {
    expect(lockFilesFor(options, 'stage1', [])).toEqual(['seeds/debian.lock.json']);
    expect(lockFilesFor(options, 'os', [])).toEqual(['published/wolfi.lock.json']);
  });

  it('adds the lock a recipe reaches through environment.contents.repositories', () => {
    expect(lockFilesFor(options, 'stage1', ['https://packages.wolfi.dev/bootstrap/stage1', 'https://unmapped.example'])).toEqual([
      'seeds/alpine.lock.json',
      'seeds/debian.lock.json',
    ]);
  });

  it('rejects options the seeding graph cannot use, naming the option', () => {
    expect(() => normalizeInferenceOptions({ stages: [{ name: 'os', sources: ['self', 'seed:nowhere'] }] })).toThrow(
      'nx-melange options: stages[0].sources[1]: unknown seed source "seed:nowhere"',
    );
  });
});
