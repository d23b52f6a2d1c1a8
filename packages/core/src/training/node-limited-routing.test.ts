import { describe, expect, it } from 'vitest';
import { CollectiveSession } from '../comm/run.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { trainingComm } from './comm.js';
import { nodeLimitedAllToAllS, scaleOutCopiesPerToken } from './node-limited-routing.js';
import { resolvePlan } from './plan.js';

describe('scaleOutCopiesPerToken', () => {
  it('scaleOutCopiesPerToken sends a DeepSeek-V3 token over IB 3.18 times where a plain all-to-all sends 7', () => {
    // 8 nodes, M 4, 32 experts per node, top-8: q = 1 - C(96,8)/C(128,8) = 0.9073; R = 4 q 7/8 = 3.175.
    let none = 1;
    for (let i = 0; i < 8; i++) none *= (96 - i) / (128 - i);
    expect(scaleOutCopiesPerToken(8, 4, 32, 8)).toBeCloseTo(4 * (1 - none) * (7 / 8), 12);
    expect(scaleOutCopiesPerToken(8, 4, 32, 8)).toBeCloseTo(3.18, 2);
  });

  it('scaleOutCopiesPerToken with a one-node limit crosses once unless the node is home: 1 - 1/N', () => {
    expect(scaleOutCopiesPerToken(8, 1, 32, 8)).toBeCloseTo(7 / 8, 12);
  });

  it('scaleOutCopiesPerToken grows with the limit and never reaches k (N - 1) / N', () => {
    const limits = [1, 2, 4, 8].map((m) => scaleOutCopiesPerToken(8, m, 32, 8));
    for (let i = 1; i < limits.length; i++) expect(limits[i]).toBeGreaterThan(limits[i - 1] ?? 0);
    expect(limits[3]).toBeLessThan(8 * (7 / 8));
  });
});

describe('nodeLimitedAllToAllS', () => {
  it('nodeLimitedAllToAllS is the slower of the IB rail exchange and the NVLink fan-out, below the plain all-to-all', () => {
    // DeepSeek-V3 on 64 H800 (8 nodes): 4096 tokens of 7168 FP8 bytes, k 8. IB carries 3.18 copies per token at 50 GB/s,
    // NVLink 8 x 7/8 at 200 GB/s: IB sets the time; the plain EP64 all-to-all pushes 8 x 63/64 copies mostly over IB.
    const system = buildPreset('hgx-h800', {}, 64);
    const model = models.get('deepseek-v3');
    const plan = resolvePlan(model, system, { tp: 1, pp: 1, ep: 64, mbs: 1, gbs: 64, seq: 4096, precision: 'fp8', recompute: 'full', epNodeLimit: 4 });
    const comm = trainingComm(new CollectiveSession(system), plan, 'analytical');
    const routing = { nodes: 8, limit: 4, expertsPerNode: 32, topK: 8 };
    const copy = 7168;
    const limited = nodeLimitedAllToAllS(comm, routing, 4096, copy);
    const rail = comm.epRail((4096 * scaleOutCopiesPerToken(8, 4, 32, 8) * copy * 8) / 7).seconds;
    const local = comm.epLocal(4096 * 8 * copy).seconds;
    expect(limited).toBe(Math.max(rail, local));
    expect(rail).toBeGreaterThan(local);
    expect(limited).toBeLessThan(comm.ep(4096 * 8 * copy).seconds * 0.6);
  });
});
