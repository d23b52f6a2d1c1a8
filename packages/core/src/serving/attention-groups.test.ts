import { describe, expect, it } from 'vitest';
import { CollectiveSession } from '../comm/run.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { hottestGroup, StepCostModel } from './step-cost.js';

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
