import { describe, expect, it } from 'vitest';
import { CollectiveSession } from '../comm/run.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { activationMessage, trainingComm } from './comm.js';
import { simulateIteration, zero3OverlappedS } from './iteration.js';
import { parametersPerGpu } from './memory.js';
import { resolvePlan } from './plan.js';

const a100x64 = buildPreset('dgx-a100', {}, 64);
const model = models.get('megatron-gpt-18.4b');
const base = { tp: 8, pp: 1, mbs: 1, gbs: 64, seq: 2048, precision: 'bf16', recompute: 'none', zero: 0 } as const;

describe('simulateIteration tensor parallelism', () => {
  it('simulateIteration moves the same b s h activation with sequence parallelism (AG + RS) as without (all-reduce)', () => {
    // A ring all-reduce is a reduce-scatter then an all-gather of the same S = b s h x 2 B = 25 MB, so the exposed TP
    // time hardly changes with SP; sizing the SP collectives at tp x S would make it 8 times longer.
    const tp = (sequenceParallel: boolean) =>
      simulateIteration(model, resolvePlan(model, a100x64, { ...base, sequenceParallel }), a100x64, 'analytical').breakdown.exposedCommS.tp;
    expect(tp(true) / tp(false)).toBeGreaterThan(0.8);
    expect(tp(true) / tp(false)).toBeLessThan(1.25);
  });

  it('simulateIteration exposes 8 TP collectives per layer and micro-batch without recomputation', () => {
    // 40 layers x 8 micro-batches x (forward 2 x (AG + RS), backward 2 x (AG + RS)) of the 25 MB activation.
    const plan = resolvePlan(model, a100x64, base);
    const comm = trainingComm(new CollectiveSession(a100x64), plan, 'analytical');
    const act = activationMessage(model, plan);
    const pair = comm.tp('allgather', act).seconds + comm.tp('reducescatter', act).seconds;
    const r = simulateIteration(model, plan, a100x64, 'analytical');
    expect(r.breakdown.exposedCommS.tp).toBeCloseTo(40 * plan.microbatches * 4 * pair, 9);
  });
});

describe('simulateIteration data and pipeline overlap', () => {
  it('simulateIteration puts the whole gradient all-reduce on the critical path when dpOverlap is false', () => {
    // Megatron-LM 2021: all-reduce of the 2-byte gradients after the flush; 18.4B / TP 8 = 2.3e9 parameters per GPU.
    const plan = resolvePlan(model, a100x64, { ...base, dpOverlap: false, gradientBytes: 2 });
    const comm = trainingComm(new CollectiveSession(a100x64), plan, 'analytical');
    const allReduce = comm.dp('allreduce', parametersPerGpu(model, plan).dense * 2).seconds;
    expect(simulateIteration(model, plan, a100x64, 'analytical').breakdown.exposedCommS.dp).toBeCloseTo(allReduce, 9);
    const overlapped = simulateIteration(model, resolvePlan(model, a100x64, { ...base, gradientBytes: 2 }), a100x64, 'analytical');
    expect(overlapped.breakdown.exposedCommS.dp).toBeLessThan(allReduce);
  });

  it('simulateIteration prefetches ZeRO-3 gathers and runs its reduce-scatters behind the backward: an 8B plan on 64 GPUs exposes under 20% of its DP traffic', () => {
    const h100x64 = buildPreset('hgx-h100', {}, 64);
    const llama = models.get('llama3-8b');
    const plan = { tp: 1, pp: 1, mbs: 8, gbs: 512, seq: 4096, recompute: 'full', zero: 3 } as const;
    const dp = (dpOverlap: boolean) =>
      simulateIteration(llama, resolvePlan(llama, h100x64, { ...plan, dpOverlap }), h100x64, 'analytical').breakdown.exposedCommS.dp;
    // Blocking (DeepSpeed 2021, as Megatron's Table 2 rows ran): every gather and reduce-scatter on the critical path.
    const traffic = dp(false);
    expect(traffic).toBeGreaterThan(0.5);
    expect(dp(true)).toBeLessThan(0.2 * traffic);
    // What stays exposed: the first bucket's gathers and the last bucket's reduce-scatter.
    expect(dp(true)).toBeGreaterThan(0);
  });

  it('zero3OverlappedS exposes the first gather, the last reduce-scatter and what compute cannot hide', () => {
    // 10 buckets of gathers (1 s in all), 2 of reduce-scatters (0.4 s): behind ample compute 0.1 + 0.1 + 0.2 = 0.4 s.
    expect(zero3OverlappedS(1, 10, 0.4, 2, { forwardS: 5, backwardS: 5 })).toBeCloseTo(0.4, 12);
    // A 0.5 s forward hides 0.5 of the 0.9 s of later gathers; a 0.6 s backward 0.6 of its 1.1 s.
    expect(zero3OverlappedS(1, 10, 0.4, 2, { forwardS: 0.5, backwardS: 0.6 })).toBeCloseTo(0.1 + 0.4 + 0.1 + 0.2 + 0.5, 12);
  });

  it('simulateIteration blocks on every interleaved crossing when ppOverlap is false', () => {
    // PP 4, v 2, m = 64 / (1 x 2) = 32: 2 (v m + p - 1) = 134 sends against the overlapped fill's 2 (p - 1) = 6.
    const system = buildPreset('dgx-a100', {}, 64);
    const plan = { ...base, pp: 4, vpp: 2 };
    const pp = (ppOverlap: boolean) =>
      simulateIteration(model, resolvePlan(model, system, { ...plan, ppOverlap }), system, 'analytical').breakdown.exposedCommS.pp;
    expect(pp(false) / pp(true)).toBeCloseTo((2 * 32 + 3) / 3, 9);
  });
});
