import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { healthySystem } from '../system/system.js';
import { buildPreset } from '../test-support.js';
import { resolvePlan } from './plan.js';
import { lockstepRanks, placeOf, replicaSpeeds } from './stragglers.js';
import { train } from './train.js';

describe('stage groups', () => {
  it('lockstepRanks: TP x CP, widened to the EP group when experts span several', () => {
    expect(lockstepRanks({ tp: 8, cp: 1, dp: 16, ep: 1, etp: 8 })).toBe(8);
    expect(lockstepRanks({ tp: 2, cp: 2, dp: 16, ep: 8, etp: 1 })).toBe(8);
    expect(lockstepRanks({ tp: 1, cp: 1, dp: 4, ep: 64, etp: 1 })).toBe(4);
  });

  it('replicaSpeeds: a slow GPU slows its own replica at its own stage, the rest keep nominal speed', () => {
    const system = buildPreset('hgx-h100', {}, 16);
    const plan = resolvePlan(models.get('llama3-8b'), system, { tp: 2, pp: 2, dp: 4, mbs: 1, gbs: 16, seq: 4096 });
    const speeds = new Float64Array(16).fill(1);
    speeds[11] = 0.8;
    // Stage 1 holds ranks 8-15; rank 11 is TP rank 1 of replica 1 there.
    expect(placeOf(plan, 11)).toEqual({ stage: 1, replica: 1 });
    expect(replicaSpeeds(plan, speeds)).toEqual([
      { stageSpeeds: [1, 1], replicas: [0, 2, 3] },
      { stageSpeeds: [1, 0.8], replicas: [1] },
    ]);
  });
});

describe('train with slow GPUs', () => {
  const model = models.get('llama3-8b');
  const plan = { tp: 8, pp: 1, mbs: 1, gbs: 64, seq: 4096 };

  it('one slow GPU stretches its replica, and so the step, by its compute share; healing it gives the nominal step back', () => {
    const system = buildPreset('hgx-h100', { stragglers: { gpus: [{ gpu: 13, speed: 0.8 }] } }, 64);
    const r = train(system, model, plan);
    const nominal = train(healthySystem(system), model, plan);
    const s = r.stragglers;
    expect(s?.nominalIterationS).toBe(nominal.iterationTimeS);
    expect(s?.iterationS).toBe(r.iterationTimeS);
    expect(s?.slowestGpu).toEqual({ rank: 13, speed: 0.8, stage: 0, replica: 1 });
    expect(s?.slowGpus).toBe(1);
    expect(s?.withoutSlowestS).toBe(nominal.iterationTimeS);
    // Compute stretches by 1/0.8 = 1.25, communication does not: the step grows by a quarter of its compute at most.
    const grown = r.iterationTimeS - nominal.iterationTimeS;
    expect(grown).toBeGreaterThan(0.2 * nominal.breakdown.computeS);
    expect(grown).toBeLessThanOrEqual(0.25 * (nominal.breakdown.computeS + nominal.breakdown.optimizerS) + 1e-9);
  });

  it('the wider the spread of speeds, the more the slowest stage groups cost, the same for the same seed', () => {
    const slowdown = (cv: number, seed = 1) =>
      train(buildPreset('hgx-h100', { stragglers: { spread: { distribution: 'normal', cv, seed } } }, 64), model, plan).stragglers?.slowdown ?? 0;
    const [narrow, wide] = [slowdown(0.01), slowdown(0.05)];
    expect(narrow).toBeGreaterThan(0);
    expect(wide).toBeGreaterThan(3 * narrow);
    expect(slowdown(0.05)).toBe(wide);
    expect(slowdown(0.05, 2)).not.toBe(wide);
  });

  it('a slow GPU in a pipeline costs the step through its stage; the others see no change', () => {
    const pp = { tp: 2, pp: 4, mbs: 1, gbs: 32, seq: 4096 };
    const run = (gpu: number) => train(buildPreset('hgx-h100', { stragglers: { gpus: [{ gpu, speed: 0.5 }] } }, 16), models.get('llama3-8b'), pp);
    const first = run(0);
    const last = run(15);
    expect(first.stragglers?.slowestGpu.stage).toBe(0);
    expect(last.stragglers?.slowestGpu.stage).toBe(3);
    expect(first.stragglers?.slowdown).toBeGreaterThan(0.3);
    expect(last.stragglers?.slowdown).toBeGreaterThan(0.3);
  });
});
