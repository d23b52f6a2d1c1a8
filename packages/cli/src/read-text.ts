/** Reads a small text file the user named (scenario, sweep spec, model config, lengths, cases) whole: a regular file only, sized before and while it is read, decoded strictly as UTF-8. */

import { closeSync, readSync } from 'node:fs';
import { MAX_SCENARIO_CHARS, type RunContext } from '@supernode/core';
import { UsageError } from './errors.js';
import { cannotRead, notUtf8, openRegularFile, refuseBinary } from './open-file.js';
import { readLines } from './read-lines.js';

const tooBig = (path: string, what: string, bytes: string, maxBytes: number) =>
  new UsageError(`${what} file '${path}' is ${bytes} bytes; a ${what} is at most ${maxBytes.toLocaleString('en-US')} (${Math.round(maxBytes / 1024)} KiB)`);

/**
 * `what` names the file in messages ("scenario file 'x.yaml' ..."). A huge, binary or non-UTF-8 file is refused, not
 * loaded; so is a device, FIFO or socket (open-file.ts). At most `maxBytes` + 1 bytes are read whatever the size said,
 * so a file that grows while it is read is refused too.
 */
export function readTextFile(path: string, what: string, maxBytes = MAX_SCENARIO_CHARS): string {
  const bytes = readFileBytes(path, what, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8(path, what);
  }
  refuseBinary(text, path, what);
  return text;
}

/** A regular file's bytes, at most `maxBytes` (refused past it, as it is read): for binary inputs (a Chakra trace). */
export function readFileBytes(path: string, what: string, maxBytes: number): Uint8Array {
  const { fd, bytes: size } = openRegularFile(path, what);
  let bytes: Uint8Array;
  try {
    if (size > maxBytes) throw tooBig(path, what, size.toLocaleString('en-US'), maxBytes);
    const buffer = new Uint8Array(Math.min(size, maxBytes) + 1);
    let filled = 0;
    for (let n = 1; n > 0 && filled < buffer.length; filled += n) n = readSync(fd, buffer, filled, buffer.length - filled, null);
    if (filled > maxBytes) throw tooBig(path, what, `more than ${maxBytes.toLocaleString('en-US')}`, maxBytes);
    bytes = buffer.subarray(0, filled);
  } catch (error) {
    throw cannotRead(error, path, what);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** Largest model config, list of lengths or cases file read whole. */
export const MAX_INPUT_BYTES = 64 * 2 ** 20;

/** The CLI's way to read a file a command argument names (a model config.json, a list of lengths). */
export function readUserFile(path: string, what: string): string {
  return readTextFile(path, what, MAX_INPUT_BYTES);
}

/** What a run may read through the CLI: whole small files, and traces line by line. */
export const userFiles: Pick<RunContext, 'readText' | 'readLines'> = { readText: readUserFile, readLines };
