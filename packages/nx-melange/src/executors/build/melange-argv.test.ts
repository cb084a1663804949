import { describe, expect, it } from 'vitest';
import { melangeArgv } from './melange-argv';

describe('melangeArgv', () => {
  it('maps the task inputs onto melange build flags', () => {
    expect(
      melangeArgv({
        recipe: '/ws/os/hello/melange.yaml',
        arch: 'aarch64',
        repositories: ['/ws/.stagecraft/tasks/x/repo'],
        keyrings: ['/ws/.stagecraft/keys/stagecraft.rsa.pub'],
        signingKey: '/ws/.stagecraft/keys/stagecraft.rsa',
        sourceDir: '/ws/os/hello',
        outDir: '/ws/.stagecraft/tasks/x/out',
        cacheDir: '/ws/.stagecraft/sources',
        pipelineDir: '/ws/pipelines',
        namespace: 'stagecraft',
      }),
    ).toEqual([
      'build', '/ws/os/hello/melange.yaml', '--arch', 'aarch64', '--runner', 'bubblewrap',
      '--repository-append', '/ws/.stagecraft/tasks/x/repo',
      '--keyring-append', '/ws/.stagecraft/keys/stagecraft.rsa.pub',
      '--signing-key', '/ws/.stagecraft/keys/stagecraft.rsa',
      '--source-dir', '/ws/os/hello',
      '--out-dir', '/ws/.stagecraft/tasks/x/out',
      '--cache-dir', '/ws/.stagecraft/sources',
      '--pipeline-dir', '/ws/pipelines',
      '--namespace', 'stagecraft', '--generate-index=false',
    ]);
  });
});
