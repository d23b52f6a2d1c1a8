/**
 * Run by the build: writes what `supernode --version` and a bare `supernode --help` print to dist/answers/, so the
 * command's launcher answers them without loading the command tree and the models (bin/supernode.js).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { main } from './main.js';

/** What `main` prints for `argv` on stdout, as the launcher writes it (each text and a newline). */
export async function printed(argv: readonly string[]): Promise<string> {
  const out: string[] = [];
  await main(argv, { out: (t) => out.push(`${t}\n`), err: () => undefined });
  return out.join('');
}

if (process.argv[1]?.endsWith('write-answers.js')) {
  const dir = new URL('./answers/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('version.txt', dir), await printed(['--version']));
  writeFileSync(new URL('help.txt', dir), await printed(['--help']));
}
