import { describe, expect, it } from 'vitest';
import { CyclicGraphError, reduceTransitively, type EdgePair } from './transitive-reduction';

/** Every node reachable from each node, to compare a graph with its reduction. */
function closure(edges: readonly EdgePair[]): Map<string, Set<string>> {
  const out = new Map<string, string[]>();
  for (const [s, t] of edges) out.set(s, [...(out.get(s) ?? []), t]);
  const reach = new Map<string, Set<string>>();
  const visit = (node: string): Set<string> => {
    const known = reach.get(node);
    if (known) return known;
    const set = new Set<string>();
    for (const next of out.get(node) ?? []) {
      set.add(next);
      for (const further of visit(next)) set.add(further);
    }
    reach.set(node, set);
    return set;
  };
  for (const [s] of edges) visit(s);
  return reach;
}

describe('reduceTransitively', () => {
  it('drops an edge that another path already implies (curl → zlib through openssl)', () => {
    const edges: EdgePair[] = [
      ['os/curl', 'os/openssl'],
      ['os/curl', 'os/zlib'],
      ['os/openssl', 'os/zlib'],
    ];
    expect(reduceTransitively(edges)).toEqual([
      ['os/curl', 'os/openssl'],
      ['os/openssl', 'os/zlib'],
    ]);
  });

  it('keeps edges that are the only path, in input order, and drops duplicates', () => {
    const edges: EdgePair[] = [
      ['stage3/gcc', 'stage2/make'],
      ['stage3/gcc', 'stage2/binutils'],
      ['stage3/gcc', 'stage2/make'],
      ['stage2/make', 'stage1/busybox'],
    ];
    expect(reduceTransitively(edges)).toEqual([
      ['stage3/gcc', 'stage2/make'],
      ['stage3/gcc', 'stage2/binutils'],
      ['stage2/make', 'stage1/busybox'],
    ]);
  });

  it('drops an edge implied through a long chain, and keeps every path of a larger graph', () => {
    const chain: EdgePair[] = Array.from({ length: 40 }, (_, i) => [`p${i}`, `p${i + 1}`]);
    const edges: EdgePair[] = [...chain, ['p0', 'p40'], ['p3', 'p20'], ['x', 'p5'], ['x', 'p39']];
    const reduced = reduceTransitively(edges);
    expect(reduced).toEqual([...chain, ['x', 'p5']]);
    expect(closure(reduced)).toEqual(closure(edges));
  });

  it('keeps reachability on a dense random DAG and leaves no removable edge', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const edges: EdgePair[] = [];
    for (let i = 0; i < 120; i++) for (let j = i + 1; j < 120; j++) if (random() < 0.08) edges.push([`n${j}`, `n${i}`]);
    const reduced = reduceTransitively(edges);
    expect(reduced.length).toBeLessThan(edges.length);
    expect(closure(reduced)).toEqual(closure(edges));
    for (let k = 0; k < reduced.length; k++) {
      const without = reduced.filter((_, i) => i !== k);
      expect(closure(without).get(reduced[k][0])?.has(reduced[k][1]) ?? false).toBe(false);
    }
  });

  it('refuses a cycle instead of returning a graph that lost paths', () => {
    expect(() =>
      reduceTransitively([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ]),
    ).toThrow(CyclicGraphError);
  });
});
