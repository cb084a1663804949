import { describe, expect, it } from 'vitest';
import type { EnvironmentPlan } from './environment';
import { planKey } from './reuse-root';

const pkg = (name: string, hex: string) => ({
  name,
  version: '1',
  format: 'deb' as const,
  digest: `sha256:${hex.repeat(64)}`,
  origin: { kind: 'seed' as const, seed: 'debian', url: `http://x/${name}.deb` },
});

describe('planKey', () => {
  const plan: EnvironmentPlan = { arch: 'x86_64', requested: ['a'], packages: [pkg('a', '1'), pkg('b', '2')] };

  it('depends on the package files and the arch, not on order or what was asked for', () => {
    expect(planKey({ ...plan, requested: ['b'], packages: [...plan.packages].reverse() })).toBe(planKey(plan));
    expect(planKey({ ...plan, arch: 'aarch64' })).not.toBe(planKey(plan));
    expect(planKey({ ...plan, packages: [pkg('a', '1'), pkg('b', '3')] })).not.toBe(planKey(plan));
    expect(planKey(plan)).toMatch(/^x86_64-[0-9a-f]{32}$/);
  });
});
