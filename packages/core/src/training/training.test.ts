import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { memoryPerGpu } from './memory.js';
import { resolvePlan } from './plan.js';
import { train } from './train.js';

const h100x64 = buildPreset('hgx-h100', {}, 64);
const base = { mbs: 1, gbs: 128, seq: 4096 };

describe('resolvePlan', () => {
  it('resolvePlan derives DP from the GPUs left after TP x PP x CP', () => {
    // 64 GPUs / (TP 4 x PP 4) = DP 4; 128 sequences / (1 x 4) = 32 micro-batches per pipeline.
    const plan = resolvePlan(models.get('llama2-70b'), h100x64, { tp: 4, pp: 4, ...base });
    expect(plan.dp).toBe(4);
    expect(plan.microbatches).toBe(32);
  });

  it.each([
    ['TP not dividing the heads', 'llama2-70b', { tp: 3, pp: 1 }, /TP 3 does not divide the 64 attention heads/],
    ['PP not dividing the layers', 'llama2-70b', { tp: 4, pp: 3 }, /PP 3 does not divide the 80 layers/],
    ['GPUs past the system', 'llama2-70b', { tp: 4, pp: 4, dp: 8 }, /TP 4 x PP 4 x DP 8 x CP 1 = 128 GPUs, but the system has 64/],
    [
      'a job on part of a server that does not share it evenly',
      'llama2-70b',
      { tp: 4, pp: 1, dp: 3 },
      /12 GPUs on a system of 64: a job on part of a system takes whole servers of 8 GPUs/,
    ],
    ['EP larger than the experts', 'mixtral-8x22b', { tp: 1, pp: 1, ep: 16 }, /EP 16 is larger than the 8 experts/],
    ['EP on a dense model', 'llama2-70b', { tp: 4, pp: 1, ep: 2 }, /needs a mixture-of-experts model/],
  ])('resolvePlan refuses %s', (_what, model, plan, message) => {
    expect(() => resolvePlan(models.get(model), h100x64, { ...base, ...plan })).toThrow(ConfigError);
    expect(() => resolvePlan(models.get(model), h100x64, { ...base, ...plan })).toThrow(message);
  });
});

describe('memoryPerGpu', () => {
  it("memoryPerGpu: Megatron's 1T row fits in 80 GB", () => {
    // 1,008B parameters over TP 8 x PP 64 = 1.97e9 per GPU x 18 B = 35 GB of state, plus ~2.5 GB of activations.
    const system = buildPreset('dgx-a100', {}, 3072);
    const plan = resolvePlan(models.get('megatron-gpt-1008b'), system, { tp: 8, pp: 64, mbs: 1, gbs: 3072, seq: 2048, recompute: 'full', zero: 0 });
    const mem = memoryPerGpu(models.get('megatron-gpt-1008b'), plan, system.spec.gpu.hbmUsable);
    expect(mem.fits).toBe(true);
    expect(mem.total / 1e9).toBeGreaterThan(30);
    expect(mem.total / 1e9).toBeLessThan(77);
  });

  it('memoryPerGpu: ZeRO stages shard optimizer, then gradients, then weights by DP', () => {
    const model = models.get('llama2-70b');
    const at = (zero: 0 | 1 | 2 | 3) => memoryPerGpu(model, resolvePlan(model, h100x64, { tp: 4, pp: 4, ...base, zero }), 80e9);
    expect(at(1).optimizer).toBeCloseTo(at(0).optimizer / 4, 0);
    expect(at(2).gradients).toBeCloseTo(at(1).gradients / 4, 0);
    expect(at(3).weights).toBeCloseTo(at(2).weights / 4, 0);
  });
});

describe('train', () => {
  it('train: a plan that cannot fit is an out-of-memory error with the breakdown', () => {
    // Llama-3.1-405B on 8 H100 with TP 8: 405e9 / 8 x 18 B = 911 GB of state per GPU.
    const system = buildPreset('hgx-h100');
    expect(() => train(system, models.get('llama3.1-405b'), { tp: 8, pp: 1, mbs: 1, gbs: 8, seq: 8192 })).toThrow(
      /out of memory: .* GiB per GPU \(weights .* optimizer/,
    );
  });

  it('train: the bubble is (p - 1) / v stage-times, as 1F1B and interleaving predict', () => {
    const r = train(h100x64, models.get('llama2-70b'), { tp: 4, pp: 4, vpp: 2, ...base });
    const perMicro = r.breakdown.bubbleS / ((4 - 1) / 2);
    // The pipeline part of the iteration is (m + (p - 1)/v) x per-micro-batch time with m = 32.
    const pipeline = r.iterationTimeS - r.breakdown.exposedCommS.pp - r.breakdown.exposedCommS.dp - r.breakdown.optimizerS;
    expect(pipeline / perMicro).toBeCloseTo(32 + 1.5, 6);
  });

  it('train: MFU is model FLOPs over the dense peak, and full recomputation raises hardware FLOPs only', () => {
    const selective = train(h100x64, models.get('llama2-70b'), { tp: 4, pp: 4, ...base, recompute: 'selective' });
    const full = train(h100x64, models.get('llama2-70b'), { tp: 4, pp: 4, ...base, recompute: 'full' });
    expect(selective.mfu).toBeCloseTo((selective.modelTflopsPerGpu * 1e12) / 989e12, 9);
    expect(full.hardwareTflopsPerGpu / full.modelTflopsPerGpu).toBeGreaterThan(1.25);
    expect(full.iterationTimeS).toBeGreaterThan(selective.iterationTimeS);
  });

  it('train: flow and analytical fidelity agree where TP stays inside a server and nothing else contends', () => {
    const plan = { tp: 8, pp: 1, mbs: 1, gbs: 8, seq: 4096 };
    const system = buildPreset('hgx-h100');
    const a = train(system, models.get('llama2-13b'), plan, { fidelity: 'analytical' });
    const f = train(system, models.get('llama2-13b'), plan, { fidelity: 'flow' });
    expect(Math.abs(f.iterationTimeS - a.iterationTimeS) / a.iterationTimeS).toBeLessThan(0.02);
  });
});
