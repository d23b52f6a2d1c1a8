/** nccl-tests logs: read as nccl-tests writes them, refused by line when they are not one run, and fitted back to the constants that made them. */

import { describe, expect, it } from 'vitest';
import { deepMerge } from '../base/merge.js';
import type { CollectiveOp } from '../collectives/types.js';
import { CollectiveSession, runCollective } from '../comm/run.js';
import { systemPresets } from '../presets/registry.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem } from '../system/system.js';
import { calibrate } from './fit.js';
import { LogError, parseNcclTests } from './nccl-tests.js';
import { formatNcclTests } from './nccl-tests-text.js';
import { nelderMead } from './nelder-mead.js';

const H100 = systemPresets.get('hgx-h100').input as Record<string, unknown>;

/** A sweep of `op` from 1 KiB to 8 GiB as the model prices it on hgx-h100 with `fields` set, as nccl-tests would print it. */
function syntheticLog(fields: Record<string, unknown>, op: CollectiveOp = 'allreduce', ranks = 8): string {
  const system = buildSystem(systemSchema.parse(deepMerge(H100, fields)), { gpus: ranks });
  const session = new CollectiveSession(system);
  const group = Array.from({ length: ranks }, (_, i) => i);
  const sizes = Array.from({ length: 24 }, (_, i) => 1024 * 2 ** i).map((bytes) => ({
    bytes,
    seconds: runCollective(session, { op, group, bytes, algorithm: 'auto', fidelity: 'analytical' }).timeUs * 1e-6,
  }));
  return formatNcclTests({ op, ranks, gpusPerHost: 8, device: 'NVIDIA H100 80GB HBM3', sizes });
}

function refusal(text: string, file = 'run.log'): string {
  try {
    parseNcclTests(text, file);
  } catch (error) {
    if (error instanceof LogError) return error.message;
    throw error;
  }
  throw new Error('expected a LogError');
}

describe('parseNcclTests', () => {
  it('reads the collective, the ranks, the hosts, the device and every size, out of place and in place', () => {
    const run = parseNcclTests(syntheticLog({}, 'allreduce', 16), 'two-nodes.log');
    expect([run.op, run.tool, run.ranks, run.hosts, run.device, run.rows.length]).toEqual(['allreduce', 'all_reduce_perf', 16, 2, 'NVIDIA H100 80GB HBM3', 24]);
    expect(run.rows[0]).toMatchObject({ bytes: 1024 });
    expect(run.rows[0]?.inPlaceS).toBeCloseTo(run.rows[0]?.outOfPlaceS as number, 12);
  });

  it('refuses a truncated log, a cut line, a second run, another tool and text that is not nccl-tests, naming the line', () => {
    const log = syntheticLog({});
    const lines = log.split('\n');
    const lastData = lines.findIndex((l) => l.startsWith('# Out of bounds')) - 1;
    expect(refusal(lines.slice(0, lastData + 1).join('\n'))).toMatch(new RegExp(`^run\\.log:${lastData + 1}: the log stops after this line .*truncated\\?$`));
    const cut = [...lines];
    cut[lastData] = (cut[lastData] as string).slice(0, 40);
    expect(refusal(cut.join('\n'))).toMatch(new RegExp(`^run\\.log:${lastData + 1}: \\d+ fields where the column header has 13`));
    expect(refusal(`${log}\n${log}`)).toMatch(/^run\.log:\d+: a second run after the first ended at line \d+/);
    expect(refusal(log.replace('all_reduce_perf', 'all_gather_perf'))).toMatch(
      /^run\.log:\d+: busbw \/ algbw = 1\.7\d\d, where all_gather_perf on 8 ranks gives 0\.875: another collective or rank count/,
    );
    expect(refusal('Step 100 loss 2.31\n')).toBe(
      "run.log:1: expected nccl-tests output ('# nThread ... nGpus ...' first), found 'Step 100 loss 2.31': not an nccl-tests log?",
    );
  });

  it('takes the collective from the file name or --op where the log does not say, and asks for it where nothing does', () => {
    const anonymous = syntheticLog({}, 'alltoall').replace('# Collective test starting: alltoall_perf\n', '');
    expect(parseNcclTests(anonymous, 'logs/alltoall_perf.txt').op).toBe('alltoall');
    expect(parseNcclTests(anonymous, 'run.log', { op: 'alltoall' }).op).toBe('alltoall');
    expect(refusal(anonymous)).toMatch(/^run\.log:1: which collective\? .* give --op$/);
  });
});

describe('calibrate', () => {
  it('recovers the constants a synthetic log was made with within 2%', () => {
    const truth = { scaleUp: { protocolEfficiency: 0.8 }, collectives: { latencyScale: 1.3 } };
    const c = calibrate(H100, [parseNcclTests(syntheticLog(truth), 'synthetic.log')]);
    const fitted = Object.fromEntries(c.constants.map((k) => [k.path.join('.'), k.after]));
    expect(fitted['scaleUp.protocolEfficiency']).toBeCloseTo(0.8, 2);
    expect(Math.abs((fitted['collectives.latencyScale'] as number) / 1.3 - 1)).toBeLessThan(0.02);
    expect(c.untouched).toContain('scaleOut.protocolEfficiency');
    expect(c.medianErrorPctAfter).toBeLessThan(0.1);
    expect(c.medianErrorPctBefore).toBeGreaterThan(5);
  });

  it('fits scale-out efficiency where the run crosses servers', () => {
    // Four servers: on two, NVLS-tree's large sizes outrun the NICs and only a few mid sizes feel their efficiency.
    const truth = { scaleOut: { protocolEfficiency: 0.7 } };
    const c = calibrate(H100, [parseNcclTests(syntheticLog(truth, 'allreduce', 32), 'four-nodes.log')]);
    const out = c.constants.find((k) => k.path.join('.') === 'scaleOut.protocolEfficiency');
    expect(Math.abs((out?.after as number) / 0.7 - 1)).toBeLessThan(0.02);
  });
});

describe('nelderMead', () => {
  it('finds the minimum of a quadratic bowl', () => {
    const m = nelderMead((x) => ((x[0] as number) - 1) ** 2 + ((x[1] as number) + 2) ** 2, [0, 0]);
    expect(m.x[0]).toBeCloseTo(1, 3);
    expect(m.x[1]).toBeCloseTo(-2, 3);
  });
});
