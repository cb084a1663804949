import { describe, expect, it } from 'vitest';
import { parseDependency } from './parse-dependency';

describe('parseDependency', () => {
  it.each([
    ['busybox', { name: 'busybox' }],
    ['gcc~13', { name: 'gcc', op: '~', version: '13' }],
    ['openssl-dev>3', { name: 'openssl-dev', op: '>', version: '3' }],
    ['default-jdk<=1.25', { name: 'default-jdk', op: '<=', version: '1.25' }],
    ['automake<1.17', { name: 'automake', op: '<', version: '1.17' }],
    ['nasm=2.16.03-r3', { name: 'nasm', op: '=', version: '2.16.03-r3' }],
    ['py3>=3.12', { name: 'py3', op: '>=', version: '3.12' }],
    ['!foo', { name: 'foo', conflict: true }],
    ['foo@edge', { name: 'foo', tag: 'edge' }],
    ['so:libc.so.6', { name: 'so:libc.so.6' }],
    ['cmd:rst2man', { name: 'cmd:rst2man' }],
  ])('%s', (raw, expected) => {
    expect(parseDependency(raw)).toEqual({ raw, ...expected });
  });
});
