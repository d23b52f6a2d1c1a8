/** The built `supernode` for tests that time a process: packages/cli/bin/supernode.js, rebuilt first when a source is newer than its build. */

import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The sources `tsc -p packages/<pkg>` compiles (tests and test support left out, as its tsconfig says). */
function sources(pkg: string): string[] {
  const src = join(root, 'packages', pkg, 'src');
  return (readdirSync(src, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'test-support.ts')
    .map((f) => join(src, f));
}

/** A source whose build is missing or older than it, or undefined when every build is current. */
function staleSource(pkg: string): string | undefined {
  return sources(pkg).find((file) => {
    const built = file.replace(`${join('packages', pkg, 'src')}`, join('packages', pkg, 'dist')).replace(/\.ts$/, '.js');
    try {
      return statSync(built).mtimeMs < statSync(file).mtimeMs;
    } catch {
      return true;
    }
  });
}

/**
 * node's arguments to run the built CLI, what `npx supernode` runs: it starts in a third of the time the sources take
 * under tsx, which a test killing a process in its first second needs. `npm ci` builds it; after an edit, core and the
 * CLI are compiled and bundled again here (some seconds) so the test never runs stale code.
 */
export function builtCli(): string[] {
  if (staleSource('core') ?? staleSource('cli')) {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const pkg of ['core', 'cli']) execFileSync(process.execPath, [tsc, '-p', `packages/${pkg}`], { cwd: root, stdio: 'pipe' });
    execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: 'pipe' });
    execFileSync(process.execPath, [join(root, 'packages', 'cli', 'dist', 'write-answers.js')], { cwd: root, stdio: 'pipe' });
  }
  return [join(root, 'packages', 'cli', 'bin', 'supernode.js')];
}
