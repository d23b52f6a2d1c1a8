import { describe, expect, it } from 'vitest';
import { publishedCases } from '../../../../test/published-cases.js';
import { attentionParameters, kvBytesPerToken, kvCacheBytes, parameterCounts } from './count.js';
import { megatronParameterCount } from './flops.js';
import { models } from './registry.js';

/** Relative distance of ours from a published figure. */
const off = (ours: number, published: number) => Math.abs(ours - published) / published;
const counts = (id: string) => parameterCounts(models.get(id));

describe('parameterCounts', () => {
  it('gives Llama-2-7B 6,738,415,616 parameters', () => {
    // 32 x (4 x 4096^2 + 3 x 4096 x 11008 + 2 x 4096) + 2 x 32000 x 4096 + 4096: Meta's "6.7B" (HF: 6.74B).
    expect(counts('llama2-7b').total).toBe(6_738_415_616);
  });

  it('puts Llama-3.1-405B within 1% of 405B', () => {
    // 126 x (2 x 16384^2 + 2 x 16384 x 1024 + 3 x 16384 x 53248 + 2 x 16384) + 2 x 128256 x 16384 + 16384 = 405.85B.
    expect(off(counts('llama3.1-405b').total, 405e9)).toBeLessThan(0.01);
  });

  it('puts DeepSeek-V3 within 1% of 671B total and within 3% of 37B active', () => {
    // Total 671,026,404,352 (count.ts worked example); active 36.63B without the input table, 37.55B with it.
    const c = counts('deepseek-v3');
    expect(c.total).toBe(671_026_404_352);
    expect(off(c.total, 671e9)).toBeLessThan(0.01);
    expect(off(c.active, 37e9)).toBeLessThan(0.03);
    expect(c.denseLayers).toBe(3);
    expect(c.moeLayers).toBe(58);
    expect(c.perLayer.attention).toBe(187_107_328);
  });

  it('puts Mixtral 8x22B at ~141B total and ~39B active', () => {
    // 56 x (88,080,384 attention + 8 x 3 x 6144 x 16384 experts + 6144 x 8 router) + 2 x 32768 x 6144 = 140.63B;
    // active keeps 2 of 8 experts: 38.96B (Mistral: 141B / 39B).
    const c = counts('mixtral-8x22b');
    expect(off(c.total, 141e9)).toBeLessThan(0.01);
    expect(off(c.active, 39e9)).toBeLessThan(0.01);
  });

  it('puts Qwen3-235B-A22B at 235B total and 22B active', () => {
    // 94 x (71.3M attention + 128 x 18.87M experts + 0.52M router) + 2 x 151936 x 4096 = 235.09B.
    // Active 8 experts: 21.57B; Qwen counts the input embedding too: 21.57 + 0.62 = 22.19B.
    const c = counts('qwen3-235b-a22b');
    expect(off(c.total, 235e9)).toBeLessThan(0.01);
    expect(off(c.active, 22e9)).toBeLessThan(0.03);
    expect(off(c.active + c.embedding, 22e9)).toBeLessThan(0.01);
  });

  it('puts Qwen3-30B-A3B at 30.5B total and, counting the input embedding as Qwen does, 3.3B active', () => {
    // Active 3.04B without the 311M input table, 3.35B with it (Qwen3 report: 3.3B).
    const c = counts('qwen3-30b-a3b');
    expect(off(c.total, 30.5e9)).toBeLessThan(0.01);
    expect(off(c.active + c.embedding, 3.3e9)).toBeLessThan(0.02);
  });

  it('gives gpt-oss-120b 116.83B total and 5.13B active, matching the model card', () => {
    // Per layer: attention 26,550,080 (with biases) + norms 5,760 + 128 experts x 24,891,840 (with biases)
    // + router 368,768 = 3,213,080,128; x 36 + 2 x 201088 x 2880 + 2880 = 116,829,154,368.
    // Active: 4 experts, unembedding but not the input table: 5,132,847,168 (card: 5.13B).
    const c = counts('gpt-oss-120b');
    expect(c.total).toBe(116_829_154_368);
    expect(c.active).toBe(5_132_847_168);
  });

  it("matches Megatron-LM's formula and Table 1's printed sizes for the weak-scaling GPTs", () => {
    // P = 12 l h^2 (1 + 13/(12h) + (V + s)/(12 l h)); we also count the final LayerNorm (2h), under 3e-6 of P.
    // Table 1 prints one decimal: every count rounds to it; all are within 2% of the name except 1.7B, whose
    // formula value 1.652B is 2.8% below the rounded name.
    const table1 = publishedCases.filter((c) => c.kind === 'training' && c.id.startsWith('train-megatron-t1-'));
    expect(table1).toHaveLength(10);
    for (const dev of table1) {
      const { heads, hidden, layers, params_B: published, vocab, seq_len: seq } = dev.conditions as Record<string, number>;
      const preset = models.entries.find((m) => m.id.startsWith('megatron-gpt-') && m.hidden === hidden && m.layers === layers && m.heads === heads);
      expect(preset, dev.id).toBeDefined();
      if (!preset) continue;
      const total = parameterCounts(preset).total;
      expect(off(total, megatronParameterCount(layers, hidden, vocab, seq)), dev.id).toBeLessThan(1e-5);
      expect(Math.abs(total / 1e9 - published), dev.id).toBeLessThanOrEqual(0.05);
      if (published !== 1.7) expect(off(total, published * 1e9), dev.id).toBeLessThan(0.02);
    }
  });

  it('gives GPT-3 175B the 174.6B of Megatron-LM Table 2 with the padded vocabulary', () => {
    // 12 x 96 x 12288^2 + 13 x 96 x 12288 + (51200 + 2048) x 12288 + 2 x 12288 = 174,615,846,912.
    expect(Math.round(counts('gpt3-175b').total / 1e8) / 10).toBe(174.6);
  });

  it('gives Nemotron-4 340B ~341B with its squared-ReLU (2-matrix) MLP', () => {
    // 96 x (736.1M attention + 2 x 18432 x 73728 MLP) + 2 x 256000 x 18432 = 341.0B (NVIDIA: 340B).
    expect(off(counts('nemotron-340b').total, 340e9)).toBeLessThan(0.01);
  });

  it('gives the hypothetical moe-10t ~10T total and ~69B active', () => {
    // 97 MoE layers x 2049 experts x 3 x 8192 x 2048 = 10.0T; attention, dense layers and embeddings add ~25B.
    const c = counts('moe-10t');
    expect(off(c.total, 10e12)).toBeLessThan(0.01);
    expect(off(c.active, 69e9)).toBeLessThan(0.01);
  });
});

describe('attentionParameters', () => {
  it('counts GQA as q and o of h x a d_h plus k and v of h x kv d_h', () => {
    // Llama-2-70B: 2 x 8192 x 8192 + 2 x 8192 x 8 x 128 = 150,994,944.
    expect(attentionParameters(models.get('llama2-70b'))).toBe(150_994_944);
  });
});

describe('kvBytesPerToken', () => {
  it('gives Llama-3.1-405B 516,096 B per token in BF16', () => {
    // 2 (K and V) x 126 layers x 8 KV heads x 128 x 2 B.
    expect(kvBytesPerToken(models.get('llama3.1-405b'), 2)).toBe(516_096);
  });
  it('gives DeepSeek-V3 70,272 B per token in BF16 (MLA caches the latent and the RoPE key)', () => {
    // 61 layers x (512 + 64) x 2 B.
    expect(kvBytesPerToken(models.get('deepseek-v3'), 2)).toBe(70_272);
  });
  it('halves with FP8', () => {
    expect(kvBytesPerToken(models.get('llama3-70b'), 1)).toBe(163_840); // 2 x 80 x 8 x 128 x 1 B
  });
});

describe('kvCacheBytes', () => {
  it('stops growing windowed layers at their window', () => {
    // gpt-oss-120b at 8192 tokens: (18 x 8192 + 18 x 128) token-layers x 2 x 8 x 64 x 2 B = 306,708,480 B.
    expect(kvCacheBytes(models.get('gpt-oss-120b'), 8192, 2)).toBe(306_708_480);
  });
  it('equals tokens x kvBytesPerToken without a window', () => {
    const m = models.get('llama3.1-405b');
    expect(kvCacheBytes(m, 1000, 2)).toBe(1000 * kvBytesPerToken(m, 2));
  });
});
