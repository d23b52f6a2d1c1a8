/** Opens a file a user named, refusing anything but a regular file before a byte is read, and words what is wrong with its bytes. */

import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { UsageError } from './errors.js';

/** What each kind of file a command reads should hold, for messages ("expected CSV or JSON lines"). */
const EXPECTED: Readonly<Record<string, string>> = {
  scenario: 'a YAML or JSON scenario',
  'sweep spec': 'a YAML or JSON sweep spec',
  'model config': 'a JSON model config',
  trace: 'CSV or JSON lines',
  lengths: 'whole numbers separated by spaces or lines',
  cases: 'a JSON array of cases',
  results: 'the results of a sweep (DuckDB)',
};

export const expectedText = (what: string): string => EXPECTED[what] ?? `a text ${what}`;

/** What a file that is not a regular one is, in words. */
function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENXIO: 'it is a socket or a device with nothing behind it',
  ENOTDIR: 'a folder on its path is a file',
  ELOOP: 'too many symbolic links',
};

/** A file error from the operating system as a usage error naming the file. */
export function cannotRead(error: unknown, path: string, what: string): UsageError {
  if (error instanceof UsageError) return error;
  const code = String((error as NodeJS.ErrnoException).code);
  return new UsageError(`cannot read ${what} file '${path}': ${REASONS[code] ?? code}`);
}

/**
 * The open descriptor of a regular file and its size. A FIFO is opened without waiting for a writer (O_NONBLOCK: an
 * open for reading would otherwise block until one comes, forever if none does), then refused with any device, socket
 * or folder by what fstat says of the open file itself, so nothing can swap the file between the check and the read.
 * Devices and pipes are refused rather than read up to a cap: /dev/zero never ends, a pipe can wait forever, and a
 * trace is read twice (checked whole, then replayed). The caller closes the descriptor.
 */
export function openRegularFile(path: string, what: string): { readonly fd: number; readonly bytes: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw cannotRead(error, path, what);
  }
  try {
    const stats = fstatSync(fd);
    const kind = kindOf(stats);
    if (kind)
      throw new UsageError(`${what} file '${path}' is ${kind}; expected a regular file holding ${expectedText(what)} (devices and pipes may never end)`);
    return { fd, bytes: stats.size };
  } catch (error) {
    closeSync(fd);
    throw cannotRead(error, path, what);
  }
}

/** The message for a file holding a NUL (a binary file: valid UTF-8 has no other tell), on line `line`. */
export const binaryFile = (path: string, what: string, line: number) =>
  new UsageError(`${what} file '${path}' is binary (a NUL byte on line ${line}); expected ${expectedText(what)}`);

/** Refuses the whole text of a file if it holds a NUL, naming its line. */
export function refuseBinary(text: string, path: string, what: string): void {
  const at = text.indexOf('\0');
  if (at < 0) return;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 0x0a) line++;
  throw binaryFile(path, what, line);
}

/** The message for bytes that are not UTF-8, naming their line where it is known (a file read line by line). */
export const notUtf8 = (path: string, what: string, line?: number) =>
  new UsageError(`${what} file '${path}' is not UTF-8 text${line === undefined ? '' : ` (line ${line})`}; expected ${expectedText(what)}`);
