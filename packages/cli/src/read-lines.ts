/** Reads a file a user named line by line (a request trace of a gigabyte) without ever holding its text: 1 MiB chunks through readSync, decoded strictly as UTF-8 as they come. */

import { closeSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { TextLines } from '@supernode/core';
import { UsageError } from './errors.js';
import { binaryFile, cannotRead, expectedText, notUtf8, openRegularFile } from './open-file.js';

const CHUNK_BYTES = 2 ** 20;
/** Longest line read: a Mooncake request of a million prompt tokens lists 2,048 hash ids, some 16 KB. */
export const MAX_LINE_CHARS = 2 ** 20;

/** A chunk's text, and where in it the file stops being text (a byte that is not UTF-8, or a NUL), if it does. */
interface Decoded {
  readonly text: string;
  readonly badAt: number;
  readonly bad?: (line: number) => UsageError;
}

/**
 * The lines of a regular file (checked now: a missing file, a device or a FIFO is refused before the run starts), read
 * afresh on each walk, without their line breaks ('\r' stays for the parser to trim). Each walk opens the file again and
 * closes it when it ends or is left; bytes that are not text are refused when the walk reaches their line, so a replay
 * of the first n requests stops reading there.
 */
export function readLines(path: string, what: string): TextLines {
  const { fd, bytes } = openRegularFile(path, what);
  closeSync(fd);
  let bytesRead = 0;
  return {
    bytes,
    get bytesRead() {
      return bytesRead;
    },
    *[Symbol.iterator]() {
      bytesRead = 0;
      const { fd } = openRegularFile(path, what);
      try {
        const decoder = new TextDecoder('utf-8', { fatal: true });
        const buffer = new Uint8Array(CHUNK_BYTES);
        let carry = '';
        let lines = 0;
        for (;;) {
          const n = readChunk(fd, buffer, path, what);
          const { text, badAt, bad } = decode(decoder, buffer.subarray(0, n), path, what);
          bytesRead += n;
          const all = carry === '' ? text : carry + text;
          const stop = bad ? carry.length + badAt : all.length;
          let from = 0;
          for (let at = all.indexOf('\n'); at >= 0 && at < stop; at = all.indexOf('\n', from)) {
            lines++;
            if (at - from > MAX_LINE_CHARS) throw tooLong(path, what, lines);
            yield all.slice(from, at);
            from = at + 1;
          }
          if (bad) throw bad(lines + 1);
          carry = all.slice(from);
          if (carry.length > MAX_LINE_CHARS) throw tooLong(path, what, lines + 1);
          if (n === 0) {
            if (carry !== '') yield carry;
            return;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** A chunk decoded as UTF-8 (a character split across chunks waits in the decoder); where it is not text, the lenient decode of it and where that starts. */
function decode(decoder: TextDecoder, chunk: Uint8Array, path: string, what: string): Decoded {
  let text: string;
  try {
    text = decoder.decode(chunk, { stream: chunk.length > 0 });
  } catch {
    // The first U+FFFD of a lenient decode marks the first bad byte (or one the file itself wrote before it).
    text = new TextDecoder('utf-8').decode(chunk);
    return { text, badAt: Math.max(0, text.indexOf('\uFFFD')), bad: (line) => notUtf8(path, what, line) };
  }
  const nul = chunk.indexOf(0) < 0 ? -1 : text.indexOf('\0');
  return nul < 0 ? { text, badAt: -1 } : { text, badAt: nul, bad: (line) => binaryFile(path, what, line) };
}

const tooLong = (path: string, what: string, line: number) =>
  new UsageError(
    `${what} file '${path}': line ${line} is longer than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters; expected ${expectedText(what)}, one record a line`,
  );

function readChunk(fd: number, buffer: Uint8Array, path: string, what: string): number {
  try {
    return readSync(fd, buffer, 0, buffer.length, null);
  } catch (error) {
    throw cannotRead(error, path, what);
  }
}
