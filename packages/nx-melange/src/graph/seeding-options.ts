/**
 * The plugin options that describe stages and their sources (DESIGN "Stages and seeding"),
 * checked once so the resolver can trust them. Other plugin options (pipelineDir, …) are not
 * this module's business and pass through untouched.
 */
import { parseSourceRef, tryParseSourceRef, type SourceRef } from './source-ref';

export interface StageSpec {
  name: string;
  /** source refs in the order a build walks them */
  sources: string[];
  /** a seedFree stage may not draw from a `seed:` source */
  seedFree: boolean;
}

/** A seed or published repository: what kind of archive it is and where its lock file lives. */
export interface OutsideSourceSpec {
  type: string;
  /** workspace-relative path of the lock file */
  lock: string;
}

export interface SeedingOptions {
  stages: StageSpec[];
  seeds: Record<string, OutsideSourceSpec>;
  published: Record<string, OutsideSourceSpec>;
  /** repository URL (as recipes list it in environment.contents.repositories) → source ref */
  repositories: Record<string, string>;
}

/** A mistake in the seeding options; `path` is the option's key path, e.g. `stages[1].sources[2]`. */
export class OptionsError extends Error {
  override name = 'OptionsError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`nx-melange options: ${path}: ${problem}`);
  }
}

/** The stages draw from each other in a circle, so no build order exists. */
export class StageOrderCycleError extends OptionsError {
  override name = 'StageOrderCycleError';
  constructor(readonly cycle: string[]) {
    super('stages', `stage order has a cycle: ${cycle.join(' → ')} (a stage may only draw from stages built before it)`);
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function normalizeSeedingOptions(raw: unknown): SeedingOptions {
  const options = asRecord(raw ?? {}, '(options)');
  const seeds = normalizeOutsideSources(options['seeds'], 'seeds');
  const published = normalizeOutsideSources(options['published'], 'published');
  const stagesRaw = options['stages'];
  if (!Array.isArray(stagesRaw) || stagesRaw.length === 0) {
    throw new OptionsError('stages', 'must be a non-empty list of { name, sources, seedFree? }');
  }
  const stages = stagesRaw.map((s, i) => readStage(s, `stages[${i}]`));
  const names = new Set<string>();
  stages.forEach((stage, i) => {
    if (names.has(stage.name)) throw new OptionsError(`stages[${i}].name`, `stage "${stage.name}" is declared twice`);
    names.add(stage.name);
  });
  const known = { stages: names, seeds, published };
  stages.forEach((stage, i) => {
    const seen = new Set<string>();
    stage.sources.forEach((ref, j) => {
      const path = `stages[${i}].sources[${j}]`;
      if (seen.has(ref)) throw new OptionsError(path, `source "${ref}" is listed twice in stage "${stage.name}"`);
      seen.add(ref);
      if (ref === stage.name) {
        throw new OptionsError(path, `stage "${stage.name}" lists itself by name; write "self" for its own recipes`);
      }
      const source = checkSourceRef(ref, path, known);
      if (source.kind === 'seed' && stage.seedFree) {
        throw new OptionsError(path, `stage "${stage.name}" is seedFree but draws from "${ref}"`);
      }
    });
  });
  const repositories: Record<string, string> = {};
  const reposRaw = options['repositories'];
  if (reposRaw !== undefined) {
    for (const [url, ref] of Object.entries(asRecord(reposRaw, 'repositories'))) {
      const path = `repositories[${JSON.stringify(url)}]`;
      if (typeof ref !== 'string') throw new OptionsError(path, 'must be a source ref (self, a stage name, seed:<n>, published:<n>)');
      checkSourceRef(ref, path, known);
      repositories[url] = ref;
    }
  }
  const cycle = findStageOrderCycle(stages);
  if (cycle) throw new StageOrderCycleError(cycle);
  return { stages, seeds, published, repositories };
}

function readStage(raw: unknown, path: string): StageSpec {
  const stage = asRecord(raw, path);
  const name = stage['name'];
  if (typeof name !== 'string' || !NAME.test(name) || name === 'self') {
    throw new OptionsError(`${path}.name`, `must be a stage name (letters, digits, . _ -; not "self"), got ${JSON.stringify(name)}`);
  }
  const sources = stage['sources'];
  if (!Array.isArray(sources) || sources.some((s) => typeof s !== 'string')) {
    throw new OptionsError(`${path}.sources`, 'must be a list of source refs (self, a stage name, seed:<n>, published:<n>)');
  }
  const seedFree = stage['seedFree'] ?? false;
  if (typeof seedFree !== 'boolean') throw new OptionsError(`${path}.seedFree`, 'must be true or false');
  return { name, sources: [...sources], seedFree };
}

function normalizeOutsideSources(raw: unknown, path: string): Record<string, OutsideSourceSpec> {
  const result: Record<string, OutsideSourceSpec> = {};
  if (raw === undefined) return result;
  for (const [name, value] of Object.entries(asRecord(raw, path))) {
    const entryPath = `${path}.${name}`;
    if (!NAME.test(name)) throw new OptionsError(entryPath, `"${name}" is not a valid source name`);
    const entry = asRecord(value, entryPath);
    const { type, lock } = entry;
    if (typeof type !== 'string' || type === '') throw new OptionsError(`${entryPath}.type`, 'must be a non-empty string (debian, apk)');
    if (typeof lock !== 'string' || lock === '') throw new OptionsError(`${entryPath}.lock`, 'must be the path of the lock file');
    result[name] = { type, lock };
  }
  return result;
}

function checkSourceRef(
  ref: string,
  path: string,
  known: { stages: Set<string>; seeds: Record<string, unknown>; published: Record<string, unknown> },
): SourceRef {
  const source = tryParseSourceRef(ref);
  if (!source) throw new OptionsError(path, `"${ref}" is not a source (self, a stage name, seed:<n>, published:<n>)`);
  const table =
    source.kind === 'stage' ? [...known.stages] : source.kind === 'seed' ? Object.keys(known.seeds) : source.kind === 'published' ? Object.keys(known.published) : ['self'];
  if (!table.includes(source.name)) {
    const what = source.kind === 'stage' ? 'stage' : `${source.kind} source`;
    const choices = table.length ? table.map((n) => (source.kind === 'stage' ? n : `${source.kind}:${n}`)).join(', ') : 'none declared';
    throw new OptionsError(path, `unknown ${what} "${ref}" (known: ${choices})`);
  }
  return source;
}

/** The first cycle in the "draws from" relation between stages, as a closed path, or undefined. */
function findStageOrderCycle(stages: StageSpec[]): string[] | undefined {
  const drawsFrom = new Map(stages.map((s) => [s.name, s.sources.filter((r) => parseSourceRef(r).kind === 'stage')]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (stage: string): string[] | undefined => {
    if (state.get(stage) === 'done') return undefined;
    if (state.get(stage) === 'open') return [...path.slice(path.indexOf(stage)), stage];
    state.set(stage, 'open');
    path.push(stage);
    for (const next of drawsFrom.get(stage) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(stage, 'done');
    return undefined;
  };
  for (const stage of stages) {
    const cycle = visit(stage.name);
    if (cycle) return cycle;
  }
  return undefined;
}

function asRecord(raw: unknown, path: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new OptionsError(path, 'must be an object');
  return raw as Record<string, unknown>;
}

/** The outside sources a stage may draw from, with their lock files (task inputs). */
export function outsideSourcesOfStage(options: SeedingOptions, stage: string): { ref: string; lock: string }[] {
  const spec = options.stages.find((s) => s.name === stage);
  if (!spec) return [];
  const result: { ref: string; lock: string }[] = [];
  for (const ref of spec.sources) {
    const source = parseSourceRef(ref);
    if (source.kind === 'seed') result.push({ ref, lock: options.seeds[source.name]!.lock });
    if (source.kind === 'published') result.push({ ref, lock: options.published[source.name]!.lock });
  }
  return result;
}
