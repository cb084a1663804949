/**
 * Which output directories a build task may draw its environment from: those of the dependency
 * tasks that build one of the projects its seeding graph resolved to, and nothing else. Nx
 * holds the transitive reduction of that graph, so a provider can sit several task-graph edges
 * down (curl → openssl → zlib, zlib also being curl's own need); the walk goes through the
 * whole dependency closure but takes only the providers, which keeps a seed-free stage3 build
 * from seeing the stage1 busybox its stage2 dependency was built with (same file name).
 */
export interface TaskGraphView {
  tasks: Record<string, { outputs: string[]; target: { project: string } }>;
  /** Nx 24 gives edges as `{id}` objects; older shapes use plain ids */
  dependencies: Record<string, ({ id: string } | string)[]>;
}

export function providerOutputDirs(graph: TaskGraphView, taskId: string, providers: ReadonlySet<string>): string[] {
  const reached = new Set<string>();
  const pending = [taskId];
  while (pending.length > 0) {
    for (const edge of graph.dependencies[pending.pop()!] ?? []) {
      const id = typeof edge === 'string' ? edge : edge.id;
      if (reached.has(id)) continue;
      reached.add(id);
      pending.push(id);
    }
  }
  const dirs = new Set<string>();
  for (const id of [...reached].sort()) {
    const task = graph.tasks[id];
    if (task !== undefined && providers.has(task.target.project)) for (const out of task.outputs) dirs.add(out);
  }
  return [...dirs];
}
