// Loads the CLI's one-file bundle (dist/bundle/cli.cjs: the CLI, core, commander and cli-table3) as a script with V8's
// code cache (dist/bundle/cli.cache, written by the build after a few representative runs), so a command starts without
// parsing and compiling some 1.7 MB of JavaScript. A cache V8 rejects (another Node, other flags) is ignored: the bundle
// then compiles as usual. The wrapper is the one the cache was made with; change both together.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = new URL('../dist/bundle/cli.cjs', import.meta.url);
export const CODE_CACHE = new URL('../dist/bundle/cli.cache', import.meta.url);

/** The bundle's exports ({ main, ... }) and its script, whose createCachedData() the build writes. */
export function loadBundle({ useCache = true } = {}) {
  const filename = fileURLToPath(BUNDLE);
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(CODE_CACHE);
    } catch {
      cachedData = undefined;
    }
  }
  const source = readFileSync(BUNDLE, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, bundleUrl) {${source}\n})`, { filename, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, filename, fileURLToPath(new URL('.', BUNDLE)), BUNDLE.href);
  return { exports: module.exports, script };
}
