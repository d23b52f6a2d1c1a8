import { describe, expect, it } from 'vitest';
import { opsTime, opTime } from '../compute/roofline.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { inTraining, TRAINING_TENSOR_EFFICIENCY } from './calibration.js';
import { headTimes, LOSS_BACKWARD_BYTES_PER_LOGIT, LOSS_FORWARD_BYTES_PER_LOGIT, layerShape } from './layer-time.js';
import { resolvePlan } from './plan.js';

const h100x64 = buildPreset('hgx-h100', {}, 64);
const nemotron = models.get('nemotron-8b');
const plan = (precision: 'bf16' | 'fp8') => resolvePlan(nemotron, h100x64, { tp: 2, pp: 1, mbs: 4, gbs: 256, seq: 4096, precision });
const gpu = h100x64.spec.gpu;

describe('headTimes', () => {
  it('headTimes runs the output GEMM in BF16 even in FP8 training', () => {
    // Megatron-Core's output layer is outside Transformer Engine, so FP8 changes nothing in the head.
    expect(headTimes(nemotron, plan('fp8'), gpu)).toEqual(headTimes(nemotron, plan('bf16'), gpu));
  });

  it("headTimes adds the unfused cross-entropy's 40 B forward and 14 B backward per logit", () => {
    // Nemotron-8B, 4 x 4096 tokens, V / tp = 128,000 logits each: 2.1e9 logits, 113 GB of loss traffic forward.
    const head = headTimes(nemotron, plan('bf16'), gpu);
    const logits = 16_384 * 128_000;
    const traffic = (bytesPerLogit: number) => opsTime([{ flops: 0, bytes: logits * bytesPerLogit }], gpu, 'bf16');
    // What is left is the logits GEMM, 2 x 16,384 x 128,000 x 4096 FLOP forward, twice that backward.
    const gemm = head.forwardS - traffic(LOSS_FORWARD_BYTES_PER_LOGIT);
    expect(head.backwardS - traffic(LOSS_BACKWARD_BYTES_PER_LOGIT)).toBeCloseTo(2 * gemm, 9);
    expect(gemm).toBeCloseTo(
      opTime({ flops: 2 * logits * 4096, bytes: 2 * 128_000 * 4096, shape: { m: 16_384, n: 128_000, k: 4096 } }, gpu, 'bf16', inTraining).seconds,
      9,
    );
  });
});

describe('layerShape', () => {
  it('layerShape carries the kernels the model and plan imply', () => {
    // Nemotron: squared ReLU as two kernels, RoPE; unfused attention computes the whole score matrix (not causal).
    const shape = layerShape(nemotron, { ...plan('fp8'), attention: 'unfused' }, nemotron.ffn);
    expect(shape).toMatchObject({ activationKernel: 'squared-relu', rope: true, attentionKernel: 'unfused', causal: false, gatedMlp: false });
    expect(layerShape(models.get('gpt3-175b'), plan('bf16'), 4 * 12_288)).toMatchObject({ activationKernel: 'fused', rope: false, causal: true });
  });
});

describe('inTraining', () => {
  it('inTraining slows tensor work by TRAINING_TENSOR_EFFICIENCY and leaves HBM traffic as benchmarked', () => {
    // A compute-bound GEMM takes 1 / 0.9 as long; a pure copy the same time.
    const gemm = { flops: 2 * 8192 ** 3, bytes: 3 * 8192 ** 2 * 2, shape: { m: 8192, n: 8192, k: 8192 } };
    const copy = { flops: 0, bytes: 1e9 };
    expect(opTime(gemm, gpu, 'bf16', inTraining).computeS * TRAINING_TENSOR_EFFICIENCY).toBeCloseTo(opTime(gemm, gpu, 'bf16').computeS, 12);
    expect(opTime(copy, gpu, 'bf16', inTraining).seconds).toBe(opTime(copy, gpu, 'bf16').seconds);
  });
});
