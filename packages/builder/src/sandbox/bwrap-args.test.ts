import { describe, expect, it } from 'vitest';
import { bwrapArgs } from './bwrap-args';

describe('bwrapArgs', () => {
  it('mounts the root read-only, the workspace and cache writable, and passes only the given environment', () => {
    const args = bwrapArgs(
      { rootDir: '/r', workspaceDir: '/w', cacheDir: '/c', readOnlyBinds: [{ source: '/src', target: '/opt/src' }] },
      { SOURCE_DATE_EPOCH: '1700000000', CFLAGS: '-O2' },
      '/home/build/sub',
      ['/bin/sh', '-c', 'make'],
    );
    expect(args.join(' ')).toBe(
      [
        '--unshare-all --die-with-parent --new-session --hostname stagecraft',
        '--ro-bind /r / --dev /dev --proc /proc --tmpfs /tmp --bind /w /home/build',
        '--bind /c /var/cache/melange --ro-bind /src /opt/src',
        '--chdir /home/build/sub --clearenv',
        '--setenv CFLAGS -O2 --setenv HOME /home/build',
        '--setenv PATH /usr/local/sbin:/usr/local/bin:/usr/bin:/usr/sbin:/sbin:/bin',
        '--setenv SOURCE_DATE_EPOCH 1700000000',
        '-- /bin/sh -c make',
      ].join(' '),
    );
  });
});
