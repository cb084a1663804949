import { describe, expect, it } from 'vitest';
import { dependencyOutputDirs } from './dependency-outputs';

describe('dependencyOutputDirs', () => {
  it("collects only the direct dependency tasks' outputs: a stage never sees what its dependencies were built from", () => {
    const graph = {
      tasks: {
        'stage3/base-files:build:x86_64': { outputs: ['dist/x86_64/stage3/base-files'] },
        'stage2/busybox:build:x86_64': { outputs: ['dist/x86_64/stage2/busybox'] },
        'stage1/busybox:build:x86_64': { outputs: ['dist/x86_64/stage1/busybox'] },
        'os/unrelated:build:x86_64': { outputs: ['dist/x86_64/os/unrelated'] },
      },
      dependencies: {
        'stage3/base-files:build:x86_64': [{ id: 'stage2/busybox:build:x86_64' }],
        'stage2/busybox:build:x86_64': [{ id: 'stage1/busybox:build:x86_64' }],
        'stage1/busybox:build:x86_64': [],
        'os/unrelated:build:x86_64': [],
      },
    };
    expect(dependencyOutputDirs(graph, 'stage3/base-files:build:x86_64')).toEqual(['dist/x86_64/stage2/busybox']);
    expect(dependencyOutputDirs(graph, 'stage2/busybox:build:x86_64')).toEqual(['dist/x86_64/stage1/busybox']);
    expect(dependencyOutputDirs(graph, 'stage1/busybox:build:x86_64')).toEqual([]);
  });
});
