import { describe, expect, it } from 'vitest';
import { hostArch } from './host-arch';

describe('hostArch', () => {
  it('names Node architectures the way melange does', () => {
    expect(hostArch('x64')).toBe('x86_64');
    expect(hostArch('arm64')).toBe('aarch64');
  });

  it('refuses a host it cannot build for, saying how to pick an arch', () => {
    expect(() => hostArch('riscv64')).toThrow('pass -c x86_64 or -c aarch64');
  });
});
