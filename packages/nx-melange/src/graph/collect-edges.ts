/**
 * Resolutions grouped into what Nx and the seed audit read: one edge per (project, providing
 * project), one external use per (project, locked package). At Wolfi scale that is ~85,000
 * edges kept for the whole command, so every list is allocated at its final length: an array
 * grown by push from empty reserves room for 17 entries, and twice per edge that was most of the
 * resolver's memory and of its garbage-collection time.
 */
import type { Arch } from '@stagecraft/melange-config';
import type { ExternalUse, Provider, Resolution, ResolvedEdge } from './seeding-graph';

type LockedProvider = Extract<Provider, { kind: 'locked' }>;

/** `resolutions` must come grouped by project; `files` gives each project's recipe file. */
export function collectEdges(resolutions: readonly Resolution[], files: ReadonlyMap<string, string>): { edges: ResolvedEdge[]; external: ExternalUse[] } {
  const edges: ResolvedEdge[] = [];
  const external: ExternalUse[] = [];
  for (let start = 0; start < resolutions.length; ) {
    const project = resolutions[start]!.project;
    let end = start;
    while (end < resolutions.length && resolutions[end]!.project === project) end++;
    collectProject(resolutions.slice(start, end), files.get(project)!, edges, external);
    start = end;
  }
  return { edges, external };
}

function collectProject(resolutions: Resolution[], sourceFile: string, edges: ResolvedEdge[], external: ExternalUse[]): void {
  const toProjects = new Map<string, Resolution[]>();
  const toLocked = new Map<string, { provider: LockedProvider; group: Resolution[] }>();
  for (let i = 0; i < resolutions.length; i++) {
    const r = resolutions[i]!;
    const p = r.provider;
    if (p.kind === 'project') {
      const group = toProjects.get(p.project);
      if (group) group.push(r);
      else toProjects.set(p.project, [r]);
    } else {
      const key = `${r.source}\0${p.package}\0${p.version}`;
      const use = toLocked.get(key);
      if (use) use.group.push(r);
      else toLocked.set(key, { provider: p, group: [r] });
    }
  }
  // targets are distinct, and the default sort orders strings as compareStrings does
  for (const target of [...toProjects.keys()].sort()) {
    const group = toProjects.get(target)!;
    edges.push({ source: group[0]!.project, target, sourceFile, archs: unionArchs(group), resolutions: group.slice() });
  }
  const uses: ExternalUse[] = [];
  for (const { provider: p, group } of toLocked.values()) {
    const r = group[0]!;
    uses.push({
      project: r.project,
      source: r.source,
      kind: r.kind as 'seed' | 'published',
      package: p.package,
      version: p.version,
      sha256: p.sha256,
      filename: p.filename,
      archs: unionArchs(group),
      resolutions: group.slice(),
    });
  }
  external.push(...uses.sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.package, b.package)));
}

/** The archs of a group's resolutions, in order of first appearance. */
function unionArchs(group: Resolution[]): Arch[] {
  const archs: Arch[] = [];
  for (const r of group) for (const a of r.archs) if (!archs.includes(a)) archs.push(a);
  return archs.slice();
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
