import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { layerActivationBytesPerToken, memoryPerGpu } from './memory.js';
import { resolvePlan } from './plan.js';

const a100x8 = buildPreset('dgx-a100');
const h100x8 = buildPreset('hgx-h100');

describe('layerActivationBytesPerToken', () => {
  it("layerActivationBytesPerToken recovers Korthikanti's 34 h + 5 a s for a GPT layer as Megatron ran it in 2021", () => {
    // GPT-3 175B (h 12288, a 96), BF16, unfused attention, dropout, s 2048: 10 h sequence-split (norm inputs 4, GEMM
    // inputs 2 + 2, masks 2), 24 h head-split (Q K V 6, projection input 2, GeLU input 8, MLP-down input 8), 5 a s.
    const plan = resolvePlan(models.get('gpt3-175b'), a100x8, { tp: 8, pp: 1, mbs: 1, gbs: 8, seq: 2048, attention: 'unfused', dropout: true });
    expect(layerActivationBytesPerToken(models.get('gpt3-175b'), plan)).toEqual({ sequence: 10 * 12_288, split: 24 * 12_288, scores: 5 * 96 * 2048 });
  });

  it('layerActivationBytesPerToken keeps FP8 GEMM inputs and no scores with FlashAttention and FP8', () => {
    // Llama-3-8B (h 4096, q 4096, kv 1024, f 14336, SwiGLU), FP8, no dropout: sequence 4 h + 2 x 1 B h = 6 h;
    // split Q K V 2 (4096 + 2048) + projection 2 q + FP8 copy q + SwiGLU input 2 x 2 f + MLP-down input 1 B f.
    const plan = resolvePlan(models.get('llama3-8b'), h100x8, { tp: 1, pp: 1, mbs: 1, gbs: 8, seq: 8192, precision: 'fp8' });
    expect(layerActivationBytesPerToken(models.get('llama3-8b'), plan)).toEqual({
      sequence: 6 * 4096,
      split: 2 * (4096 + 2048) + 3 * 4096 + 4 * 14_336 + 14_336,
      scores: 0,
    });
  });

  it('layerActivationBytesPerToken keeps the relu output for squared ReLU instead of the activation input', () => {
    // Same f: squared ReLU keeps 2 f (relu output), a fused plain activation 2 f (its input): equal; gated keeps 4 f.
    const nemotron = models.get('nemotron-8b');
    const plan = resolvePlan(nemotron, h100x8, { tp: 1, pp: 1, mbs: 1, gbs: 8, seq: 4096 });
    const { split } = layerActivationBytesPerToken(nemotron, plan);
    // Q K V 6 h + projection 2 h + relu output 2 f + MLP-down input 2 f, h = 4096, f = 16384.
    expect(split).toBe(8 * 4096 + 4 * 16_384);
  });
});

describe('memoryPerGpu precision of the model state', () => {
  const model = models.get('llama2-7b');
  const at = (extra: object) => memoryPerGpu(model, resolvePlan(model, h100x8, { tp: 1, pp: 1, mbs: 1, gbs: 8, seq: 4096, ...extra }), 80e9);

  it('memoryPerGpu holds gradients at plan.gradientBytes per parameter', () => {
    // 6.74e9 parameters: FP32 main gradients 27 GB, BF16 13.5 GB.
    expect(at({ gradientBytes: 4 }).gradients).toBeCloseTo(2 * at({ gradientBytes: 2 }).gradients, 0);
    expect(at({}).gradients / at({}).parametersPerGpu).toBe(4);
  });

  it('memoryPerGpu keeps master-weight remainders in 2 of the 12 optimizer bytes', () => {
    // Adam: master 4 + m 4 + v 4 = 12 B per parameter; remainders make it 2 + 8 = 10 B, sharded over DP 8 alike.
    expect(at({ masterWeightBytes: 2 }).optimizer / at({}).optimizer).toBeCloseTo(10 / 12, 12);
  });
});

describe('activationBytes of a production 405B plan (Llama 3: TP 8, PP 16, 8K)', () => {
  const llama405 = models.get('llama3.1-405b');
  const h100 = buildPreset('hgx-h100', {}, 8192);
  const base = { tp: 8, pp: 16, mbs: 1, gbs: 2048, seq: 8192, zero: 2 } as const;
  const layerBytes = (plan: ReturnType<typeof resolvePlan>) => {
    const perToken = layerActivationBytesPerToken(llama405, plan);
    return (8192 * (perToken.sequence + perToken.split)) / 8;
  };

  it("activationBytes per layer agrees with Megatron's estimator within 3%", () => {
    // megatron/training/theoretical_memory_usage.py: s b h (18 + 4 f / h) / t = 8192 x 16384 x (18 + 13) / 8 = 520.1 MB;
    // ours itemises the same tensors with GQA's smaller K and V: 532.7 MB.
    const ours = layerBytes(resolvePlan(llama405, h100, base));
    expect(Math.abs(ours / ((8192 * 16384 * (18 + (4 * 53248) / 16384)) / 8) - 1)).toBeLessThan(0.03);
  });

  it('activationBytes under 1F1B is the busiest stage s of min(m, p - s) passes: stage 1, 8 layers x 15, not 8 x 16', () => {
    // The default split is 7, 8 x 14, 7 (embedding and loss take a layer's place): stage 0 holds 7 x 16 = 112.
    const plan = resolvePlan(llama405, h100, base);
    expect(memoryPerGpu(llama405, plan, 80e9).activations / layerBytes(plan)).toBeCloseTo(8 * 15, 6);
  });

  it("activationBytes under interleaving walks Megatron-Core's warm-up: device 1 keeps 2 x 14 + 7 x 16 + 1 = 141 one-layer passes", () => {
    // PP 16 x VPP 8 = 128 chunks of one layer, the first and last holding only the embedding and the loss. Device 0's
    // 143 passes include 16 empty chunk-0 passes (127 layers); device 1's 141 are all one layer: Megatron's estimator
    // gives 126 x (1 + 15/128) = 140.8 for the same schedule.
    const plan = resolvePlan(llama405, h100, { ...base, vpp: 8 });
    expect(plan.chunkLayers[0]).toBe(0);
    expect(memoryPerGpu(llama405, plan, 80e9).activations / layerBytes(plan)).toBeCloseTo(141, 6);
  });

  it('activationBytes keeps 1 - share of the activations in HBM when a share is offloaded, plus one layer share in transit', () => {
    const plan = resolvePlan(llama405, h100, { ...base, vpp: 8, offloadActivations: 0.25 });
    expect(memoryPerGpu(llama405, plan, 80e9).activations / layerBytes(plan)).toBeCloseTo(0.75 * 141 + 0.25, 6);
    expect(() => resolvePlan(llama405, h100, { ...base, offloadActivations: 1 })).toThrow(
      /offloadActivations: expected a share of the activations in \[0, 1\)/,
    );
  });

  it('memoryPerGpu: the plan fits an 80 GB H100 with ZeRO-2 and 1F1B, as the production run did without recomputation', () => {
    // Weights 5.9, gradients sharded 0.2, optimizer 0.6, activations 59.5 GiB: 66 GiB + 3 GiB runtime of 79.6.
    const plan = resolvePlan(llama405, h100, base);
    expect(memoryPerGpu(llama405, plan, h100.spec.gpu.hbmUsable).fits).toBe(true);
  });

  it('memoryPerGpu: interleaved over 8 chunks fits the 79.6 GiB the driver gives an H100, not 80e9 bytes (74.5 GiB)', () => {
    // 141 one-layer passes (69.9 GiB) + 6.7 GiB of state = 76.6 GiB, plus 3 GiB runtime: within 81,559 MiB, over 80e9 B.
    const plan = resolvePlan(llama405, h100, { ...base, vpp: 8, recompute: 'none', accountForEmbedding: true, accountForLoss: true });
    expect(h100.spec.gpu.hbmUsable / 2 ** 30).toBeCloseTo(79.65, 2);
    expect(memoryPerGpu(llama405, plan, h100.spec.gpu.hbmUsable).fits).toBe(true);
    expect(memoryPerGpu(llama405, plan, h100.spec.gpu.hbmCapacity).fits).toBe(false);
  });

  it('activationBytes grows with the micro-batch group: n = 32 keeps (v - 1)(32 - 16) more passes in flight on device 1', () => {
    const depthFirst = resolvePlan(llama405, h100, { ...base, vpp: 8 });
    const grouped = resolvePlan(llama405, h100, { ...base, vpp: 8, microbatchGroup: 32 });
    const passes = (plan: typeof depthFirst) => memoryPerGpu(llama405, plan, 80e9).activations / layerBytes(plan);
    expect(passes(depthFirst)).toBeCloseTo(141, 6);
    expect(passes(grouped)).toBeCloseTo(141 + 7 * 16, 6);
    expect(() => resolvePlan(llama405, h100, { ...base, microbatchGroup: 16 })).toThrow(/microbatchGroup: micro-batch groups belong to the interleaved/);
  });
});
