/**
 * Which output directories a build task may draw its environment from: the outputs of its
 * direct dependency tasks and nothing else. The seeding graph already made an edge for every
 * name the environment needs, runtime closure included, each to the source the stage's rules
 * chose; reaching further down the task graph would hand a seed-free stage3 build the stage1
 * busybox its stage2 dependency was built with (same file name, and the first one found won).
 */
export interface TaskGraphView {
  tasks: Record<string, { outputs: string[] }>;
  /** Nx 24 gives edges as `{id}` objects; older shapes use plain ids */
  dependencies: Record<string, ({ id: string } | string)[]>;
}

export function dependencyOutputDirs(graph: TaskGraphView, taskId: string): string[] {
  const direct = (graph.dependencies[taskId] ?? []).map((e) => (typeof e === 'string' ? e : e.id));
  const dirs = new Set<string>();
  for (const id of [...new Set(direct)].sort()) for (const out of graph.tasks[id]?.outputs ?? []) dirs.add(out);
  return [...dirs];
}
