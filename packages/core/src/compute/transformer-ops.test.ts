import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { approxEqual } from '../units/units.js';
import { backwardOps } from './transformer-backward.js';
import { type LayerShape, layerOps, localWidths, unfusedAttentionShapes } from './transformer-ops.js';
import type { Op } from './types.js';

const sum = (ops: readonly Op[]) => ops.reduce((s, op) => s + op.flops, 0);

/** GPT-3-style MHA layer: b = 4, s = 2048, h = 4096, 32 heads of 128, f = 4h, plain MLP. */
const gpt: LayerShape = {
  tokens: 4 * 2048,
  seq: 2048,
  hidden: 4096,
  heads: 32,
  kvHeads: 32,
  headDim: 128,
  ffn: 4 * 4096,
  gatedMlp: false,
  tp: 1,
  causal: false,
  bytesPerElement: 2,
};

/** Llama-3-8B-style layer: GQA 32 query / 8 KV heads, SwiGLU f = 14336, b = 1, s = 8192. */
const llama: LayerShape = { ...gpt, tokens: 8192, seq: 8192, kvHeads: 8, ffn: 14336, gatedMlp: true };

describe('layerOps', () => {
  it('sums to the textbook 24 b s h^2 + 4 b s^2 h for a GPT layer', () => {
    // 24 x 8192 x 4096^2 + 4 x 4 x 2048^2 x 4096 = 3.2985e12 + 2.749e11 = 3.5734e12 FLOP.
    const b = 4;
    const s = 2048;
    const h = 4096;
    expect(approxEqual(sum(layerOps(gpt)), 24 * b * s * h * h + 4 * b * s * s * h)).toBe(true);
  });

  it('sums to 4Th(a + kv)d + 6Thf + 4bs^2 a d for a SwiGLU GQA layer', () => {
    // qkv 2Th(a + 2kv)d + proj 2Th a d = 4Th a d + 4Th kv d; up 2T h 2f + down 2T f h = 6Thf; attention 4 b s^2 a d.
    const [t, h, a, kv, d, f, s] = [8192, 4096, 32, 8, 128, 14336, 8192];
    expect(approxEqual(sum(layerOps(llama)), 4 * t * h * (a + kv) * d + 6 * t * h * f + 4 * 1 * s * s * a * d)).toBe(true);
  });

  it('halves attention FLOPs when causal', () => {
    // Each attention product: 2 b s^2 a d = 2 x 8192^2 x 32 x 128 = 5.5e11, halved to 2.75e11.
    const flopsOf = (layer: LayerShape) => sum(layerOps(layer).filter((op) => op.name.startsWith('attention')));
    expect(flopsOf({ ...llama, causal: true })).toBe(flopsOf(llama) / 2);
  });

  it('halves per-GPU GEMM FLOPs at tp = 2', () => {
    // Column-parallel n / 2 (qkv, mlp-up), row-parallel k / 2 (proj, mlp-down), heads / 2 in attention.
    const one = layerOps(llama);
    const two = layerOps({ ...llama, tp: 2 });
    for (const [i, op] of one.entries()) expect(two[i]?.flops, op.name).toBe(op.flops / 2);
  });

  it('counts weights and activations as bytes', () => {
    // qkv: X 8192 x 4096 + W 4096 x 6144 + Y 8192 x 6144, 2 B each (6144 = (32 + 2 x 8) x 128).
    const qkv = layerOps(llama).find((op) => op.name === 'qkv');
    expect(qkv?.bytes).toBe((8192 * 4096 + 4096 * 6144 + 8192 * 6144) * 2);
    // FlashAttention moves Q, K (scores) and V, O (out) only: 8192 x (4096 + 1024) x 2 B each.
    expect(layerOps(llama).find((op) => op.name === 'attention-out')?.bytes).toBe(8192 * 5120 * 2);
  });
});

describe('layerOps kernels', () => {
  const elementwise = (ops: readonly Op[]) => ops.find((op) => op.name === 'elementwise')?.bytes ?? Number.NaN;

  it('layerOps with unfused attention computes the whole s x s matrix with d_h as the scores main loop', () => {
    // Q K^T: m = n = s = 2048, k = d_h = 128, one product per sequence and head (4 x 32); P V: k = s. The FLOPs equal
    // the non-causal FlashAttention count, twice the causal one: 2 x 2048^2 x 128 x 128 each.
    const unfused = layerOps({ ...gpt, attentionKernel: 'unfused' });
    const scores = unfused.find((op) => op.name === 'attention-scores');
    expect(scores?.shape).toEqual({ m: 2048, n: 2048, k: 128, batch: 128 });
    expect(unfusedAttentionShapes(gpt).out).toEqual({ m: 2048, n: 128, k: 2048, batch: 128 });
    expect(scores?.flops).toBe(2 * 2048 * 2048 * 128 * 128);
    const flash = layerOps({ ...gpt, causal: true }).find((op) => op.name === 'attention-scores');
    expect(scores?.flops).toBe(2 * (flash?.flops ?? 0));
  });

  it('backwardOps with unfused attention differentiates both products without recomputing the scores', () => {
    // Unfused attention keeps P: dgrad + wgrad of each product, 2x the forward, no 'recompute' op.
    const layer: LayerShape = { ...gpt, attentionKernel: 'unfused' };
    const attention = (ops: readonly Op[]) => ops.filter((op) => op.name.startsWith('attention'));
    expect(backwardOps(layer).some((op) => op.role === 'recompute')).toBe(false);
    expect(sum(attention(backwardOps(layer)))).toBe(2 * sum(attention(layerOps(layer))));
  });

  it('layerOps prices squared ReLU as two kernels: 2 more f passes forward, 5 more backward than a fused activation', () => {
    // relu + square read and write f twice (4 passes against 2); their backward runs 8 passes against 3.
    // T f B = 8192 x 16384 x 2 B.
    const plain = { ...gpt, activationKernel: 'fused' } as const;
    const squared = { ...gpt, activationKernel: 'squared-relu' } as const;
    expect(elementwise(layerOps(squared)) - elementwise(layerOps(plain))).toBe(2 * 8192 * 16384 * 2);
    expect(elementwise(backwardOps(squared)) - elementwise(backwardOps(plain))).toBe(5 * 8192 * 16384 * 2);
  });

  it('layerOps adds RoPE as a read and a write of the local Q and K', () => {
    // Llama layer at tp = 2: q = 2048, kv = 512 per rank; 2 x (2048 + 512) elements per token x 8192 tokens x 2 B.
    const layer = { ...llama, tp: 2 };
    expect(elementwise(layerOps({ ...layer, rope: true })) - elementwise(layerOps(layer))).toBe(2 * (2048 + 512) * 8192 * 2);
    expect(elementwise(backwardOps({ ...layer, rope: true })) - elementwise(backwardOps(layer))).toBe(2 * (2048 + 512) * 8192 * 2);
  });
});

describe('localWidths', () => {
  it('replicates KV heads when tp exceeds them', () => {
    // 8 KV heads over tp = 16: each rank holds one, 128 wide.
    expect(localWidths({ ...llama, tp: 16 })).toMatchObject({ heads: 2, kvHeads: 1, kv: 128 });
  });

  it('rejects a split that does not divide', () => {
    expect(() => localWidths({ ...llama, tp: 3 })).toThrow(ConfigError);
    expect(() => localWidths({ ...llama, tokens: 0 })).toThrow(ConfigError);
  });
});

describe('backwardOps', () => {
  it('is twice the forward FLOPs in model FLOPs, plus the recomputed scores', () => {
    // dgrad + wgrad per GEMM; FlashAttention recomputes S = Q K^T (hardware, not model, FLOPs).
    const forward = layerOps(llama);
    const backward = backwardOps(llama);
    const recompute = backward.filter((op) => op.role === 'recompute');
    expect(approxEqual(sum(backward.filter((op) => op.role !== 'recompute')), 2 * sum(forward))).toBe(true);
    expect(sum(recompute)).toBe(forward.find((op) => op.name === 'attention-scores')?.flops);
  });

  it('transposes each GEMM shape into dgrad and wgrad', () => {
    // mlp-down forward m = T, n = h, k = f: dgrad m = T, n = f, k = h; wgrad m = f, n = h, k = T.
    const down = backwardOps(llama).filter((op) => op.name === 'mlp-down');
    expect(down.map((op) => [op.role, op.shape])).toEqual([
      ['dgrad', { m: 8192, n: 14336, k: 4096, batch: 1 }],
      ['wgrad', { m: 14336, n: 4096, k: 8192, batch: 1 }],
    ]);
  });

  it('moves Q, K, V, O, dO in and dQ, dK, dV out in attention', () => {
    // T (4q + 4kv) B = 8192 x (4 x 4096 + 4 x 1024) x 2.
    const attention = backwardOps(llama).filter((op) => op.name.startsWith('attention'));
    expect(attention.reduce((s, op) => s + op.bytes, 0)).toBe(8192 * (4 * 4096 + 4 * 1024) * 2);
  });
});
