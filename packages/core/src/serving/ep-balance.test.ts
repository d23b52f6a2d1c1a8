import { describe, expect, it } from 'vitest';
import { CollectiveSession } from '../comm/run.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { EPLB_IMBALANCE, epImbalance } from './ep-balance.js';
import { serve } from './serve.js';
import { StepCostModel } from './step-cost.js';
import { twoBatchDecodeLayerS } from './step-overlap.js';

describe('epImbalance', () => {
  it("reads TensorRT-LLM's measured DeepSeek-R1 rank imbalance: 1.56 without a balancer at EP 32, 0.11 with EPLB", () => {
    expect(epImbalance('none', 256, 32)).toBeCloseTo(1.564, 2);
    expect(epImbalance('eplb', 256, 32)).toBe(EPLB_IMBALANCE);
    // One expert a rank: the hottest expert's own excess, within 20% of the table's by-expert 10.95.
    expect(epImbalance('none', 256, 256) / 10.95).toBeGreaterThan(1);
    expect(epImbalance('none', 256, 256) / 10.95).toBeLessThan(1.2);
  });

  it('shrinks as a rank holds more experts, is none on one rank, and a balancer never makes it worse', () => {
    expect(epImbalance('none', 256, 8)).toBeCloseTo(0.353, 3);
    expect(epImbalance('none', 256, 1)).toBe(0);
    expect(epImbalance('perfect', 256, 64)).toBe(0);
    expect(epImbalance('eplb', 256, 2)).toBeLessThan(epImbalance('none', 256, 2) + 1e-12);
  });
});

describe('a wide-EP decode step waits for the hottest rank', () => {
  const system = buildPreset('hgx-h200', {}, 8);
  const model = models.get('deepseek-v3');
  const stepS = (epBalance: 'eplb' | 'none' | 'perfect') => {
    const shape = { tp: 1, dpAttention: 8, ep: 8, precision: 'fp8', kvBytesPerElement: 2, epBalance } as const;
    const cost = new StepCostModel(model, shape, new CollectiveSession(system));
    return cost.step({ decodes: 1024, decodeKvTokens: 1024 * 2048, prefillTokens: 0, prefillPairs: 0, sampled: 1024 }).seconds;
  };

  it('runs slower in order perfect, eplb, none, each by less than its imbalance (attention waits for nobody)', () => {
    const [perfect, eplb, none] = [stepS('perfect'), stepS('eplb'), stepS('none')];
    expect(eplb).toBeGreaterThan(perfect);
    expect(none).toBeGreaterThan(eplb);
    expect(none / perfect).toBeLessThan(1 + epImbalance('none', 256, 8));
  });
});

describe('twoBatchDecodeLayerS', () => {
  it('hides dispatch behind shared experts and attention preparation, combine behind core attention, never the routed experts', () => {
    const half = { prepS: 0.07, coreS: 0.21, sharedS: 0.04, expertS: 0.11, dispatchS: 0.18, combineS: 0.34 };
    expect(twoBatchDecodeLayerS(half)).toBeCloseTo(2 * (0.18 + 0.11 + 0.34), 12);
    // Communication shorter than what hides it costs nothing: the GPU computes back to back.
    const light = { ...half, dispatchS: 0.01, combineS: 0.01 };
    expect(twoBatchDecodeLayerS(light)).toBeCloseTo(2 * (0.07 + 0.21 + 0.04 + 0.11), 12);
    // Experts as long as the communication do not hide it (a four-slot schedule would): 2 (1 + 1 + 1), not 4.
    expect(twoBatchDecodeLayerS({ prepS: 0, coreS: 1, sharedS: 0, expertS: 1, dispatchS: 1, combineS: 1 })).toBe(6);
  });
});

describe("serve's report", () => {
  it('names how the experts are balanced and the hottest rank it waits for', () => {
    const system = buildPreset('hgx-h200', {}, 8);
    const one = [{ id: 0, arrivalS: 0, inputTokens: 256, outputTokens: 4, blockHashes: [] }];
    const run = (epBalance?: 'none') =>
      serve(system, models.get('deepseek-v3'), one, { tp: 1, dpAttention: 8, ep: true, precision: 'fp8', ...(epBalance ? { epBalance } : {}) }).deployment;
    expect(run().epBalance).toEqual({ balance: 'eplb', hottestRankExcess: EPLB_IMBALANCE });
    expect(run('none').epBalance?.hottestRankExcess).toBeCloseTo(0.353, 3);
  });
});
