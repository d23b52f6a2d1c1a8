import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { approxEqual } from '../units/units.js';
import { mlaProjectionOps } from './mla-ops.js';
import { backwardOps } from './transformer-backward.js';
import { type LayerShape, layerOps } from './transformer-ops.js';
import type { Op } from './types.js';

const sum = (ops: readonly Op[]) => ops.reduce((s, op) => s + op.flops, 0);
const mla = { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 };

/** A DeepSeek-V3 layer (h 7168, 128 MLA heads, shared expert 2048 as the dense MLP), one 4K sequence. */
const deepseek: LayerShape = {
  tokens: 4096,
  seq: 4096,
  hidden: 7168,
  heads: 128,
  kvHeads: 128,
  headDim: 192,
  ffn: 2048,
  gatedMlp: true,
  tp: 1,
  causal: true,
  bytesPerElement: 2,
  mla,
};

describe('mlaProjectionOps', () => {
  it('mlaProjectionOps multiplies each token by the four projection matrices once: 2 x 69.7M FLOP', () => {
    // q_a 7168 x 1536 = 11,010,048; q_b 1536 x 24,576 = 37,748,736; kv_a 7168 x 576 = 4,128,768; kv_b 512 x 32,768 =
    // 16,777,216 (models/count.ts counts the same matrices): 69,664,768 weights, 2 FLOP each per token.
    expect(sum(mlaProjectionOps(mla, 1, 7168, 128, 2))).toBe(2 * 69_664_768);
  });

  it('mlaProjectionOps projects queries straight from h without a query latent', () => {
    // DeepSeek-V2-Lite: q_lora null, so q-up is h x heads (nope + rope) and there is no q-down.
    const ops = mlaProjectionOps({ ...mla, qLoraRank: null }, 1, 2048, 16, 2);
    expect(ops.map((op) => op.name)).toEqual(['q-up', 'kv-down', 'kv-up']);
    expect(ops[0]?.shape).toEqual({ m: 1, n: 16 * 192, k: 2048 });
  });
});

describe('layerOps with MLA', () => {
  it('layerOps prices an MLA layer at 2 x its attention weights plus the attention core, not as MHA of the same heads', () => {
    // Projections 2 x 69.7M + output 2 x 16384 x 7168 = 374.2M FLOP per token; MHA qkv at d_h 192 alone would be
    // 2 x 7168 x 73,728 = 1.06G. Core, causal: scores 2 x 4096 x 2048 x 128 x 192, output the same with d_v 128.
    const t = 4096;
    const core = 2 * t * 2048 * 128 * (192 + 128);
    const mlp = 2 * t * 7168 * 3 * 2048;
    expect(approxEqual(sum(layerOps(deepseek)), t * (2 * 69_664_768 + 2 * 16_384 * 7168) + core + mlp)).toBe(true);
  });

  it('layerOps gives the attention output product the value width d_v and the projection the 128 x 128 outputs', () => {
    const ops = layerOps(deepseek);
    expect(ops.find((op) => op.name === 'attention-scores')?.shape).toMatchObject({ n: 192, k: 2048 });
    expect(ops.find((op) => op.name === 'attention-out')?.shape).toMatchObject({ n: 128, k: 2048 });
    expect(ops.find((op) => op.name === 'proj')?.shape).toEqual({ m: 4096, n: 7168, k: 128 * 128 });
    expect(ops.some((op) => op.name === 'qkv')).toBe(false);
  });

  it('backwardOps of an MLA layer does twice the forward model FLOPs plus the scores recomputed', () => {
    // Weight GEMMs: dgrad + wgrad; FlashAttention: 2 x each product, plus S = Q K^T again (192 wide).
    const forward = layerOps(deepseek);
    const scores = forward.find((op) => op.name === 'attention-scores')?.flops ?? 0;
    expect(approxEqual(sum(backwardOps(deepseek)), 2 * sum(forward) + scores)).toBe(true);
  });

  it('layerOps refuses an MLA layer whose head dimension is not nope + rope', () => {
    expect(() => layerOps({ ...deepseek, headDim: 128 })).toThrow(ConfigError);
    expect(() => layerOps({ ...deepseek, headDim: 128 })).toThrow(/nope 128 \+ rope 64 wide, but headDim is 128/);
  });
});
