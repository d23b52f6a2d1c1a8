import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { ConfigError } from '../system/errors.js';
import { resolveStageLayers, stageLayerIndices } from './stages.js';

const deepseek = models.get('deepseek-v3');
const llama405 = models.get('llama3.1-405b');

describe('resolveStageLayers', () => {
  it('resolveStageLayers splits evenly where PP x VPP divides the layers', () => {
    expect(resolveStageLayers(models.get('llama2-70b'), 4, 5)).toEqual([20, 20, 20, 20]);
  });

  it('resolveStageLayers leaves the first and last stage one layer short where only L + 2 divides', () => {
    // Llama 3: 126 layers on 16 stages = 7 x 18 ... as 128 / 16 = 8 with the end stages holding 7.
    const split = resolveStageLayers(llama405, 16, 1);
    expect(split[0]).toBe(7);
    expect(split[15]).toBe(7);
    expect(split.slice(1, 15).every((n) => n === 8)).toBe(true);
    expect(split.reduce((a, b) => a + b, 0)).toBe(126);
  });

  it('resolveStageLayers takes an explicit split that sums to the layers', () => {
    // DeepSeek-V3: 3 + 14 x 4 + 2 = 61.
    const split = [3, ...new Array<number>(14).fill(4), 2];
    expect(resolveStageLayers(deepseek, 16, 1, split)).toEqual(split);
  });

  it.each([
    ['a split that does not sum to the layers', 16, 1, [4, ...new Array<number>(15).fill(4)], /sums to 64 layers, but deepseek-v3 has 61/],
    ['a split with the wrong number of stages', 16, 1, [30, 31], /expected 16 entries, one per pipeline stage, received 2/],
    ['a negative entry', 2, 1, [62, -1], /expected whole numbers >= 0, received -1/],
    ['a split with interleaving', 2, 2, [30, 31], /an explicit split needs VPP 1/],
  ])('resolveStageLayers refuses %s, naming --stage-layers', (_what, pp, vpp, split, message) => {
    expect(() => resolveStageLayers(deepseek, pp, vpp, split)).toThrow(ConfigError);
    expect(() => resolveStageLayers(deepseek, pp, vpp, split)).toThrow(message);
  });

  it('resolveStageLayers without a split points to --stage-layers when PP divides neither L nor L + 2', () => {
    // 61 and 63 are both odd: no even split of DeepSeek-V3 over 16 stages exists.
    expect(() => resolveStageLayers(deepseek, 16, 1)).toThrow(/does not divide the 61 layers .* give --stage-layers/);
  });
});

describe('stageLayerIndices', () => {
  it('stageLayerIndices hands out consecutive layers without interleaving', () => {
    expect(stageLayerIndices([2, 3, 1], 1)).toEqual([[0, 1], [2, 3, 4], [5]]);
  });

  it('stageLayerIndices deals chunks round-robin with interleaving (Megatron)', () => {
    // p 2, v 2, 8 layers in chunks of 2: stage 0 holds chunks 0 and 2, stage 1 chunks 1 and 3.
    expect(stageLayerIndices([4, 4], 2)).toEqual([
      [0, 1, 4, 5],
      [2, 3, 6, 7],
    ]);
  });
});
