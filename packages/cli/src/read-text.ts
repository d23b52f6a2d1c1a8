/** Reads a small text file the user named (scenario, sweep spec): sized before it is read and decoded strictly as UTF-8. */

import { readFileSync, statSync } from 'node:fs';
import { MAX_SCENARIO_CHARS } from '@supernode/core';
import { UsageError } from './errors.js';

/** `what` names the file in messages ("scenario file 'x.yaml' ..."); a huge or binary file is refused, not loaded. */
export function readTextFile(path: string, what: string, maxBytes = MAX_SCENARIO_CHARS): string {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > maxBytes) {
      throw new UsageError(
        `${what} file '${path}' is ${size.toLocaleString('en-US')} bytes; a ${what} is at most ${maxBytes.toLocaleString('en-US')} (${Math.round(maxBytes / 1024)} KiB)`,
      );
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} file '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code)}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${what} file '${path}' is not UTF-8 text; expected a YAML or JSON ${what}`);
  }
}

/** Largest trace read: a day of a busy service is tens of MB. */
export const MAX_TRACE_BYTES = 512 * 2 ** 20;
/** Largest model config or list of lengths read. */
const MAX_INPUT_BYTES = 64 * 2 ** 20;

/** The CLI's way to read a file a command argument names (a model config.json, a trace, a list of lengths). */
export function readUserFile(path: string, what: string): string {
  return readTextFile(path, what, what === 'trace' ? MAX_TRACE_BYTES : MAX_INPUT_BYTES);
}
