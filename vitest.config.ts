/** Test configuration: two projects (unit beside the code, e2e in child processes), workspace packages from source, a closing summary line. */

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** Tests that run the real CLI, a browser, Redis or a sweep in child processes: each file gets a process of its own. */
const E2E = [
  'test/web-ui.test.ts',
  'test/cli-process.test.ts',
  'test/file-inputs-process.test.ts',
  'test/sweep-process.test.ts',
  'test/sweep-kill.test.ts',
  'test/sweep-queue.test.ts',
  'test/share-process.test.ts',
  'test/runnable-docs.test.ts',
];

export default defineConfig({
  resolve: {
    alias: { '@supernode/core': src('core'), '@supernode/cli': src('cli') },
  },
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest's default in a run is one worker fewer than the cores: one on a 2-core machine, where the e2e files then
    // leave a core idle while they wait on their child processes. At least two, then.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        // No unit test changes a module's state or the process's, so a worker imports core once for all
        // of its files instead of once per file (most of their time before).
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...E2E], isolate: false },
      },
      {
        extends: true,
        test: { name: 'e2e', include: E2E },
      },
    ],
  },
});
