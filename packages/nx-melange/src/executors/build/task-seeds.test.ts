import { describe, expect, it } from 'vitest';
import { normalizeInferenceOptions } from '../../plugin/inference-options';
import { taskSeeds } from './task-seeds';

const options = normalizeInferenceOptions({
  stages: [
    { name: 'stage1', sources: ['self', 'seed:debian'] },
    { name: 'os', sources: ['self', 'stage1'], seedFree: false },
  ],
  seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' }, alpine: { type: 'apk', lock: 'seeds/alpine.lock.json' } },
  published: { v1: { type: 'apk', lock: 'seeds/v1.lock.json' } },
  repositories: { 'https://packages.example/v1': 'published:v1', 'https://dl.alpinelinux.org/alpine': 'seed:alpine' },
});

describe('taskSeeds', () => {
  it("takes the stage's seeds", () => {
    expect(taskSeeds(options, 'stage1', [])).toEqual([{ name: 'debian', lock: 'seeds/debian.lock.json' }]);
    expect(taskSeeds(options, 'os', [])).toEqual([]);
  });

  it('adds the sources a recipe names in environment.contents.repositories', () => {
    expect(taskSeeds(options, 'os', ['https://packages.example/v1', 'https://unmapped.example'])).toEqual([{ name: 'v1', lock: 'seeds/v1.lock.json' }]);
  });
});
