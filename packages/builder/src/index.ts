/**
 * @stagecraft/builder — the embedded, melange-compatible builder: compile a recipe, fetch its
 * sources, assemble its environment from seeds and APK repositories, run its pipelines in a
 * bubblewrap sandbox, and package, sign and describe (SBOM, provenance) what it produced.
 */
export * from './seed';
export * from './store';
export * from './sandbox';
export * from './environment';
export {
  buildRecipe,
  defaultStoreDir,
  BUILDER_ID,
  type BuildRecipeOptions,
  type BuildRecipeResult,
  type SeedSource,
} from './build-recipe';
export { publishOutputs, type PublishedPackage, type PublishedOutputs } from './publish/publish-outputs';
export {
  compileBuild,
  UnsupportedPipelineError,
  type BuildPackagePlan,
  type CompiledBuild,
  type RunStep,
  type SourceToFetch,
} from './compile/compile-build';
export { StepFailedError } from './run/run-steps';
export { BuildTimeoutError } from './build-timeout';
export { SourceExtractError } from './run/extract-source';
export { FileLockTimeoutError } from './publish/file-lock';
export { stepArgv, stepEnvironment, parseEnvFile } from './run/step-command';
export { fetchSource, ChecksumMismatchError, SourceUnavailableError, type FetchedSource, type FetchOptions } from './fetch/fetch-source';
export { SourceCache } from './fetch/source-cache';
export { parseDigest, DigestFormatError, type Digest, type DigestAlgorithm } from './fetch/digest';
export { generateDependencies, mergeDependencies, type GeneratedDependencies, type ScaInput } from './sca/generate-dependencies';
export { readElf, ElfFormatError, type ElfInfo } from './sca/read-elf';
export { renderSpdxDocument, buildSpdxDocument, sbomPath, licenseExpression, type SbomInput } from './sbom/spdx-document';
export {
  buildProvenanceStatement,
  renderProvenanceStatement,
  provenanceFileName,
  type ProvenanceInput,
} from './provenance/provenance-statement';
export { BuildLog, type LogSink, type StepTiming } from './log/build-log';
export { recipeGitFacts, SourceDateEpochError, type RecipeGitFacts } from './recipe-git-facts';
