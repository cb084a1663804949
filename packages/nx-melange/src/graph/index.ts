export * from './seeding-options';
export * from './source-ref';
export * from './seeding-graph';
export * from './resolution-problems';
export { resolveSeedingEdges, resolveSeedingGraph, type ResolveSeedingGraphInput } from './resolve-seeding-graph';
export { breakCycles, CYCLE_RULE_DESCRIPTIONS, DEFAULT_CYCLE_RULE, type CycleBreak, type CycleRuleName } from './break-cycles';
export { explainName, findExplanations } from './explain-name';
export { loadSeedingWorkspace, WorkspaceError, type LoadedWorkspace } from './load-workspace';
