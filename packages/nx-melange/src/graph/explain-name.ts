/**
 * The text `stagecraft why <project> <name>` prints: for every way the project's build
 * environment gets the name, which source provided it, which sources were walked past and why,
 * the cycle that forced a redirect, and the runtime-closure chain that pulled the name in.
 * A read of the graph, never a re-resolution, so it always matches what Nx got.
 */
import type { Arch } from '@stagecraft/melange-config';
import { CYCLE_RULE_DESCRIPTIONS, type CycleRuleName } from './break-cycles';
import type { ResolutionProblem } from './resolution-problems';
import type { Resolution, SeedingGraph } from './seeding-graph';

/** The resolutions and problems of `project` that concern `name` (needed name, package or providing project). */
export function findExplanations(
  graph: SeedingGraph,
  project: string,
  name: string,
  arch?: Arch,
): { resolutions: Resolution[]; problems: ResolutionProblem[] } {
  const onArch = (archs: Arch[]) => arch === undefined || archs.includes(arch);
  return {
    resolutions: graph.resolutions.filter(
      (r) =>
        r.project === project &&
        onArch(r.archs) &&
        (r.name === name || r.provider.package === name || (r.provider.kind === 'project' && r.provider.project === name)),
    ),
    problems: graph.problems.filter(
      (p) => p.project === project && onArch(p.archs) && 'dependency' in p && nameOf(String(p.dependency)) === name,
    ),
  };
}

export function explainName(graph: SeedingGraph, project: string, name: string, arch?: Arch): string {
  const { resolutions, problems } = findExplanations(graph, project, name, arch);
  if (resolutions.length === 0 && problems.length === 0) {
    const needed = [...new Set(graph.resolutions.filter((r) => r.project === project && r.via.length === 0).map((r) => r.name))];
    const list = needed.length ? ` (its direct build dependencies: ${needed.join(', ')})` : '';
    return `${project} does not need "${name}"${arch ? ` on ${arch}` : ''}${list}\n`;
  }
  return [...resolutions.map(explainResolution), ...problems.map(explainProblem)].join('\n');
}

function explainResolution(r: Resolution): string {
  const lines = [`${r.project} needs ${r.dependency}${describeOrigin(r)} [${r.archs.join(', ')}]`];
  lines.push(`  resolved in stage ${r.stage}: sources walked: ${[...r.passedOver.map((p) => p.source), r.source].join(', ')}`);
  for (const p of r.passedOver) lines.push(`  - ${p.source}: passed over: ${p.reason}`);
  const p = r.provider;
  if (p.kind === 'project') {
    const as = p.offeredAs === 'package' ? `package ${p.package}` : p.offeredAs === 'subpackage' ? `subpackage ${p.package}` : `${p.package}, which provides ${r.name}`;
    lines.push(`  - ${r.source}: provided by ${p.project} (${as} ${p.version}, ${p.recipe}) via ${r.kind === 'self' ? 'self' : `stage ${r.source}`}`);
  } else {
    const as = p.offeredAs === 'package' ? '' : `, which provides ${r.name}`;
    lines.push(`  - ${r.source}: provided by ${r.kind} package ${p.package} ${p.version}${as}, pinned by its lock (sha256 ${p.sha256}, ${p.filename})`);
  }
  if (r.redirect) {
    const rule = CYCLE_RULE_DESCRIPTIONS[r.redirect.rule as CycleRuleName] ?? '';
    lines.push(`  redirected past self: the edge would close the cycle ${r.redirect.cycle.join(' → ')} (cycle rule "${r.redirect.rule}": ${rule})`);
  }
  return `${lines.join('\n')}\n`;
}

function describeOrigin(r: Resolution): string {
  const at = `${r.position.file}:${r.position.line}:${r.position.column}`;
  const pipeline = r.pipeline ? ` from pipeline ${r.pipeline}` : '';
  if (r.via.length === 0) return ` (${r.field}${pipeline}, ${at})`;
  const chain = r.via.map((s) => `${s.package} (${s.from})`).join(' → ');
  return ` as a runtime dependency: ${r.via[0]!.dependency} (${r.field}${pipeline}, ${at}) installs ${chain}, which needs ${r.dependency}`;
}

function explainProblem(p: ResolutionProblem): string {
  const lines = [`${p.project}: ${p.name}: ${p.message} [${p.archs.join(', ')}]`];
  if ('tried' in p && Array.isArray(p.tried)) {
    for (const t of p.tried as { source: string; reason: string }[]) lines.push(`  - ${t.source}: passed over: ${t.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function nameOf(dependency: string): string {
  return dependency.replace(/^!/, '').split(/[<>=~]/)[0]!;
}
