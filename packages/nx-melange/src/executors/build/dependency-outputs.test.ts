import { describe, expect, it } from 'vitest';
import { dependencyOutputDirs } from './dependency-outputs';

describe('dependencyOutputDirs', () => {
  it('collects the outputs of dependency tasks transitively, and only those', () => {
    const graph = {
      tasks: {
        'os/app:build:x86_64': { outputs: ['dist/x86_64/os/app'] },
        'os/lib:build:x86_64': { outputs: ['dist/x86_64/os/lib'] },
        'stage3/libc:build:x86_64': { outputs: ['dist/x86_64/stage3/libc'] },
        'os/unrelated:build:x86_64': { outputs: ['dist/x86_64/os/unrelated'] },
      },
      dependencies: {
        'os/app:build:x86_64': [{ id: 'os/lib:build:x86_64' }],
        'os/lib:build:x86_64': [{ id: 'stage3/libc:build:x86_64' }],
        'stage3/libc:build:x86_64': [],
        'os/unrelated:build:x86_64': [],
      },
    };
    expect(dependencyOutputDirs(graph, 'os/app:build:x86_64')).toEqual(['dist/x86_64/os/lib', 'dist/x86_64/stage3/libc']);
    expect(dependencyOutputDirs(graph, 'stage3/libc:build:x86_64')).toEqual([]);
  });
});
