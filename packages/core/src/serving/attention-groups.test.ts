import { describe, expect, it } from 'vitest';
import { CollectiveSession } from '../comm/run.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { seconds } from '../units/units.js';
import { serve } from './serve.js';
import { StepCostModel } from './step-cost.js';
import { hottestGroup } from './step-overlap.js';

const mixed = { decodes: 1000, decodeKvTokens: 1000 * 2048, prefillTokens: 1024, prefillPairs: 1024 * 512.5, sampled: 1001 };

describe('hottestGroup', () => {
  it("puts a lone prompt's tokens on one of the groups: the load prices as if every group prefilled it", () => {
    const hot = hottestGroup({ ...mixed, prefillChunks: 1 }, 8);
    expect(hot.prefillTokens).toBe(8 * 1024);
    expect(hot.prefillPairs).toBe(8 * mixed.prefillPairs);
    expect(hot.decodes).toBe(1000);
    expect(hot.sampled).toBe(1000 + 8);
  });

  it('leaves a load alone with one group, without a chunk count, or with a chunk for every group', () => {
    expect(hottestGroup({ ...mixed, prefillChunks: 1 }, 1)).toEqual({ ...mixed, prefillChunks: 1 });
    expect(hottestGroup(mixed, 8)).toEqual(mixed);
    expect(hottestGroup({ ...mixed, prefillChunks: 8 }, 8).prefillTokens).toBe(1024);
    // Four chunks load four groups: each of those holds a quarter.
    expect(hottestGroup({ ...mixed, prefillChunks: 4 }, 8).prefillTokens).toBe(2048);
  });
});

describe('a step under attention data parallelism', () => {
  it('waits for the group that prefills: one prompt costs more than the same tokens spread over every group', () => {
    const system = buildPreset('hgx-h200', {}, 8);
    const shape = { tp: 1, dpAttention: 8, ep: 8, precision: 'fp8', kvBytesPerElement: 2 } as const;
    const cost = new StepCostModel(models.get('deepseek-v3'), shape, new CollectiveSession(system));
    const spread = cost.step({ ...mixed, prefillChunks: 8 }).seconds;
    const lone = cost.step({ ...mixed, prefillChunks: 1 }).seconds;
    expect(lone).toBeGreaterThan(spread * 1.05);
  });
});

describe("a prompt's chunk under attention data parallelism", () => {
  it("stays within its group's share of the token budget: a lone 4,096-token prompt on 8 groups takes 4 chunks at 8,192 and 1 at 32,768", () => {
    const system = buildPreset('hgx-h100', {}, 8);
    const one = [{ id: 0, arrivalS: 0, inputTokens: 4096, outputTokens: 1, blockHashes: [] }];
    const ttft = (tokenBudget: number) =>
      serve(system, models.get('qwen3-30b-a3b'), one, { tp: 1, dpAttention: 8, ep: true, tokenBudget, requestOverhead: seconds(0) }).ttftMs.p50;
    // Four iterations, each reading every weight and paying every kernel's floor, against one (1.34x); without the cap
    // both budgets run the prompt whole and take the same time.
    expect(ttft(8192)).toBeGreaterThan(1.2 * ttft(32768));
  });
});
