/** Output files the user names (`--trace`, `--plot`, `--csv`): checked before a run, so a long run never ends in a write that cannot happen. */

import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** Throws a UsageError naming `flag` when `path` cannot be written: its folder missing or read-only, or it is a folder. */
export function checkOutputFile(path: unknown, flag: string): void {
  if (path === undefined) return;
  if (typeof path !== 'string' || path.trim() === '') throw new UsageError(`option ${flag}: expected a file to write, received '${String(path)}'`);
  const folder = dirname(resolve(path));
  try {
    if (!statSync(folder).isDirectory()) throw new UsageError(`option ${flag}: '${folder}' is not a folder`);
    accessSync(folder, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `option ${flag}: cannot write '${path}': ${code === 'ENOENT' ? `no folder '${folder}'` : code === 'EACCES' ? `'${folder}' is not writable` : String(code)}`,
    );
  }
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`option ${flag}: '${path}' is a folder; expected a file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
}
