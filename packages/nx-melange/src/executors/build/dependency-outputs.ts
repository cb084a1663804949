/**
 * Which output directories a build task may draw its environment from: the outputs of its
 * dependency tasks, transitively (a package's runtime dependencies are built by tasks further
 * down), and nothing else — never another project's stale dist folder.
 */
export interface TaskGraphView {
  tasks: Record<string, { outputs: string[] }>;
  /** Nx 24 gives edges as `{id}` objects; older shapes use plain ids */
  dependencies: Record<string, ({ id: string } | string)[]>;
}

export function dependencyOutputDirs(graph: TaskGraphView, taskId: string): string[] {
  const seen = new Set<string>();
  const queue = [...edges(graph, taskId)];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...edges(graph, id));
  }
  const dirs = new Set<string>();
  for (const id of [...seen].sort()) for (const out of graph.tasks[id]?.outputs ?? []) dirs.add(out);
  return [...dirs];
}

function edges(graph: TaskGraphView, id: string): string[] {
  return (graph.dependencies[id] ?? []).map((e) => (typeof e === 'string' ? e : e.id));
}
