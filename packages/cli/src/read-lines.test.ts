import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, readLines } from './read-lines.js';
import { readTextFile } from './read-text.js';

const dir = mkdtempSync(join(tmpdir(), 'supernode-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe('readLines', () => {
  it('readLines walks the lines of a file read in 1 MiB chunks, a character split across two chunks whole, the last line without a break', () => {
    // 'é' is two bytes in UTF-8; the second line's ends one byte into the second MiB, so the chunk boundary splits it.
    const first = 'a'.repeat(2 ** 20 - 101);
    const second = `${'b'.repeat(99)}é`;
    const path = file('split.txt', `${first}\n${second}\r\nthird\n\nlast`);
    const lines = readLines(path, 'trace');
    expect(lines.bytes).toBe(2 ** 20 + 1 + 2 + 6 + 1 + 4);
    expect([...lines]).toEqual([first, `${second}\r`, 'third', '', 'last']);
    expect(lines.bytesRead).toBe(lines.bytes);
    // A second walk reads the file again from its start.
    expect([...lines]).toHaveLength(5);
  });

  it('readLines closes the file when a walk is left early', () => {
    // Linux lists a process's open descriptors in /proc/self/fd: the count is back where it was once the walk is left.
    if (!existsSync('/proc/self/fd')) return;
    const path = file('many.txt', 'x\n'.repeat(1000));
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (const line of readLines(path, 'trace')) if (line === 'x') break;
    expect(open()).toBe(before);
  });

  it('readLines names the line of a byte that is not UTF-8, of a NUL byte, and of a line too long', () => {
    const latin1 = file('latin1.csv', Uint8Array.from([...Buffer.from('a\nb\nc'), 0xe9, ...Buffer.from('\n')]));
    expect(() => [...readLines(latin1, 'trace')]).toThrow(/trace file '.*latin1\.csv' is not UTF-8 text \(line 3\); expected CSV or JSON lines/);
    const binary = file('binary.csv', Uint8Array.from([...Buffer.from('a\nb\n'), 0, 1, 2]));
    expect(() => [...readLines(binary, 'trace')]).toThrow(/trace file '.*binary\.csv' is binary \(a NUL byte on line 3\)/);
    const long = file('long.csv', `ok\n${'x'.repeat(MAX_LINE_CHARS + 10)}\n`);
    expect(() => [...readLines(long, 'trace')]).toThrow(/trace file '.*long\.csv': line 2 is longer than 1,048,576 characters/);
  });

  it('readLines refuses a missing file and a directory before any walk', () => {
    expect(() => readLines(join(dir, 'nope.csv'), 'trace')).toThrow(/cannot read trace file '.*nope\.csv': no such file/);
    mkdirSync(join(dir, 'folder'));
    expect(() => readLines(join(dir, 'folder'), 'trace')).toThrow(/trace file '.*folder' is a directory; expected a regular file/);
  });
});

describe('readTextFile', () => {
  it('readTextFile reads a small file whole and refuses one past its cap, a binary one and a directory, naming each', () => {
    expect(readTextFile(file('ok.txt', '1 2 3\n'), 'lengths', 100)).toBe('1 2 3\n');
    expect(() => readTextFile(file('big.txt', '1 '.repeat(100)), 'lengths', 100)).toThrow(/lengths file '.*big\.txt' is 200 bytes; a lengths is at most 100/);
    expect(() => readTextFile(file('nul.json', '{"a":\u00001}'), 'model config', 100)).toThrow(
      /model config file '.*nul\.json' is binary \(a NUL byte on line 1\); expected a JSON model config/,
    );
    expect(() => readTextFile(dir, 'scenario')).toThrow(/scenario file '.*' is a directory; expected a regular file holding a YAML or JSON scenario/);
  });
});
