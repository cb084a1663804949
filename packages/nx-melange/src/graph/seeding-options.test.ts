import { describe, expect, it } from 'vitest';
import { normalizeSeedingOptions, OptionsError, outsideSourcesOfStage, StageOrderCycleError } from './seeding-options';

const designOptions = {
  stages: [
    { name: 'stage1', sources: ['self', 'seed:debian'] },
    { name: 'stage2', sources: ['stage1', 'self', 'seed:debian'] },
    { name: 'stage3', sources: ['stage2', 'self'], seedFree: true },
    { name: 'os', sources: ['self', 'stage3', 'published:wolfi'], seedFree: true },
  ],
  seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
  published: { wolfi: { type: 'apk', lock: 'seeds/wolfi.lock.json' } },
  repositories: { 'https://packages.wolfi.dev/os': 'published:wolfi' },
  pipelineDir: 'pipelines',
};

function errorOf(raw: unknown): OptionsError {
  try {
    normalizeSeedingOptions(raw);
  } catch (e) {
    if (e instanceof OptionsError) return e;
    throw e;
  }
  throw new Error('expected an OptionsError');
}

describe('normalizeSeedingOptions', () => {
  it('accepts the DESIGN options and fills seedFree', () => {
    const options = normalizeSeedingOptions(designOptions);
    expect(options.stages.map((s) => [s.name, s.seedFree])).toEqual([
      ['stage1', false],
      ['stage2', false],
      ['stage3', true],
      ['os', true],
    ]);
    expect(options.repositories).toEqual({ 'https://packages.wolfi.dev/os': 'published:wolfi' });
    expect(outsideSourcesOfStage(options, 'os')).toEqual([{ ref: 'published:wolfi', lock: 'seeds/wolfi.lock.json' }]);
  });

  it('names the stage order cycle', () => {
    const e = errorOf({
      stages: [
        { name: 'stage2', sources: ['os', 'self'] },
        { name: 'os', sources: ['self', 'stage2'] },
      ],
    });
    expect(e).toBeInstanceOf(StageOrderCycleError);
    expect((e as StageOrderCycleError).cycle).toEqual(['stage2', 'os', 'stage2']);
    expect(e.message).toBe(
      'nx-melange options: stages: stage order has a cycle: stage2 → os → stage2 (a stage may only draw from stages built before it)',
    );
  });

  it.each([
    [{ stages: [{ name: 'a', sources: ['self', 'b'] }] }, 'stages[0].sources[1]: unknown stage "b" (known: a)'],
    [{ stages: [{ name: 'a', sources: ['seed:alpine'] }] }, 'stages[0].sources[0]: unknown seed source "seed:alpine" (known: none declared)'],
    [{ stages: [{ name: 'a', sources: ['a'] }] }, 'stages[0].sources[0]: stage "a" lists itself by name; write "self" for its own recipes'],
    [
      { stages: [{ name: 'a', sources: ['self', 'seed:d'], seedFree: true }], seeds: { d: { type: 'debian', lock: 'd.json' } } },
      'stages[0].sources[1]: stage "a" is seedFree but draws from "seed:d"',
    ],
    [{ stages: [{ name: 'a', sources: ['mirror:x'] }] }, 'stages[0].sources[0]: "mirror:x" is not a source (self, a stage name, seed:<n>, published:<n>)'],
    [{ stages: [{ name: 'a', sources: ['self', 'self'] }] }, 'stages[0].sources[1]: source "self" is listed twice in stage "a"'],
    [{ stages: [{ name: 'a', sources: [] }, { name: 'a', sources: [] }] }, 'stages[1].name: stage "a" is declared twice'],
    [{ stages: [] }, 'stages: must be a non-empty list of { name, sources, seedFree? }'],
    [{ stages: [{ name: 'a', sources: ['self'] }], seeds: { d: { type: 'debian' } } }, 'seeds.d.lock: must be the path of the lock file'],
    [{ stages: [{ name: 'a', sources: ['self'] }], repositories: { 'https://x': 'b' } }, 'repositories["https://x"]: unknown stage "b" (known: a)'],
  ])('rejects %j', (raw, message) => {
    expect(errorOf(raw).message).toBe(`nx-melange options: ${message}`);
  });
});
