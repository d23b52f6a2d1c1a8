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
