/**
 * The locked outside sources one build may draw from: those of its stage (seed: and published:
 * entries of its sources), plus those its recipe's `environment.contents.repositories` map to
 * through the plugin's `repositories` option — the same set the build target hashes as inputs.
 */
import { lockFilesFor, type InferenceOptions } from '../../plugin/inference-options';

export interface TaskSeed {
  /** seed or published source name, as provenance labels it */
  name: string;
  /** workspace-relative lock file */
  lock: string;
}

export function taskSeeds(options: InferenceOptions, stage: string, repositories: readonly string[]): TaskSeed[] {
  const { seeding } = options;
  const byLock = new Map<string, string>();
  for (const [name, spec] of Object.entries(seeding.published)) byLock.set(spec.lock, name);
  for (const [name, spec] of Object.entries(seeding.seeds)) byLock.set(spec.lock, name);
  return lockFilesFor(options, stage, repositories).map((lock) => ({ name: byLock.get(lock) ?? lock, lock }));
}
