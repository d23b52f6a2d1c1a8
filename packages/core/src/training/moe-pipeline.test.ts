import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { models } from '../models/registry.js';
import { UnknownNameError } from '../registry/registry.js';
import { buildPreset } from '../test-support.js';
import { layerActivationBytesPerToken } from './activation-memory.js';
import { simulateIteration } from './iteration.js';
import { layerTimes } from './layer-time.js';
import { memoryPerGpu } from './memory.js';
import { type PlanInput, resolvePlan } from './plan.js';
import { train } from './train.js';

const model = models.get('deepseek-v3');
const h800x2048 = buildPreset('hgx-h800', {}, 2048);
const split = [3, ...new Array<number>(14).fill(4), 2];
/** DeepSeek-V3's pre-training plan (technical report sections 3.2-3.3, 4.2), as validation/training-cases.ts runs it. */
const deepseek: PlanInput = {
  ...{ tp: 1, pp: 16, ep: 64, mbs: 1, gbs: 15_360, seq: 4096, precision: 'fp8', zero: 1, schedule: 'dualpipe', stageLayers: split },
  ...{ recompute: 'selective', recomputeModules: ['norm', 'mla-up-proj', 'activation'], mtpDepth: 1, epNodeLimit: 4, momentBytes: 2 },
  expertKernels: 'deepgemm',
};
const run = (extra: Partial<PlanInput> = {}) => simulateIteration(model, resolvePlan(model, h800x2048, { ...deepseek, ...extra }), h800x2048, 'analytical');

describe('simulateIteration with DualPipe and node-limited routing', () => {
  it('prices the routed experts in their kernel family: CUTLASS-class grouped GEMMs lose rate on narrow experts, DeepGEMM does not', () => {
    // DeepSeek-V3's 2,048-wide experts reach 0.79 x 2048 / (2048 + 1536) = 0.45 of the dense rate as grouped GEMMs on Hopper.
    const deepgemm = layerTimes(model, resolvePlan(model, h800x2048, deepseek), h800x2048.spec.gpu, true);
    const grouped = layerTimes(model, resolvePlan(model, h800x2048, { ...deepseek, expertKernels: 'grouped' }), h800x2048.spec.gpu, true);
    expect(grouped.forwardS).toBeGreaterThan(1.2 * deepgemm.forwardS);
    expect(grouped.backwardS).toBeGreaterThan(1.2 * deepgemm.backwardS);
  });

  it('simulateIteration under DualPipe exposes less of the expert all-to-all than 1F1B, and finishes sooner', () => {
    // 1F1B waits for every dispatch and combine; DualPipe overlaps them with the paired chunk and pays only the SMs they
    // take (20 of 132: compute 18% slower while paired) and the chunks that run alone.
    const dual = run();
    const serial = run({ schedule: '1f1b' });
    expect(dual.breakdown.exposedCommS.ep).toBeLessThan(serial.breakdown.exposedCommS.ep * 0.7);
    expect(dual.iterationTimeS).toBeLessThan(serial.iterationTimeS);
  });

  it('simulateIteration sends fewer bytes over IB with node-limited routing (M = 4)', () => {
    // 3.18 scale-out copies per token instead of 8 x 63/64: the exposed all-to-all of 1F1B shrinks.
    const limited = run({ schedule: '1f1b' }).breakdown.exposedCommS.ep;
    const plain = simulateIteration(model, resolvePlan(model, h800x2048, { ...deepseek, schedule: '1f1b', epNodeLimit: undefined }), h800x2048, 'analytical')
      .breakdown.exposedCommS.ep;
    expect(limited).toBeLessThan(plain * 0.7);
  });

  it('simulateIteration slows with the MTP module on the last stage, which DualPipe pairs with the first', () => {
    // The MTP module adds a MoE layer and a second pass through the 129k-vocabulary head to stage 15, i.e. device 0.
    expect(run({ mtpDepth: 1 }).iterationTimeS).toBeGreaterThan(run({ mtpDepth: 0 }).iterationTimeS);
  });

  it('simulateIteration under DualPipe sees only the sum of the two stages a device holds, where 1F1B sees the last', () => {
    // [2, 4 x 14, 3] and [3, 4 x 14, 2] put five layers, the head and the MTP module on device 0 either way; under 1F1B
    // the first layout makes the last stage (3 layers + head + MTP) one layer slower. (DualPipe differs by where the
    // dense layers and the stage boundaries fall: about 2%, less than half of what 1F1B sees.)
    const ends = (first: number, last: number) => [first, ...new Array<number>(14).fill(4), last];
    const time = (stageLayers: number[], schedule: string) => run({ stageLayers, schedule }).iterationTimeS;
    const dual = time(ends(2, 3), 'dualpipe') / time(ends(3, 2), 'dualpipe');
    const serial = time(ends(2, 3), '1f1b') / time(ends(3, 2), '1f1b');
    expect(Math.abs(dual - 1)).toBeLessThan(0.5 * (serial - 1));
    expect(serial - 1).toBeGreaterThan(0.03);
  });
});

describe('memoryPerGpu under DualPipe', () => {
  it('memoryPerGpu holds two stages of weights per device with DualPipe and fits DeepSeek-V3 in 80 GB', () => {
    // DeepSeek-V3 Table 2: parameters 2x. (17.0B non-expert / 16 + 654B routed-expert / (16 x 64)) x 2 = 3.4e9
    // parameters per GPU, 6.8 GB in BF16; the whole plan must fit in the H800's 80 GB, as it trained.
    const gpu = h800x2048.spec.gpu;
    const dual = memoryPerGpu(model, resolvePlan(model, h800x2048, deepseek), gpu.hbmUsable);
    const single = memoryPerGpu(model, resolvePlan(model, h800x2048, { ...deepseek, schedule: '1f1b' }), gpu.hbmUsable);
    expect(dual.weights / single.weights).toBeCloseTo(2, 9);
    expect(dual.parametersPerGpu / 1e9).toBeCloseTo(3.4, 1);
    expect(dual.fits).toBe(true);
  });

  it('memoryPerGpu keeps PP + 1 stage passes of activations on DualPipe devices against at most PP - s on 1F1B stage s', () => {
    // Walking each schedule's order: DualPipe's busiest device holds 17 passes of four-MoE-layer stages; under 1F1B
    // stage 0 holds 16 passes of its three light dense layers and stage 1, the busiest, 15 of four MoE layers.
    const gpu = h800x2048.spec.gpu;
    const dual = memoryPerGpu(model, resolvePlan(model, h800x2048, deepseek), gpu.hbmUsable).activations;
    const single = memoryPerGpu(model, resolvePlan(model, h800x2048, { ...deepseek, schedule: '1f1b' }), gpu.hbmUsable).activations;
    expect(dual / single).toBeCloseTo(17 / 15, 9);
  });
});

describe('layerActivationBytesPerToken with MLA and MoE', () => {
  it("layerActivationBytesPerToken keeps what DeepSeek-V3's recomputation leaves: latents, FP8 copies, SwiGLU inputs", () => {
    // h 7168, FP8 (g = 1), norms, MLA up-projections and SwiGLU recomputed: sequence = the two norm inputs 4 h;
    // split = latents 2 (1536 + 512 + 64) + attention output 2 x 16384 + its FP8 copy 16384 + shared SwiGLU input
    // 1 x 2 x 2048 + 8 routed copies x (FP8 input 7168 + SwiGLU input 4096).
    const plan = resolvePlan(model, h800x2048, deepseek);
    expect(layerActivationBytesPerToken(model, plan, true)).toEqual({
      sequence: 4 * 7168,
      split: 2 * 2112 + 3 * 16_384 + 4096 + 8 * (7168 + 4096),
      scores: 0,
    });
  });

  it('layerActivationBytesPerToken keeps Q, K, V and the normalised latents when nothing is recomputed', () => {
    // Without up-projection recomputation MLA keeps Q and K (128 x 192) and V (128 x 128) in BF16.
    const plan = resolvePlan(model, h800x2048, { ...deepseek, recomputeModules: ['core-attention'] });
    const kept = layerActivationBytesPerToken(model, plan, true).split;
    const recomputed = layerActivationBytesPerToken(model, resolvePlan(model, h800x2048, deepseek), true).split;
    // Q K V 2 x 128 x (192 + 192 + 128) + latent copies 2048 + shared SwiGLU output path (2 x 4096 + 2048 - 4096) +
    // routed 8 x (2 x 4096 + 2048 - 4096).
    expect(kept - recomputed).toBe(2 * 128 * 512 + 2048 + (2 * 4096 + 2048 - 4096) * 9);
  });
});

describe('layerTimes recomputation modules', () => {
  it('layerTimes charges the recomputed norms, MLA up-projections and SwiGLU, less than the whole forward', () => {
    const gpu = h800x2048.spec.gpu;
    const plan = resolvePlan(model, h800x2048, deepseek);
    const moe = layerTimes(model, plan, gpu, true);
    expect(moe.recomputeS).toBeGreaterThan(0);
    expect(moe.recomputeS).toBeLessThan(moe.forwardS / 5);
    const none = layerTimes(model, resolvePlan(model, h800x2048, { ...deepseek, recomputeModules: [] }), gpu, true);
    expect(none.recomputeS).toBe(0);
  });
});

describe('resolvePlan MoE and pipeline options', () => {
  it.each([
    [
      'node-limited routing on a dense model',
      'llama2-70b',
      { tp: 8, pp: 1, ep: 1, epNodeLimit: 4, stageLayers: undefined, schedule: '1f1b' },
      /needs a mixture-of-experts model/,
    ],
    ['a node limit with EP inside one node', 'deepseek-v3', { ep: 8 }, /EP 8 fits in one 8-GPU scale-up domain/],
    ['an unknown recompute module', 'deepseek-v3', { recomputeModules: ['attention'] }, /'attention' is not one of core-attention, norm/],
    ['a negative MTP depth', 'deepseek-v3', { mtpDepth: -1 }, /--mtp-depth|expected a whole number >= 0, received -1/],
  ])('resolvePlan refuses %s', (_what, id, extra, message) => {
    const plan = { ...deepseek, ...extra } as PlanInput;
    expect(() => resolvePlan(models.get(id), h800x2048, plan)).toThrow(ConfigError);
    expect(() => resolvePlan(models.get(id), h800x2048, plan)).toThrow(message);
  });

  it('resolvePlan refuses an unknown schedule with the registered ones', () => {
    expect(() => resolvePlan(model, h800x2048, { ...deepseek, schedule: 'dualpipev' })).toThrow(UnknownNameError);
    expect(() => resolvePlan(model, h800x2048, { ...deepseek, schedule: 'dualpipev' })).toThrow(/1f1b, interleaved, dualpipe/);
  });

  it('resolvePlan picks interleaved with VPP > 1 and 1F1B otherwise', () => {
    const llama = models.get('llama2-70b');
    const system = buildPreset('hgx-h100', {}, 64);
    expect(resolvePlan(llama, system, { tp: 4, pp: 4, vpp: 5, mbs: 1, gbs: 128, seq: 4096 }).schedule).toBe('interleaved');
    expect(resolvePlan(llama, system, { tp: 4, pp: 4, mbs: 1, gbs: 128, seq: 4096 }).schedule).toBe('1f1b');
  });
});

describe('expert tensor parallelism (MoE parallel folding)', () => {
  const qwen235 = models.get('qwen3-235b-a22b');
  const h100 = buildPreset('hgx-h100', {}, 256);
  const base = { tp: 2, pp: 8, vpp: 4, ep: 32, mbs: 1, gbs: 8192, seq: 4096, precision: 'fp8', accountForEmbedding: true, accountForLoss: true } as const;

  it('resolvePlan carves EP x ETP groups from TP x DP x CP: EP 32 with TP 2 and DP 16 needs ETP 1', () => {
    // 2 x 16 = 32 ranks per stage: EP 32 x ETP 2 = 64 does not tile them; EP 32 x ETP 1 does.
    expect(() => resolvePlan(qwen235, h100, base)).toThrow(/EP 32 x ETP 2 does not divide TP x DP x CP = 32/);
    expect(resolvePlan(qwen235, h100, { ...base, etp: 1 }).etp).toBe(1);
    expect(() => resolvePlan(qwen235, h100, { ...base, etp: 3 })).toThrow(/ETP 3 does not divide TP 2/);
  });

  it('memoryPerGpu splits routed experts over EP x ETP, not EP x TP', () => {
    // With ETP 1 each GPU holds whole experts: E / EP = 4 of the 128 per MoE layer of its stage.
    const folded = memoryPerGpu(qwen235, resolvePlan(qwen235, h100, { ...base, etp: 1 }), 80e9).parametersPerGpu;
    const small = buildPreset('hgx-h100', {}, 512);
    const classic = memoryPerGpu(qwen235, resolvePlan(qwen235, small, { ...base, ep: 16 }), 80e9).parametersPerGpu;
    // Folded: experts / (32 x 1 x 8); classic: experts / (16 x 2 x 8): the same count per GPU.
    expect(folded / classic).toBeCloseTo(1, 6);
  });
});

describe('expert data parallelism', () => {
  it("the experts' data-parallel replicas sit every EP x ETP ranks: TP 2 with whole experts on every rank (EP 1, ETP 1) trains on 64 GPUs", () => {
    const system = buildPreset('hgx-h100', {}, 64);
    const qwen = models.get('qwen3-30b-a3b');
    // Expert DP = TP x DP x CP / (EP x ETP) = 64 replicas of the experts: one per rank, every rank of the system.
    const r = train(system, qwen, { tp: 2, pp: 1, ep: 1, etp: 1, mbs: 1, gbs: 256, seq: 4096, recompute: 'full' }, { allowOom: true });
    expect(r.breakdown.exposedCommS.dp).toBeGreaterThan(0);
    // The same experts over EP 8 leave 8 replicas each, 8 ranks apart: less to all-reduce, so less exposed.
    const ep8 = train(system, qwen, { tp: 2, pp: 1, ep: 8, etp: 1, mbs: 1, gbs: 256, seq: 4096, recompute: 'full' }, { allowOom: true });
    expect(ep8.breakdown.exposedCommS.dp).toBeLessThan(r.breakdown.exposedCommS.dp);
  });
});
