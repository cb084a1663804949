/**
 * The module nx.json registers (`./packages/nx-melange/dist/plugin.js`), as Nx's own packages
 * keep theirs apart (`@nx/vite/plugin`): every Nx command loads it, so it loads the hooks and
 * nothing else — not the seeding-graph API the package's main module also exports for
 * `stagecraft why` (135 ms more per command, measured).
 */
export { createNodes, createDependencies } from './plugin/create-nodes';

/**
 * How Nx names the plugin in messages and in its source maps, where the name is stored once
 * per key of every project: the module's path would be three times as long.
 */
export const name = '@stagecraft/nx-melange';
export type { MelangePluginOptions } from './plugin/inference-options';
