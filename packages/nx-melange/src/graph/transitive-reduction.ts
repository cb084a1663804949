/**
 * The fewest edges that keep every "is built from" path of an acyclic graph: an edge P → Q is
 * dropped when Q is also reachable through another of P's edges. Nx only needs paths — `^build`
 * ordering, `nx affected` and the transitive dependency-output input all follow them — and
 * every edge it holds costs the worker IPC, the graph builder, project-graph.json and
 * `nx graph`: on Wolfi's corpus 85,459 resolved edges reduce to 11,426.
 *
 * Pure and deterministic: the kept edges keep their input order (a repeated edge is kept once,
 * at its first place). Nodes and edges are numbered so that the walk allocates no strings.
 */

/** `[source, target]` */
export type EdgePair = readonly [string, string];

export class CyclicGraphError extends Error {
  constructor(readonly node: string) {
    super(`the seeding graph has a cycle through ${node}; cycles are broken before edges are reduced`);
    this.name = 'CyclicGraphError';
  }
}

export function reduceTransitively<E extends EdgePair>(edges: readonly E[]): E[] {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const id = (name: string): number => {
    let n = ids.get(name);
    if (n === undefined) {
      n = names.length;
      ids.set(name, n);
      names.push(name);
    }
    return n;
  };
  const source = new Int32Array(edges.length);
  const target = new Int32Array(edges.length);
  for (let e = 0; e < edges.length; e++) {
    source[e] = id(edges[e][0]);
    target[e] = id(edges[e][1]);
  }
  // Edge numbers by source node (counting sort keeps input order within a node).
  const start = new Int32Array(names.length + 1);
  for (let e = 0; e < edges.length; e++) start[source[e] + 1]++;
  for (let n = 0; n < names.length; n++) start[n + 1] += start[n];
  const bySource = new Int32Array(edges.length);
  const fill = start.slice(0, names.length);
  for (let e = 0; e < edges.length; e++) bySource[fill[source[e]]++] = e;

  const rank = postOrderRanks(names, start, bySource, target);
  const order = new Int32Array(names.length);
  for (let n = 0; n < names.length; n++) order[rank[n]] = n;

  const words = (names.length + 31) >>> 5;
  // reach[rank]: the ranks reachable from that node through one or more edges, as a bitset.
  const reach: Uint32Array[] = new Array(names.length);
  const kept = new Uint8Array(edges.length);
  for (let r = 0; r < names.length; r++) {
    const node = order[r];
    const bits = new Uint32Array(words);
    // Nearest first (highest rank below this node): a target reachable through a nearer one is
    // already in `bits` when its turn comes. The sort is stable, so a repeated edge keeps its first place.
    const out = Array.from(bySource.subarray(start[node], start[node + 1])).sort((a, b) => rank[target[b]] - rank[target[a]]);
    for (const e of out) {
      const t = rank[target[e]];
      if (bits[t >>> 5] & (1 << (t & 31))) continue;
      kept[e] = 1;
      const below = reach[t];
      for (let w = 0; w < words; w++) bits[w] |= below[w];
      bits[t >>> 5] |= 1 << (t & 31);
    }
    reach[r] = bits;
  }
  return edges.filter((_, e) => kept[e] === 1);
}

/** Each node's place in a post-order (every node after all nodes it reaches); throws on a cycle. Iterative: chains can be long. */
function postOrderRanks(names: readonly string[], start: Int32Array, bySource: Int32Array, target: Int32Array): Int32Array {
  const OPEN = -2;
  const NEW = -1;
  const rank = new Int32Array(names.length).fill(NEW);
  let next = 0;
  const stack: number[] = [];
  const cursor: number[] = [];
  for (let root = 0; root < names.length; root++) {
    if (rank[root] !== NEW) continue;
    rank[root] = OPEN;
    stack.push(root);
    cursor.push(start[root]);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top];
      if (cursor[top] === start[node + 1]) {
        stack.pop();
        cursor.pop();
        rank[node] = next++;
        continue;
      }
      const t = target[bySource[cursor[top]++]];
      if (rank[t] === NEW) {
        rank[t] = OPEN;
        stack.push(t);
        cursor.push(start[t]);
      } else if (rank[t] === OPEN) {
        throw new CyclicGraphError(names[t]);
      }
    }
  }
  return rank;
}
