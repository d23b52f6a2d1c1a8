import { describe, expect, it } from 'vitest';
import { bytes, gBps, gib, us } from '../units/units.js';
import { chooseAlgorithm, compareAlgorithms } from './auto.js';
import type { CollectiveContext } from './types.js';

const ctx: CollectiveContext = { op: 'allreduce', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('chooseAlgorithm', () => {
  it('takes in-switch reduction when the switch has it (3.06 ms against 5.09 ms for halving-doubling)', () => {
    expect(chooseAlgorithm({ ...ctx, inSwitchReduction: true }).id).toBe('allreduce/in-switch');
  });
  it('leaves halving-doubling out, as NCCL does not implement it, though its closed form is fastest here', () => {
    // 8 ranks, 1 GiB: halving-doubling is ring bandwidth in 6 steps instead of 14, yet NCCL would run ring.
    const hd = compareAlgorithms(ctx).find((v) => v.algorithm.name === 'halving-doubling');
    const ring = compareAlgorithms(ctx).find((v) => v.algorithm.name === 'ring');
    expect(hd?.time).toBeLessThan(ring?.time as number);
    expect(chooseAlgorithm(ctx).id).toBe('allreduce/ring');
  });
  it('takes ring for large messages and tree for small ones on 6 ranks, as NCCL switches from tree to ring', () => {
    // 1 GiB: ring 2 x 5/6 S/B = 4.84 ms, tree ~2 S/B = 5.9 ms; 4 KiB: ring 10 steps, tree 6
    expect(chooseAlgorithm({ ...ctx, ranks: 6 }).id).toBe('allreduce/ring');
    expect(chooseAlgorithm({ ...ctx, ranks: 6, bytes: bytes(4096) }).id).toBe('allreduce/tree');
  });
  it('takes ring all-gather, not direct (NCCL has no direct all-gather), when the switch cannot multicast', () => {
    expect(chooseAlgorithm({ ...ctx, op: 'allgather' }).id).toBe('allgather/ring');
  });
  it('throws with every refusal when nothing applies', () => {
    expect(() => chooseAlgorithm({ ...ctx, op: 'alltoall', ranks: 0 })).toThrow(
      'no alltoall algorithm can run on 0 ranks: direct: ranks must be a positive integer, got 0; hierarchical: ranks must be a positive integer, got 0',
    );
  });
});

describe('compareAlgorithms', () => {
  it('gives each algorithm for the op a time or the reason it cannot run', () => {
    const verdicts = compareAlgorithms({ ...ctx, ranks: 6 });
    expect(verdicts.map((v) => [v.algorithm.name, v.time === undefined ? v.reason : 'time'])).toEqual([
      ['ring', 'time'],
      ['tree', 'time'],
      ['halving-doubling', 'halving-doubling needs a power-of-two number of ranks, got 6'],
      ['in-switch', expect.stringMatching(/ctx.inSwitchReduction is false/)],
      ['hierarchical', expect.stringMatching(/need ctx.hierarchy/)],
      ['nvls-tree', expect.stringMatching(/need ctx.hierarchy/)],
    ]);
  });
});
