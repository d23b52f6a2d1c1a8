// Bundles the built packages for start-up: core into one file (the browser and the CLI load it whole), and the CLI's
// modules with commander and cli-table3 into another beside core's. Run by `npm run build`.
import * as esbuild from 'esbuild';

// zod re-exports every locale's messages (some 360 KB of the bundle) on its namespace; the project reads English ones
// only, so the locale index resolves to English alone and the other 63 never load.
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'english-only-zod' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
    }));
  },
};

const which = process.argv[2];
if (which === 'core' || which === undefined) {
  await esbuild.build({
    entryPoints: ['packages/core/dist/index.js'],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    mainFields: ['module', 'main'],
    outfile: 'packages/core/dist/bundle.js',
    logLevel: 'warning',
    plugins: [englishOnlyZod],
  });
}
if (which === 'cli' || which === undefined) {
  // One script for the launcher: the CLI with core and its small dependencies, as CommonJS so V8 can cache its code
  // (bin/bundle-loader.js). The sweep's heavy dependencies stay outside, loaded when a sweep runs.
  await esbuild.build({
    entryPoints: ['packages/cli/dist/main.js'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['@duckdb/node-api', 'bullmq', 'ioredis', 'piscina'],
    // A script has no import(): those four are required when a sweep first needs them (each ships CommonJS).
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': 'bundleUrl' },
    outfile: 'packages/cli/dist/bundle/cli.cjs',
    logLevel: 'warning',
    plugins: [englishOnlyZod],
  });
  // The code cache, made after runs that compile what commands use: --help, an analytical collective and a train.
  const { loadBundle, CODE_CACHE } = await import('../packages/cli/bin/bundle-loader.js');
  const { writeFileSync } = await import('node:fs');
  const { exports, script } = loadBundle({ useCache: false });
  const quiet = { out: () => undefined, err: () => undefined };
  for (const argv of [
    ['--help'],
    ['collective', '--system', 'hgx-h100', '--op', 'allreduce', '--sizes', '1G', '--fidelity', 'analytical'],
    ['train', '--system', 'hgx-h100', '--gpus', '64', '--model', 'llama3-8b', '--tp', '1', '--pp', '1', '--mbs', '1', '--gbs', '512', '--seq', '8192'],
  ])
    await exports.main(argv, quiet);
  writeFileSync(CODE_CACHE, script.createCachedData());
}
