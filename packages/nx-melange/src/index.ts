export { createNodes, createDependencies, type MelangePluginOptions } from './plugin';
export type { StagecraftProjectMetadata } from './plugin/recipe-project';
export { readStagecraftMetadata } from './plugin/recipe-project';
export { BUILD_EXECUTOR, ARCH_CONFIGURATIONS } from './plugin/build-target';
export * from './graph';
