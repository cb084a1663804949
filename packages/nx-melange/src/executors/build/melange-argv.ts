/**
 * The `melange build` command line for the same inputs the embedded builder gets, so the two
 * backends can be swapped per task (DESIGN "The executor").
 */
export interface MelangeInputs {
  recipe: string;
  arch: string;
  repositories: string[];
  keyrings: string[];
  signingKey: string;
  sourceDir: string;
  outDir: string;
  cacheDir: string;
  pipelineDir?: string;
  namespace: string;
}

export function melangeArgv(i: MelangeInputs): string[] {
  const argv = ['build', i.recipe, '--arch', i.arch, '--runner', 'bubblewrap'];
  for (const r of i.repositories) argv.push('--repository-append', r);
  for (const k of i.keyrings) argv.push('--keyring-append', k);
  argv.push('--signing-key', i.signingKey, '--source-dir', i.sourceDir, '--out-dir', i.outDir, '--cache-dir', i.cacheDir);
  if (i.pipelineDir) argv.push('--pipeline-dir', i.pipelineDir);
  argv.push('--namespace', i.namespace, '--generate-index=false');
  return argv;
}
