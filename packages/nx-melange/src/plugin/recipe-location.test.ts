import { describe, expect, it } from 'vitest';
import { locateRecipe } from './recipe-location';

const stages = new Set(['stage1', 'os']);

describe('locateRecipe', () => {
  it('reads the folder layout: <stage>/<pkg>/melange.yaml', () => {
    expect(locateRecipe('stage1/gcc/melange.yaml', stages)).toEqual({
      file: 'stage1/gcc/melange.yaml',
      stage: 'stage1',
      directory: 'gcc',
      root: 'stage1/gcc',
      layout: 'folder',
    });
  });

  it('reads the flat layout: <stage>/<pkg>.yaml, with the same project root as the folder layout', () => {
    expect(locateRecipe('os/curl.yaml', stages)).toEqual({
      file: 'os/curl.yaml',
      stage: 'os',
      directory: 'curl',
      root: 'os/curl',
      layout: 'flat',
    });
  });

  it.each([
    ['a folder that is not a stage', 'pipelines/fetch.yaml'],
    ['a stage not named in the options', 'stage2/make/melange.yaml'],
    ['a yaml inside a package folder that is not melange.yaml', 'os/curl/config.yaml'],
    ['a nested folder', 'os/curl/sub/melange.yaml'],
    ['a file named only .yaml', 'os/.yaml'],
  ])('ignores %s (%s)', (_case, file) => {
    expect(locateRecipe(file, stages)).toBeUndefined();
  });
});
