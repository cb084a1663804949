/**
 * The module nx.json registers (`./packages/nx-melange/dist/plugin.js`), as Nx's own packages
 * keep theirs apart (`@nx/vite/plugin`): every Nx command loads it, so it loads the hooks and
 * nothing else — not the seeding-graph API the package's main module also exports for
 * `stagecraft why` (135 ms more per command, measured).
 */
export { createNodes, createDependencies } from './plugin/create-nodes';
export type { MelangePluginOptions } from './plugin/inference-options';
