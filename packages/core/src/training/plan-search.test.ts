import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../base/errors.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { countLayouts, searchTrainingPlans } from './plan-search.js';
import { train } from './train.js';

const h100x64 = buildPreset('hgx-h100', {}, 64);
const llama8 = models.get('llama3-8b');
const input = { seq: 8192, gbs: 512, top: 5 };

describe('searchTrainingPlans', () => {
  it('ranks the layouts that fit by tokens/s per GPU, each as train prices it, none beaten by a hand-written plan', () => {
    const r = searchTrainingPlans(h100x64, llama8, input);
    expect(r.searched).toBe(countLayouts(h100x64, llama8, input));
    expect(r.feasible).toBeGreaterThan(r.top.length);
    expect(r.top).toHaveLength(5);
    for (let i = 1; i < r.top.length; i++) expect(r.top[i - 1]?.tokensPerSecPerGpu).toBeGreaterThanOrEqual(r.top[i]?.tokensPerSecPerGpu as number);
    const best = r.top[0];
    if (!best) throw new Error('no plan');
    expect(best.memoryGiB.headroom).toBeGreaterThanOrEqual(0);
    expect(best.tokensPerSecPerGpu).toBe(train(h100x64, llama8, best.plan).tokensPerSecPerGpu);
    // A usual hand plan for this model (TP 8 inside a server, DP over the rest) is feasible and no faster.
    const hand = train(h100x64, llama8, { tp: 8, pp: 1, mbs: 1, gbs: 512, seq: 8192 });
    expect(hand.fits).toBe(true);
    expect(best.tokensPerSecPerGpu).toBeGreaterThanOrEqual(hand.tokensPerSecPerGpu);
  });

  it('keeps each layout at the least recomputation that fits: a model that fits without any takes none', () => {
    const r = searchTrainingPlans(h100x64, llama8, input);
    expect(r.top.every((p) => p.plan.recompute === 'none')).toBe(true);
    const big = searchTrainingPlans(h100x64, models.get('llama3-70b'), { seq: 8192, gbs: 512, top: 20 });
    expect(big.top.length).toBeGreaterThan(0);
    for (const p of big.top) expect(p.memoryGiB.total).toBeLessThanOrEqual(p.memoryGiB.capacity);
  });

  it('refines the leaders at flow fidelity and ranks them again; a bad top is refused naming it', () => {
    const h100x16 = buildPreset('hgx-h100', {}, 16);
    const r = searchTrainingPlans(h100x16, llama8, { seq: 4096, gbs: 64, top: 3, refine: 2 });
    expect(r.top.filter((p) => p.fidelity === 'flow')).toHaveLength(2);
    expect(() => searchTrainingPlans(h100x16, llama8, { seq: 4096, gbs: 64, top: 0 })).toThrow(ArgumentError);
  });

  it('ranks no plan another beats on both counts: each holds less memory than every faster one', () => {
    const r = searchTrainingPlans(h100x64, llama8, { ...input, top: 1000 });
    expect(r.dominated).toBeGreaterThan(0);
    expect(r.top.length).toBe(r.feasible - r.dominated);
    for (let i = 1; i < r.top.length; i++) expect(r.top[i]?.memoryGiB.total).toBeLessThan(r.top[i - 1]?.memoryGiB.total as number);
  });

  it('splits the layers unevenly where no PP rule divides them, the embedding and loss counted, and the plan runs as found', () => {
    const h800 = buildPreset('hgx-h800', {}, 256);
    const deepseek = models.get('deepseek-v3');
    const r = searchTrainingPlans(h800, deepseek, { seq: 4096, gbs: 1024, precision: 'fp8', top: 1000 });
    const uneven = r.top.find((p) => p.plan.pp === 8);
    expect(uneven?.plan.stageLayers).toEqual([7, 8, 8, 8, 8, 8, 8, 6]);
    if (!uneven) throw new Error('no PP 8 plan');
    expect(train(h800, deepseek, uneven.plan).tokensPerSecPerGpu).toBe(uneven.tokensPerSecPerGpu);
  });
});
