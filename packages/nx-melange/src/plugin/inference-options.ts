/**
 * The plugin options (nx.json `plugins[].options`) as project inference reads them: the
 * seeding options checked once by the graph's normalizeSeedingOptions, plus where the
 * workspace's own `uses:` pipelines live.
 */
import { parseSourceRef } from '../graph/source-ref';
import { normalizeSeedingOptions, outsideSourcesOfStage, type SeedingOptions } from '../graph/seeding-options';

export interface MelangePluginOptions {
  stages?: { name: string; sources: string[]; seedFree?: boolean }[];
  seeds?: Record<string, { type: string; lock: string }>;
  published?: Record<string, { type: string; lock: string }>;
  /** URL in `environment.contents.repositories` → source ref (`seed:alpine`, `stage3`) */
  repositories?: Record<string, string>;
  /** workspace-relative folder of the workspace's own `uses:` pipelines; default `pipelines` */
  pipelineDir?: string;
}

export interface InferenceOptions {
  seeding: SeedingOptions;
  stages: ReadonlySet<string>;
  pipelineDir: string;
}

export const DEFAULT_PIPELINE_DIR = 'pipelines';

export function normalizeInferenceOptions(raw: MelangePluginOptions | undefined): InferenceOptions {
  const seeding = normalizeSeedingOptions(raw);
  return {
    seeding,
    stages: new Set(seeding.stages.map((stage) => stage.name)),
    pipelineDir: raw?.pipelineDir ?? DEFAULT_PIPELINE_DIR,
  };
}

/**
 * The lock files one recipe's build may draw from: those of its stage's seed and published
 * sources, plus those its `environment.contents.repositories` map to.
 */
export function lockFilesFor(options: InferenceOptions, stage: string, repositories: readonly string[]): string[] {
  const { seeding } = options;
  const locks = new Set(outsideSourcesOfStage(seeding, stage).map((source) => source.lock));
  for (const url of repositories) {
    const ref = seeding.repositories[url];
    if (ref === undefined) continue;
    const source = parseSourceRef(ref);
    if (source.kind === 'seed') locks.add(seeding.seeds[source.name].lock);
    if (source.kind === 'published') locks.add(seeding.published[source.name].lock);
  }
  return [...locks].sort();
}
