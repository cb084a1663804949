import { describe, expect, it } from 'vitest';
import { deriveProvides } from './derive-provides';

describe('deriveProvides', () => {
  it('turns shlibs into so: names and file paths into cmd: and pc: names', () => {
    expect(
      deriveProvides({
        shlibs: 'libz 1 zlib1g (>= 1:1.2.3.3.dfsg-1)\nudeb: libz 1 zlib1g-udeb (>= 1:1.2.3.3.dfsg-1)\nld-linux-x86-64 2 libc6 (>= 2.36)\n',
        files: [
          'usr/',
          'usr/bin/',
          'usr/bin/make',
          'bin/gzip',
          'usr/lib/x86_64-linux-gnu/libz.so.1',
          'usr/lib/x86_64-linux-gnu/pkgconfig/zlib.pc',
          'usr/share/pkgconfig/bash-completion.pc',
          'usr/bin/subdir/not-a-command',
        ],
      }),
    ).toEqual(['cmd:gzip', 'cmd:make', 'pc:bash-completion', 'pc:zlib', 'so:ld-linux-x86-64.so.2=2', 'so:libz.so.1=1']);
  });

  it('leaves the version off a soname version apk cannot order', () => {
    expect(deriveProvides({ shlibs: 'libweird 1a+b libweird (>= 1)\n', files: [] })).toEqual(['so:libweird.so.1a+b']);
  });
});
