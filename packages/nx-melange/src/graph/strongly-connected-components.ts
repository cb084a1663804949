/**
 * Tarjan's strongly connected components, iterative (a 3,000-recipe stage would overflow a
 * recursive walk). Visits nodes and neighbours in the adjacency's own order, so a sorted
 * adjacency gives the same components in the same order every time. Nodes are numbered first:
 * the Wolfi stage's self edges (~75,000) are walked on every cold Nx command, and typed arrays
 * indexed by number cost a fraction of maps keyed by name.
 */
export function findStronglyConnectedComponents(adjacency: Map<string, string[]>): string[][] {
  const nodes = [...adjacency.keys()];
  const roots = nodes.length;
  const numbers = new Map(nodes.map((node, i) => [node, i]));
  const numberOf = (node: string) => {
    let n = numbers.get(node);
    // a neighbour without its own entry is a node without edges
    if (n === undefined) numbers.set(node, (n = nodes.push(node) - 1));
    return n;
  };
  const next = nodes.map((node) => adjacency.get(node)!.map(numberOf));
  while (next.length < nodes.length) next.push([]);

  const index = new Int32Array(nodes.length).fill(-1);
  const low = new Int32Array(nodes.length);
  const onStack = new Uint8Array(nodes.length);
  const nextEdge = new Int32Array(nodes.length);
  const stack: number[] = [];
  const work: number[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: number) => {
    index[node] = low[node] = counter++;
    stack.push(node);
    onStack[node] = 1;
    work.push(node);
  };
  for (let root = 0; root < roots; root++) {
    if (index[root] !== -1) continue;
    visit(root);
    while (work.length > 0) {
      const node = work[work.length - 1]!;
      const neighbours = next[node]!;
      if (nextEdge[node]! < neighbours.length) {
        const target = neighbours[nextEdge[node]!++]!;
        if (index[target] === -1) visit(target);
        else if (onStack[target]) low[node] = Math.min(low[node]!, index[target]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[node]!);
      }
      if (low[node] === index[node]) {
        const component: string[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(nodes[member]!);
        } while (member !== node);
        components.push(component.sort());
      }
    }
  }
  return components;
}
