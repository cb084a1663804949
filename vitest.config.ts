import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two suites: `unit` is pure and fast; `slow` drives real nx, bubblewrap and qemu.
// Both run in CI (`npm test`); `npm run test:unit` is the inner loop.
const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, not their last compiled dist.
    alias: {
      '@stagecraft/melange-config': pkg('melange-config'),
      '@stagecraft/apk': pkg('apk'),
      '@stagecraft/builder': pkg('builder'),
      '@stagecraft/nx-melange': pkg('nx-melange'),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'tools/**/*.test.ts'],
          testTimeout: 30_000,
          // The plugin's caches default to Nx's workspace data folder, which in here is this
          // checkout's own .nx/: a unit test that wants a cache hands its folder in.
          env: { NX_CACHE_PROJECT_GRAPH: 'false' },
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: ['packages/*/e2e/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
