/** The real `supernode` process given a FIFO with no writer or /dev/zero wherever it reads a file: exit 2 at once, naming the file, never a hang or an endless read. */

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
/** A hang (a blocking open of a FIFO) or a read of /dev/zero would run past this; a refusal takes the start-up only. */
const TIMEOUT_MS = 30_000;

function supernode(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions=supernode-src', '--import', 'tsx', 'packages/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: TIMEOUT_MS,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'supernode-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fifo = join(dir, 'pipe.csv');
execFileSync('mkfifo', [fifo]);
const serve = ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--rate', '1', '--requests', '5'];

describe('supernode reading devices and FIFOs', () => {
  it.each([
    ['describe <FIFO>', ['describe', fifo], /scenario file '.*pipe\.csv' is a FIFO \(named pipe\); expected a regular file/],
    ['serve --trace <FIFO>', ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--trace', fifo], /trace file '.*pipe\.csv' is a FIFO/],
    ['serve --model <FIFO>', [...serve.slice(0, 3), '--model', fifo, ...serve.slice(5)], /model config file '.*pipe\.csv' is a FIFO/],
    ['serve --input-len file:<FIFO>', [...serve, '--input-len', `file:${fifo}`], /lengths file '.*pipe\.csv' is a FIFO/],
    ['validate --cases <FIFO>', ['validate', '--cases', fifo], /cases file '.*pipe\.csv' is a FIFO/],
    ['pareto <FIFO>', ['pareto', fifo, '--x', 'a', '--y', 'b'], /results file '.*pipe\.csv' is a FIFO/],
    ['describe /dev/zero', ['describe', '/dev/zero'], /scenario file '\/dev\/zero' is a character device/],
    [
      'serve --trace /dev/zero',
      ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--trace', '/dev/zero'],
      /trace file '\/dev\/zero' is a character device/,
    ],
    [
      'serve --input-len file:/dev/zero',
      [...serve, '--input-len', 'file:/dev/zero'],
      /lengths file '\/dev\/zero' is a character device; expected a regular file/,
    ],
    ['validate --cases /dev/zero', ['validate', '--cases', '/dev/zero'], /cases file '\/dev\/zero' is a character device/],
  ])('supernode %s exits 2 at once naming the file', (_what, args, message) => {
    const r = supernode(...args);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
