/** Test helper for the CLI's tests: runs the command line in this process and keeps what it printed. */

import { main } from './main.js';

/** `supernode <argv>` with its exit code and its output and error text. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
