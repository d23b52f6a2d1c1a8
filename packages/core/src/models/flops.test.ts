import { describe, expect, it } from 'vitest';
import { parameterCounts } from './count.js';
import { attentionFlopsPerToken, flopsPerToken, megatronFlopsPerIteration, megatronParameterCount } from './flops.js';
import { models } from './registry.js';

const off = (ours: number, published: number) => Math.abs(ours - published) / published;
const DAY_S = 86_400;

describe('flopsPerToken', () => {
  const llama7b = models.get('llama2-7b');

  it('counts 2 N_active plus the full score matrix for a Llama-2-7B forward at 4K', () => {
    // N_active = 6,738,415,616 - 32000 x 4096 (input table) = 6,607,343,616;
    // attention 2 x (32 layers x 4096 keys) x 32 heads x (128 + 128) = 2,147,483,648. Sum 15,362,170,880.
    expect(flopsPerToken(llama7b, 4096, { training: false })).toBe(15_362_170_880);
  });

  it('halves the attention term with causal: true', () => {
    // 13,214,687,232 + 2,147,483,648 / 2.
    expect(flopsPerToken(llama7b, 4096, { training: false, causal: true })).toBe(14_288_429_056);
  });

  it("triples the forward for training, which is DESIGN 4.5's 6 N + 12 L h s exactly", () => {
    const m = models.get('gpt3-175b');
    const s = 2048;
    const expected = 6 * parameterCounts(m).active + 12 * m.layers * m.hidden * s;
    expect(flopsPerToken(m, s, { training: true })).toBe(expected);
    expect(flopsPerToken(m, s, { training: true })).toBe(3 * flopsPerToken(m, s, { training: false }));
  });

  it("with recompute, agrees with Megatron-LM's eq. 3 for every Table 1 model", () => {
    // Eq. 3 per token: 96 l h^2 + 16 l s h + 6 V h. Ours adds the biases and LayerNorms eq. 3 leaves out
    // (4 x 2 x 13 l h, about 1/h of the total: under 0.05%).
    for (const m of models.entries.filter((e) => e.id.startsWith('megatron-gpt-'))) {
      const perToken = megatronFlopsPerIteration(1, 2048, m.layers, m.hidden, m.vocab) / 2048;
      expect(off(flopsPerToken(m, 2048, { training: true, recompute: true }), perToken), m.id).toBeLessThan(5e-4);
    }
  });
});

describe('flopsPerToken DeepSeek-V3', () => {
  const deepseek = models.get('deepseek-v3');

  it("matches DeepSeek's own count: 250 GFLOP per training token at 4K with the causal score matrix", () => {
    // "Insights into DeepSeek-V3" (ISCA'25) Table 2: 250 GFLOPS/token. 6 x 36.63B active + 3 x 61 x 2 x 2048 keys x 128 x
    // (192 + 128) = 219.8G + 30.7G = 250.5G, without the MTP module (their MFU excludes it).
    expect(off(flopsPerToken(deepseek, 4096, { training: true, causal: true }), 250e9)).toBeLessThan(0.005);
  });

  it("gives ISCA'25 Table 4's 432 non-causal and 385 causal TFLOP/s at its 272.8B tokens per day on 2048 GPUs", () => {
    // 272.8e9 / 86,400 / 2048 = 1,541.7 tokens/s per GPU, i.e. 180K GPU-hours per trillion tokens.
    const tokensPerSecPerGpu = 272.8e9 / DAY_S / 2048;
    expect(off((flopsPerToken(deepseek, 4096, { training: true }) * tokensPerSecPerGpu) / 1e12, 432)).toBeLessThan(0.005);
    expect(off((flopsPerToken(deepseek, 4096, { training: true, causal: true }) * tokensPerSecPerGpu) / 1e12, 385)).toBeLessThan(0.005);
  });
});

describe('attentionFlopsPerToken', () => {
  it('uses MLA head dims (192 for QK, 128 for V) for DeepSeek-V3', () => {
    // 2 x (61 x 4096) x 128 heads x (192 + 128) = 20,468,203,520.
    expect(attentionFlopsPerToken(models.get('deepseek-v3'), 4096)).toBe(20_468_203_520);
  });
  it('caps windowed layers at their window (gpt-oss-120b at 8K)', () => {
    // 2 x (18 x 8192 + 18 x 128) x 64 heads x (64 + 64) = 2,453,667,840.
    expect(attentionFlopsPerToken(models.get('gpt-oss-120b'), 8192)).toBe(2_453_667_840);
  });
});

describe('megatronFlopsPerIteration', () => {
  it('reproduces GPT-3 175B at batch 1536, s 2048', () => {
    // 96 x 1536 x 2048 x 96 x 12288^2 x (1 + 2048/73728 + 51200/18874368) = 4.5110e18.
    expect(off(megatronFlopsPerIteration(1536, 2048, 96, 12_288, 51_200), 4.511e18)).toBeLessThan(1e-4);
  });

  it("gives Narayanan et al.'s training times (cases.json train-megatron-gpt3-1024 note)", () => {
    // 300B tokens of GPT-3 at 140 TFLOP/s on 1024 GPUs: 300e9 x 1.434e12 / 1.434e17 s = 34.7 days (paper: 34,
    // from its approximation 8 T P / n X); 450B tokens of the 1T model at 163 TFLOP/s on 3072 GPUs: 85.0 days (paper: 84).
    const gpt3Days = (300e9 * megatronFlopsPerIteration(1, 2048, 96, 12_288, 51_200)) / 2048 / (1024 * 140e12) / DAY_S;
    const oneTDays = (450e9 * megatronFlopsPerIteration(1, 2048, 128, 25_600, 51_200)) / 2048 / (3072 * 163e12) / DAY_S;
    expect(off(gpt3Days, 34)).toBeLessThan(0.03);
    expect(off(oneTDays, 84)).toBeLessThan(0.03);
  });
});

describe('megatronParameterCount', () => {
  it('gives 174.6B for GPT-3 and 1008.0B for the largest Table 1 model', () => {
    expect(Math.round(megatronParameterCount(96, 12_288, 51_200, 2048) / 1e8) / 10).toBe(174.6);
    expect(Math.round(megatronParameterCount(128, 25_600, 51_200, 2048) / 1e8) / 10).toBe(1008.0);
  });
});
