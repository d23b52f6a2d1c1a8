import { describe, expect, it } from 'vitest';
import { deepMerge } from '../base/merge.js';
import { parseSweepSpec } from '../explore/spec.js';
import { checkSweep, expandPoints, PointEvaluator } from '../explore/sweep.js';
import { systemPresets } from '../presets/registry.js';

// hgx-h100 servers under 8:1 top-of-rack leaves (not rail-optimized): 112 GPUs make two leaves of 7 servers.
const tor = deepMerge(systemPresets.get('hgx-h100').input, { scaleOut: { railOptimized: false, oversubscription: 8 } }) as Record<string, unknown>;
const spec = (axes: string) =>
  parseSweepSpec(
    `command: share
system: hgx-h100
gpus: 112
args:
  jobs:
    - { name: moe, op: alltoall, gpus: 56, size: 256MiB }
    - { name: dp, op: allreduce, gpus: 56, size: 256MiB }
axes:
${axes}`,
    'share.yaml',
  );

describe('share sweep command', () => {
  it('share sweeps placement as an axis: packed jobs never meet, spread ones slow each other down', () => {
    const s = spec('  - { path: args.placement, values: [packed, domain, spread, random] }');
    checkSweep(s, tor);
    const evaluator = new PointEvaluator(s, tor);
    const [packed, domain, spread, random] = expandPoints(s).map((p) => evaluator.evaluate(p));
    expect(packed?.status).toBe('ok');
    expect(packed?.metrics.maxSlowdown).toBe(1);
    expect(domain?.metrics.maxSlowdown).toBe(1);
    // Spread, both jobs cross the leaf uplinks; the all-to-all's many flows take most of them, so the all-reduce's
    // channel rings lose out and it is the job that slows.
    expect(Number(spread?.metrics.maxSlowdown)).toBeGreaterThan(1.2);
    expect(spread?.metrics.worstJob).toBe('dp');
    expect(Number(spread?.metrics.meanSlowdown)).toBeLessThan(Number(spread?.metrics.maxSlowdown));
    expect(Number(spread?.metrics.makespanUs)).toBeGreaterThan(Number(packed?.metrics.makespanUs));
    expect(random?.status).toBe('ok');
  });

  it('share refuses a placement that is not a policy before anything runs', () => {
    expect(() => checkSweep(spec('  - { path: args.placement, values: [stacked] }'), tor)).toThrow(
      "args.placement: expected one of packed, domain, spread, random, received 'stacked' (did you mean 'packed'?)",
    );
  });

  it('share reports a job that does not fit as a failed point naming args.jobs', () => {
    const s = spec('  - { path: gpus, values: [64] }');
    const [point] = expandPoints(s).map((p) => new PointEvaluator(s, tor).evaluate(p));
    expect(point?.status).toBe('failed');
    expect(point?.error).toBe("args.jobs: the jobs need 112 GPUs (56 + 56); expected at most the system's 64");
  });
});
