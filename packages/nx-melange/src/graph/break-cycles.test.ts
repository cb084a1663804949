import { describe, expect, it } from 'vitest';
import { breakCycles, type CycleRuleName } from './break-cycles';
import { findStronglyConnectedComponents } from './strongly-connected-components';

const RULES: CycleRuleName[] = ['rank', 'scc-all', 'greedy', 'eades'];

// wolfictl's cycle fixture (pkg/dag/testdata/cycle): a→b,c,d  b→c,d  c→d  d→a
const wolfictlFixture = [
  ['a', 'b'], ['a', 'c'], ['a', 'd'], ['b', 'c'], ['b', 'd'], ['c', 'd'], ['d', 'a'],
] as const;

// two cycles joined by an edge that is in neither: x↔y, p→q→r→p, y→p
const twoCycles = [['x', 'y'], ['y', 'x'], ['p', 'q'], ['q', 'r'], ['r', 'p'], ['y', 'p']] as const;

function acyclicAfter(edges: readonly (readonly [string, string])[], rule: CycleRuleName): boolean {
  const moved = new Set(breakCycles(edges, rule).map((b) => `${b.source}>${b.target}`));
  const adjacency = new Map<string, string[]>();
  for (const [u, v] of edges) {
    if (!adjacency.has(v)) adjacency.set(v, []);
    if (!moved.has(`${u}>${v}`)) adjacency.set(u, [...(adjacency.get(u) ?? []), v]);
    else if (!adjacency.has(u)) adjacency.set(u, []);
  }
  return findStronglyConnectedComponents(adjacency).every((c) => c.length === 1);
}

describe('breakCycles', () => {
  it.each(RULES)('rule %s leaves no cycle', (rule) => {
    expect(acyclicAfter(wolfictlFixture, rule)).toBe(true);
    expect(acyclicAfter(twoCycles, rule)).toBe(true);
  });

  it('rank: moves only the edges against "most needed first"', () => {
    // d is needed by a, b and c: it is built first, so only d → a is moved, as wolfictl does
    expect(breakCycles(wolfictlFixture, 'rank')).toEqual([{ source: 'd', target: 'a', cycle: ['d', 'a', 'd'] }]);
  });

  it('scc-all: moves every edge inside a cycle and none between cycles', () => {
    expect(breakCycles(twoCycles, 'scc-all').map((b) => `${b.source}>${b.target}`)).toEqual(['p>q', 'q>r', 'r>p', 'x>y', 'y>x']);
  });

  it('greedy: refuses, in name order, the edge that closes a cycle', () => {
    expect(breakCycles(wolfictlFixture, 'greedy').map((b) => `${b.source}>${b.target}`)).toEqual(['d>a']);
    expect(breakCycles(twoCycles, 'greedy').map((b) => `${b.source}>${b.target}`)).toEqual(['r>p', 'y>x']);
  });

  it('names a shortest cycle through each moved edge', () => {
    const [moved] = breakCycles([['a', 'b'], ['b', 'c'], ['c', 'a'], ['b', 'a']], 'scc-all').filter((b) => b.source === 'a');
    expect(moved!.cycle).toEqual(['a', 'b', 'a']);
  });

  it.each(RULES)('rule %s does not depend on edge order', (rule) => {
    const reversed = [...wolfictlFixture].reverse();
    expect(breakCycles(reversed, rule)).toEqual(breakCycles(wolfictlFixture, rule));
  });
});
