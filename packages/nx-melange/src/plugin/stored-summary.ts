/**
 * A RecipeSummary as the summary cache stores it: the same data without what JSON objects
 * repeat 44,000 times at Wolfi scale — key names, the recipe's file in every position, the
 * usual pair of architectures, a name equal to its raw string. 12.7 MB of cache becomes about
 * a third of that, which a cold graph writes and an edited tree reads. Pure; anything it does
 * not know how to shorten (a field added to the model later) is kept as it is.
 */
import type { Arch, Dependency, NeededName, ProvidedName, RecipeSummary } from '@stagecraft/melange-config';
import type { ProjectFacts } from './recipe-project';

/** `[raw, field, line, column, pipeline or 0, the rest]`; the rest only when it is not empty */
type StoredNeed = [string, string, number, number, string | 0] | [string, string, number, number, string | 0, NeedRest];
type NeedRest = Partial<Omit<NeededName, 'raw' | 'field' | 'position' | 'pipeline'>> & { file?: string };
/** `[name, version, package, kind, priority]` or, with any other field, the object */
type StoredProvide = [string, string, string, ProvidedName['kind'], number] | ProvidedName;
/** the raw string when that is all there is to it, else the object */
type StoredDependency = string | Dependency;

export interface StoredSummary extends Omit<RecipeSummary, 'file' | 'fullVersion' | 'needs' | 'provides' | 'runtime'> {
  /** only when it is not `<version>-r<epoch>` */
  fullVersion?: string;
  needs: StoredNeed[];
  provides: StoredProvide[];
  runtime: Record<string, StoredDependency[]>;
}

// melange-config's ARCHS, not imported: this module loads with the plugin on every Nx command,
// the recipe model only when a recipe is read.
const BOTH_ARCHS: readonly Arch[] = ['x86_64', 'aarch64'];

export function storeSummary(summary: RecipeSummary): StoredSummary {
  const { file, fullVersion, needs, provides, runtime, ...rest } = summary;
  const stored: StoredSummary = {
    ...rest,
    needs: needs.map((need) => storeNeed(need, file)),
    provides: provides.map(storeProvide),
    runtime: Object.fromEntries(Object.entries(runtime).map(([pkg, deps]) => [pkg, deps.map(storeDependency)])),
  };
  if (fullVersion !== `${summary.version}-r${summary.epoch}`) stored.fullVersion = fullVersion;
  return stored;
}

/** What a project shows of a stored summary (see recipe-project.ts), without loading the rest of it. */
export function storedProjectFacts(stored: StoredSummary): ProjectFacts {
  const { name, description, license, targetArchitecture, repositories } = stored;
  return { name, fullVersion: stored.fullVersion ?? `${stored.version}-r${stored.epoch}`, description, license, targetArchitecture, repositories };
}

export function loadSummary(stored: StoredSummary, file: string): RecipeSummary {
  const { fullVersion, needs, provides, runtime, ...rest } = stored;
  return {
    file,
    ...rest,
    fullVersion: fullVersion ?? `${stored.version}-r${stored.epoch}`,
    needs: needs.map((need) => loadNeed(need, file)),
    provides: provides.map(loadProvide),
    runtime: Object.fromEntries(Object.entries(runtime).map(([pkg, deps]) => [pkg, deps.map(loadDependency)])),
  };
}

function storeNeed(need: NeededName, file: string): StoredNeed {
  const { raw, name, field, position, archs, pipeline, ...dependency } = need;
  const rest: NeedRest = { ...dependency };
  if (name !== raw) rest.name = name;
  if (position.file !== file) rest.file = position.file;
  if (archs.length !== BOTH_ARCHS.length || archs.some((arch, i) => arch !== BOTH_ARCHS[i])) rest.archs = archs;
  const head: [string, string, number, number, string | 0] = [raw, field, position.line, position.column, pipeline ?? 0];
  return Object.keys(rest).length === 0 ? head : [...head, rest];
}

function loadNeed([raw, field, line, column, pipeline, rest = {}]: StoredNeed, file: string): NeededName {
  const { name = raw, file: at = file, archs = [...BOTH_ARCHS], ...dependency } = rest;
  const need: NeededName = { raw, name, ...dependency, field, position: { file: at, line, column }, archs };
  if (pipeline !== 0) need.pipeline = pipeline;
  return need;
}

function storeProvide(provide: ProvidedName): StoredProvide {
  const { name, version, package: pkg, kind, priority, ...other } = provide;
  return Object.keys(other).length === 0 ? [name, version, pkg, kind, priority] : provide;
}

function loadProvide(stored: StoredProvide): ProvidedName {
  if (!Array.isArray(stored)) return stored;
  const [name, version, pkg, kind, priority] = stored;
  return { name, version, package: pkg, kind, priority };
}

function storeDependency(dependency: Dependency): StoredDependency {
  const { raw, name, ...other } = dependency;
  return name === raw && Object.keys(other).length === 0 ? raw : dependency;
}

function loadDependency(stored: StoredDependency): Dependency {
  return typeof stored === 'string' ? { raw: stored, name: stored } : stored;
}
