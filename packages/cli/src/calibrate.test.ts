/** `supernode calibrate` on the published ND H100 v5 sweep: under 3% after, and the scenario it writes reproduces its figures; bad logs exit 2 naming the line. */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support.js';

const run = runCli;

const LOG = join(import.meta.dirname, '..', '..', '..', 'examples', 'nccl-tests', 'azure-nd-h100-v5-all-reduce.log');
const dir = mkdtempSync(join(tmpdir(), 'supernode-calibrate-'));

describe('supernode calibrate', () => {
  it('brings the published ND H100 v5 all-reduce sweep under 3% and writes a scenario whose collective run reproduces it', async () => {
    const scenario = join(dir, 'h100.yaml');
    const { code, out } = await run('calibrate', LOG, '--system', 'hgx-h100', '--out', scenario, '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    // The model reads the sweep within 2.4% (median) as it stands, NVLink latencies at Hopper's measured scale; the fit
    // still gains (2.1%).
    expect(r.medianErrorPctBefore).toBeGreaterThan(2);
    expect(r.medianErrorPctAfter).toBeLessThan(Math.min(3, r.medianErrorPctBefore - 0.2));
    const text = readFileSync(scenario, 'utf8');
    expect(text).toMatch(/^extends: hgx-h100$/m);
    expect(text).toMatch(
      /protocolEfficiency: [\d.]+ # fitted \(was 0\.93\): .*fit set azure-nd-h100-v5-all-reduce\.log \(all_reduce_perf, 8 ranks on 1 host, 12 sizes 1 KiB-8 GiB\)/,
    );
    const sizes = r.sizes.map((s: { bytes: number }) => s.bytes).join(',');
    const again = await run('collective', '--system', scenario, '--op', 'allreduce', '--group', '0-7', '--sizes', sizes, '--fidelity', 'analytical', '--json');
    expect(again.code).toBe(0);
    const rows = JSON.parse(again.out) as { timeUs: number }[];
    expect(rows).toHaveLength(r.sizes.length);
    expect(rows.map((row) => row.timeUs * 1e-6)).toEqual(r.sizes.map((s: { afterS: number }) => expect.closeTo(s.afterS, 12)));
  });

  it('a log that is not nccl-tests output exits 2 naming the file and line', async () => {
    const bad = join(dir, 'train.log');
    writeFileSync(bad, 'epoch 1 step 10 loss 2.3\n');
    const { code, err } = await run('calibrate', bad, '--system', 'hgx-h100', '--out', join(dir, 'x.yaml'));
    expect(code).toBe(2);
    expect(err).toContain(`${bad}:1: expected nccl-tests output`);
  });
});
