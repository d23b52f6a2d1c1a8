import { describe, expect, it } from 'vitest';
import { defineModel, ModelConfigError } from './define.js';
import { models } from './registry.js';
import { layerRange, mlpMatrices, type TransformerModel } from './types.js';

const llama = models.get('llama2-70b');
const deepseek = models.get('deepseek-v3');
const fieldOf = (build: () => unknown) => {
  try {
    build();
  } catch (e) {
    if (e instanceof ModelConfigError) return e.field;
    throw e;
  }
  return undefined;
};

describe('defineModel', () => {
  it('returns a consistent model unchanged', () => {
    expect(defineModel(llama)).toBe(llama);
  });
  it('rejects GQA whose KV heads do not divide the query heads', () => {
    // 64 query heads cannot be grouped evenly over 7 KV heads.
    expect(fieldOf(() => defineModel({ ...llama, kvHeads: 7 } as TransformerModel))).toBe('kvHeads');
    expect(() => defineModel({ ...llama, kvHeads: 7 } as TransformerModel)).toThrow(/llama2-70b: field 'kvHeads': expected a proper divisor of heads \(64\)/);
  });
  it('rejects MHA with fewer KV heads than heads', () => {
    expect(fieldOf(() => defineModel({ ...llama, attention: 'mha' } as TransformerModel))).toBe('kvHeads');
  });
  it('rejects MoE layers outside the model', () => {
    const bad = { ...deepseek, moe: { experts: 256, expertsPerToken: 8, sharedExperts: 1, expertFfn: 2048, moeLayers: layerRange(3, 62) } };
    expect(fieldOf(() => defineModel(bad as TransformerModel))).toBe('moe.moeLayers');
  });
  it('rejects top-k above the expert count', () => {
    const bad = { ...deepseek, moe: { experts: 4, expertsPerToken: 8, sharedExperts: 1, expertFfn: 2048, moeLayers: [3] } };
    expect(fieldOf(() => defineModel(bad as TransformerModel))).toBe('moe.expertsPerToken');
  });
  it('rejects an MLA head dimension other than nope + rope', () => {
    expect(fieldOf(() => defineModel({ ...deepseek, headDim: 128 } as TransformerModel))).toBe('headDim');
  });
  it('rejects non-integer sizes', () => {
    expect(fieldOf(() => defineModel({ ...llama, hidden: 8192.5 } as TransformerModel))).toBe('hidden');
  });
});

describe('mlpMatrices', () => {
  it('counts 3 matrices for SwiGLU and 2 for GELU and squared ReLU', () => {
    expect([mlpMatrices('swiglu'), mlpMatrices('gelu'), mlpMatrices('squared-relu')]).toEqual([3, 2, 2]);
  });
});
