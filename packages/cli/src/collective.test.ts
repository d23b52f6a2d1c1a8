import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('main collective', () => {
  it('main collective --json prints one object per size with the nccl-tests fields', async () => {
    const { code, out } = await run('collective', '--system', 'hgx-h100', '--op', 'allreduce', '--sizes', '1K:4K', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(out);
    expect(rows.map((r: { bytes: number }) => r.bytes)).toEqual([1024, 2048, 4096]);
    for (const r of rows) for (const key of ['bytes', 'timeUs', 'algbwGBps', 'busbwGBps', 'algorithm']) expect(r).toHaveProperty(key);
    // busbw = algbw x 2(n-1)/n for all-reduce on 8 ranks.
    expect(rows[0].busbwGBps / rows[0].algbwGBps).toBeCloseTo(1.75, 9);
  });

  it('main collective: 8xH100 ring at 8 GiB within 10% of 367.5 GB/s, analytical and flow alike', async () => {
    for (const fidelity of ['analytical', 'flow']) {
      const { out } = await run(
        'collective',
        '--system',
        'hgx-h100',
        '--op',
        'allreduce',
        '--sizes',
        '8G',
        '--algorithm',
        'ring',
        '--fidelity',
        fidelity,
        '--json',
      );
      const [r] = JSON.parse(out);
      expect(Math.abs(r.busbwGBps - 367.5) / 367.5).toBeLessThan(0.1);
    }
  });

  it('main collective writes a Chrome trace and lists the busiest links', async () => {
    const trace = join(tmpdir(), `supernode-trace-${process.pid}.json`);
    const { code, out } = await run('collective', '--system', 'al128', '--op', 'alltoall', '--sizes', '64M', '--trace', trace, '--links');
    expect(code).toBe(0);
    expect(out).toContain('busiest links');
    const events = JSON.parse(readFileSync(trace, 'utf8')).traceEvents;
    // 128 ranks each send to 127 others: 16,256 transfer slices, plus track names.
    expect(events.filter((e: { ph: string }) => e.ph === 'X')).toHaveLength(128 * 127);
    rmSync(trace);
  });

  const bad: [string, string[], RegExp][] = [
    ['an unknown op', ['--op', 'allreduse'], /option --op: expected one of allreduce, .*, received 'allreduse' \(did you mean 'allreduce'\?\)/],
    ['size 0', ['--op', 'allreduce', '--sizes', '0'], /--sizes: '0' is not a positive size/],
    ['a group outside the system', ['--op', 'allreduce', '--group', '0-15'], /rank 8 is outside the system, which has ranks 0-7/],
    ['a rank listed twice', ['--op', 'allreduce', '--group', '0,1,1'], /rank 1 is listed twice/],
    ['an algorithm the op lacks', ['--op', 'allreduce', '--algorithm', 'direct'], /unknown allreduce algorithm 'direct'/],
    ['an algorithm that cannot run', ['--op', 'allreduce', '--algorithm', 'halving-doubling', '--group', '0-5'], /needs a power-of-two number of ranks, got 6/],
    ['an unknown protocol', ['--op', 'allreduce', '--protocol', 'LL64'], /option --protocol: expected one of auto, LL, LL128, Simple, received 'LL64'/],
    ['a protocol the algorithm lacks', ['--op', 'allreduce', '--algorithm', 'in-switch', '--protocol', 'LL'], /--protocol: allreduce cannot run on LL here/],
  ];
  it.each(bad)('main collective exits 2 with a clear message for %s', async (_what, args, message) => {
    const { code, err } = await run('collective', '--system', 'hgx-h100', ...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
