import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { halvingDoublingAllReduce } from './halving-doubling.js';

const S = 2 ** 30;
const B = 370e9;
const ALPHA = 2e-6;
const ctx: CollectiveContext = { op: 'allreduce', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('halvingDoublingAllReduce.time', () => {
  it('is 2 log2(n) alpha + 2(n-1)/n S/B', () => {
    // 6 x 2 us + 1.75 x 2.902 ms = 12 us + 5.0785 ms = 5.0905 ms
    expect(halvingDoublingAllReduce.time(ctx)).toBeCloseTo(6 * ALPHA + (1.75 * S) / B, 12);
    expect(halvingDoublingAllReduce.time(ctx)).toBeCloseTo(5.0905e-3, 7);
  });
});

describe('halvingDoublingAllReduce.applies', () => {
  it('refuses a rank count that is not a power of two', () => {
    expect(halvingDoublingAllReduce.applies({ ...ctx, ranks: 6 })).toBe('halving-doubling needs a power-of-two number of ranks, got 6');
    expect(() => halvingDoublingAllReduce.schedule({ ...ctx, ranks: 6 })).toThrow(/power-of-two/);
  });
  it('accepts 2, 8 and 1024 ranks', () => {
    for (const ranks of [2, 8, 1024]) expect(halvingDoublingAllReduce.applies({ ...ctx, ranks })).toBeUndefined();
  });
});

describe('halvingDoublingAllReduce.schedule', () => {
  it('halves then doubles: S/2, S/4, S/8 then S/8, S/4, S/2 per rank', () => {
    const sizes = halvingDoublingAllReduce.schedule(ctx).transfers.filter((t) => 'rank' in t.src && t.src.rank === 0);
    expect(sizes.map((t) => t.bytes / S)).toEqual([1 / 2, 1 / 4, 1 / 8, 1 / 8, 1 / 4, 1 / 2]);
  });
});
