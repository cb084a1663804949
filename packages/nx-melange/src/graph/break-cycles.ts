/**
 * Cycle breaking for the `self` edges of one stage. Nx refuses a cyclic task graph, and its own
 * escape hatch drops edges arbitrarily, so the resolver decides which edges to move past `self`
 * before Nx sees them. Every rule here looks only inside one strongly connected component, so an
 * edit outside a cycle never moves an edge inside it; the rules differ in how many edges they move
 * and in how far an edit inside the cycle ripples (tools/bench/cycle-rules.mjs measures both).
 */
import { findStronglyConnectedComponents } from './strongly-connected-components';

export type CycleRuleName = 'rank' | 'scc-all' | 'greedy' | 'eades';

/**
 * The rule the resolver uses. Measured on the wolfi-os corpus (tools/bench/cycle-rules.mjs, 447-
 * recipe cycle, 19,086 self edges inside cycles): every rule moves nothing on an edit outside a
 * cycle; rank moves 3,296 edges (eades 2,192, greedy 3,745, scc-all 19,086) and an edit inside
 * the cycle changes 1.7 redirects on average, at most 4 (eades 2.2, at most 10). Rank is chosen
 * for that bounded ripple and because `why` can say it in one sentence.
 */
export const DEFAULT_CYCLE_RULE: CycleRuleName = 'rank';

export const CYCLE_RULE_DESCRIPTIONS: Record<CycleRuleName, string> = {
  rank: 'inside a cycle, what more of the cycle needs is built first (then what needs less of it, then by name); edges against that order are moved past self',
  'scc-all': 'every self edge inside a cycle is moved past self',
  greedy: 'self edges are added in name order; one that would close a cycle is moved past self',
  eades: 'a minimal-ish feedback arc set by the Eades–Lin–Smyth ordering, ties by name',
};

/** An edge moved past self, with a shortest cycle it was part of (closed path: a → b → … → a). */
export interface CycleBreak {
  source: string;
  target: string;
  cycle: string[];
}

type Edge = readonly [string, string];

export function breakCycles(edges: readonly Edge[], rule: CycleRuleName = DEFAULT_CYCLE_RULE): CycleBreak[] {
  const adjacency = buildAdjacency(edges);
  const breaks: CycleBreak[] = [];
  for (const component of findStronglyConnectedComponents(adjacency)) {
    if (component.length < 2) continue;
    const members = new Set(component);
    // components come sorted; sorting each node's neighbours too makes every rule and path deterministic
    const inside = new Map<string, string[]>();
    for (const node of component) inside.set(node, (adjacency.get(node) ?? []).filter((t) => members.has(t)).sort());
    breaks.push(...shortestCycles(inside, chooseEdgesToMove(inside, rule)));
  }
  return breaks.sort((a, b) => compare(a.source, b.source) || compare(a.target, b.target));
}

function chooseEdgesToMove(inside: Map<string, string[]>, rule: CycleRuleName): Edge[] {
  const all: Edge[] = [];
  // forEach, not for-of: a first run is mostly unoptimised code, where for-of allocates per step
  inside.forEach((targets, source) => targets.forEach((target) => all.push([source, target])));
  switch (rule) {
    case 'scc-all':
      return all;
    case 'greedy':
      return greedyInsertion(all);
    case 'rank':
      return againstOrder(all, rankByDependents(inside));
    case 'eades':
      return againstOrder(all, eadesOrder(inside));
  }
}

/** Keep u → v only when v comes before u in `order` (v is built first). */
function againstOrder(all: Edge[], order: string[]): Edge[] {
  const position = new Map(order.map((node, i) => [node, i]));
  return all.filter(([u, v]) => position.get(v)! > position.get(u)!);
}

// Build first what most of the cycle needs, and among equals what needs least of the cycle. Both
// counts are properties of the cycle alone, so the order is stable: a new edge changes the counts
// of its two ends and so can only reorder those two packages.
function rankByDependents(inside: Map<string, string[]>): string[] {
  const dependents = new Map<string, number>();
  for (const node of inside.keys()) dependents.set(node, 0);
  for (const targets of inside.values()) for (const t of targets) dependents.set(t, dependents.get(t)! + 1);
  const needs = (node: string) => inside.get(node)!.length;
  return [...inside.keys()].sort((a, b) => dependents.get(b)! - dependents.get(a)! || needs(a) - needs(b) || compare(a, b));
}

function eadesOrder(inside: Map<string, string[]>): string[] {
  const out = new Map<string, Set<string>>();
  const into = new Map<string, Set<string>>();
  for (const node of inside.keys()) {
    out.set(node, new Set());
    into.set(node, new Set());
  }
  for (const [u, targets] of inside) {
    for (const v of targets) {
      out.get(u)!.add(v);
      into.get(v)!.add(u);
    }
  }
  const remaining = new Set([...inside.keys()].sort(compare));
  const remove = (node: string) => {
    remaining.delete(node);
    for (const v of out.get(node)!) into.get(v)!.delete(node);
    for (const u of into.get(node)!) out.get(u)!.delete(node);
  };
  // built first = nothing left to depend on; the order is "dependencies first"
  const first: string[] = [];
  const last: string[] = [];
  while (remaining.size > 0) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const node of remaining) {
        if (out.get(node)!.size === 0) {
          first.push(node);
          remove(node);
          changed = true;
        } else if (into.get(node)!.size === 0) {
          last.unshift(node);
          remove(node);
          changed = true;
        }
      }
    }
    if (remaining.size === 0) break;
    let best = '';
    let bestScore = -Infinity;
    for (const node of remaining) {
      const score = into.get(node)!.size - out.get(node)!.size;
      if (score > bestScore) {
        best = node;
        bestScore = score;
      }
    }
    first.push(best);
    remove(best);
  }
  return [...first, ...last];
}

function greedyInsertion(all: Edge[]): Edge[] {
  const kept = new Map<string, string[]>();
  const moved: Edge[] = [];
  for (const [u, v] of [...all].sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))) {
    if (reaches(kept, v, u)) {
      moved.push([u, v]);
    } else {
      const list = kept.get(u) ?? [];
      list.push(v);
      kept.set(u, list);
    }
  }
  return moved;
}

function reaches(adjacency: Map<string, string[]>, from: string, to: string): boolean {
  if (from === to) return true;
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const next of adjacency.get(stack.pop()!) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/**
 * For each moved edge u → v, a shortest cycle through it: u, then a shortest path v → … → u.
 * One breadth-first walk per target over the component (neighbours in sorted order, so the
 * path is deterministic), stopped once every source moved towards that target is reached; on
 * the Wolfi cycle (447 recipes, 19,086 edges) that is hundreds of walks, hence numbers, not names.
 */
function shortestCycles(inside: Map<string, string[]>, moved: Edge[]): CycleBreak[] {
  const nodes = [...inside.keys()];
  const indexOf = new Map(nodes.map((node, i) => [node, i]));
  const next = nodes.map((node) => inside.get(node)!.map((target) => indexOf.get(target)!));
  const sourcesTo = new Map<number, number[]>();
  for (let i = 0; i < moved.length; i++) {
    const t = indexOf.get(moved[i]![1])!;
    const s = indexOf.get(moved[i]![0])!;
    const sources = sourcesTo.get(t);
    if (sources) sources.push(s);
    else sourcesTo.set(t, [s]);
  }
  const previous = new Int32Array(nodes.length);
  const queue = new Int32Array(nodes.length);
  const breaks: CycleBreak[] = [];
  for (const [target, sources] of sourcesTo) {
    previous.fill(-1);
    previous[target] = target;
    queue[0] = target;
    const wanted = new Set(sources.filter((s) => s !== target));
    for (let head = 0, tail = 1; head < tail && wanted.size > 0; head++) {
      const from = queue[head]!;
      const targets = next[from]!;
      // indexed: a first run is mostly unoptimised code, where for-of allocates per step
      for (let k = 0; k < targets.length; k++) {
        const to = targets[k]!;
        if (previous[to] !== -1) continue;
        previous[to] = from;
        queue[tail++] = to;
        wanted.delete(to);
      }
    }
    for (const source of sources) {
      const path: string[] = [];
      for (let node = source; node !== target; node = previous[node]!) path.push(nodes[node]!);
      breaks.push({ source: nodes[source]!, target: nodes[target]!, cycle: [nodes[source]!, nodes[target]!, ...path.reverse()] });
    }
  }
  return breaks;
}

function buildAdjacency(edges: readonly Edge[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (let i = 0; i < edges.length; i++) {
    const u = edges[i]![0];
    const v = edges[i]![1];
    if (!sets.has(u)) sets.set(u, new Set());
    if (!sets.has(v)) sets.set(v, new Set());
    sets.get(u)!.add(v);
  }
  // unsorted: which nodes form a component does not depend on the order they are visited in, and
  // only the components of two or more nodes are sorted (breakCycles), a fraction of a stage's edges
  const adjacency = new Map<string, string[]>();
  sets.forEach((targets, node) => adjacency.set(node, [...targets]));
  return adjacency;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
