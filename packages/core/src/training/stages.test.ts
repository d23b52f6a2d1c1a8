import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { models } from '../models/registry.js';
import { balancedChunkLayers, chunkLayerIndices, resolveChunkLayers, stageLayerIndices, stageLayersOf, stageLayersText } from './stages.js';

const deepseek = models.get('deepseek-v3');
const llama405 = models.get('llama3.1-405b');

describe('resolveChunkLayers', () => {
  it('resolveChunkLayers splits evenly where PP x VPP divides the layers', () => {
    expect(resolveChunkLayers(models.get('llama2-70b'), 4, 5)).toEqual(new Array(20).fill(4));
  });

  it('resolveChunkLayers leaves the first and last stage one layer short where only L + 2 divides', () => {
    // Llama 3: 126 layers on 16 stages, as 128 / 16 = 8 with the end stages holding 7 (embedding and loss take a place).
    const split = resolveChunkLayers(llama405, 16, 1);
    expect(split[0]).toBe(7);
    expect(split[15]).toBe(7);
    expect(split.slice(1, 15).every((n) => n === 8)).toBe(true);
    expect(split.reduce((a, b) => a + b, 0)).toBe(126);
  });

  it('resolveChunkLayers counts the embedding and the loss with interleaving: 126 layers on PP 16 x VPP 8', () => {
    // 128 places over 128 chunks: the first chunk holds only the embedding, the last only the head and loss.
    const split = resolveChunkLayers(llama405, 16, 8);
    expect(split).toHaveLength(128);
    expect([split[0], split[127]]).toEqual([0, 0]);
    expect(split.slice(1, 127).every((n) => n === 1)).toBe(true);
    expect(stageLayersOf(split, 16)).toEqual([7, ...new Array(14).fill(8), 7]);
  });

  it('resolveChunkLayers counts only what the flags ask for', () => {
    // 126 + 1 embedding = 127 does not split over 2 stages; 126 + 1 + 1 = 128 over 16 does; the loss alone on 127 stages does.
    expect(() => resolveChunkLayers(llama405, 2, 1, undefined, { embedding: true })).toThrow(/with the embedding counted as layers \(127\)/);
    expect(resolveChunkLayers(llama405, 16, 1, undefined, { embedding: true, loss: true })[0]).toBe(7);
    const lossOnly = resolveChunkLayers(llama405, 127, 1, undefined, { loss: true });
    expect([lossOnly[0], lossOnly[126]]).toEqual([1, 0]);
  });

  it('resolveChunkLayers takes an explicit split that sums to the layers, per stage or per chunk', () => {
    // DeepSeek-V3: 3 + 14 x 4 + 2 = 61; with VPP 2, a per-stage list splits each stage evenly over its chunks.
    const split = [3, ...new Array<number>(14).fill(4), 2];
    expect(resolveChunkLayers(deepseek, 16, 1, split)).toEqual(split);
    const perStage = resolveChunkLayers(models.get('llama2-70b'), 2, 2, [40, 40]);
    expect(perStage).toEqual([20, 20, 20, 20]);
    expect(resolveChunkLayers(models.get('llama2-70b'), 2, 2, [19, 20, 20, 21])).toEqual([19, 20, 20, 21]);
  });

  it.each([
    ['a split that does not sum to the layers', 16, 1, [4, ...new Array<number>(15).fill(4)], /sums to 64 layers, but deepseek-v3 has 61/],
    ['a split with the wrong number of stages', 16, 1, [30, 31], /expected 16 entries, one per pipeline stage, received 2/],
    ['a negative entry', 2, 1, [62, -1], /expected whole numbers >= 0, received -1/],
    ['a per-stage split that does not divide over the chunks', 2, 2, [30, 31], /a stage of 31 layers does not split evenly over 2 chunks/],
  ])('resolveChunkLayers refuses %s, naming stageLayers', (_what, pp, vpp, split, message) => {
    expect(() => resolveChunkLayers(deepseek, pp, vpp, split)).toThrow(ConfigError);
    expect(() => resolveChunkLayers(deepseek, pp, vpp, split)).toThrow(message);
  });

  it('resolveChunkLayers without a split points to stageLayers when PP divides neither L nor L + 2', () => {
    // 61 and 63 are both odd: no even split of DeepSeek-V3 over 16 stages exists.
    expect(() => resolveChunkLayers(deepseek, 16, 1)).toThrow(/does not divide the 61 layers .* give stageLayers/);
  });
});

describe('stageLayerIndices', () => {
  it('stageLayerIndices hands out consecutive layers without interleaving', () => {
    expect(stageLayerIndices([2, 3, 1], 3)).toEqual([[0, 1], [2, 3, 4], [5]]);
  });

  it('stageLayerIndices deals chunks round-robin with interleaving (Megatron)', () => {
    // p 2, v 2, 8 layers in chunks of 2: stage 0 holds chunks 0 and 2, stage 1 chunks 1 and 3.
    expect(stageLayerIndices([2, 2, 2, 2], 2)).toEqual([
      [0, 1, 4, 5],
      [2, 3, 6, 7],
    ]);
    expect(chunkLayerIndices([0, 2, 1])).toEqual([[], [0, 1], [2]]);
  });
});

describe('balancedChunkLayers', () => {
  it("gives DeepSeek-V3's own split of 61 layers on 16 stages, sums to the layers, and is written as --stage-layers takes it", () => {
    const split = balancedChunkLayers(61, 16);
    expect(split).toEqual([3, ...new Array<number>(14).fill(4), 2]);
    expect(stageLayersText(split ?? [])).toBe('3,4x14,2');
    const seven = balancedChunkLayers(61, 7) ?? [];
    expect(seven.reduce((a, b) => a + b, 0)).toBe(61);
    expect(Math.max(...seven) - Math.min(...seven)).toBeLessThanOrEqual(2);
  });

  it('has no split where the chunks outnumber the layers', () => {
    expect(balancedChunkLayers(4, 8)).toBeUndefined();
  });
});
