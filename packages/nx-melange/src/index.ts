export { createNodes, createDependencies, type MelangePluginOptions } from './plugin';
export { readRecipeProject, type RecipeProjectRef } from './plugin/recipe-project';
export { BUILD_EXECUTOR, ARCH_CONFIGURATIONS } from './plugin/build-target';
export * from './graph';
