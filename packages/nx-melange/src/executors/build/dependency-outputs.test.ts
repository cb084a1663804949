import { describe, expect, it } from 'vitest';
import { providerOutputDirs } from './dependency-outputs';

const task = (project: string) => ({ outputs: [`dist/x86_64/${project}`], target: { project } });

describe('providerOutputDirs', () => {
  const graph = {
    tasks: {
      'stage3/base-files:build:x86_64': task('stage3/base-files'),
      'stage2/busybox:build:x86_64': task('stage2/busybox'),
      'stage1/busybox:build:x86_64': task('stage1/busybox'),
      'os/curl:build:x86_64': task('os/curl'),
      'os/openssl:build:x86_64': task('os/openssl'),
      'os/zlib:build:x86_64': task('os/zlib'),
      'os/unrelated:build:x86_64': task('os/unrelated'),
    },
    dependencies: {
      'stage3/base-files:build:x86_64': [{ id: 'stage2/busybox:build:x86_64' }],
      'stage2/busybox:build:x86_64': [{ id: 'stage1/busybox:build:x86_64' }],
      'stage1/busybox:build:x86_64': [],
      // curl → zlib is implied by curl → openssl → zlib, so Nx holds only the path
      'os/curl:build:x86_64': [{ id: 'os/openssl:build:x86_64' }],
      'os/openssl:build:x86_64': ['os/zlib:build:x86_64'],
      'os/zlib:build:x86_64': [],
      'os/unrelated:build:x86_64': [],
    },
  };

  it('finds a provider the reduced task graph reaches only through another dependency', () => {
    expect(providerOutputDirs(graph, 'os/curl:build:x86_64', new Set(['os/openssl', 'os/zlib']))).toEqual([
      'dist/x86_64/os/openssl',
      'dist/x86_64/os/zlib',
    ]);
  });

  it('takes only the providers: a stage never sees what its dependencies were built from', () => {
    expect(providerOutputDirs(graph, 'stage3/base-files:build:x86_64', new Set(['stage2/busybox']))).toEqual(['dist/x86_64/stage2/busybox']);
    expect(providerOutputDirs(graph, 'stage2/busybox:build:x86_64', new Set(['stage1/busybox']))).toEqual(['dist/x86_64/stage1/busybox']);
    expect(providerOutputDirs(graph, 'stage1/busybox:build:x86_64', new Set())).toEqual([]);
  });

  it('ignores a provider that is not among the dependency tasks', () => {
    expect(providerOutputDirs(graph, 'os/openssl:build:x86_64', new Set(['os/zlib', 'os/unrelated']))).toEqual(['dist/x86_64/os/zlib']);
  });
});
