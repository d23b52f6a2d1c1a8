import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { ringReduceScatter } from './ring.js';

const S = 2 ** 30;
const ctx: CollectiveContext = { op: 'reducescatter', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('ringReduceScatter.time', () => {
  it('is (n-1)(alpha + S/(nB)), half a ring all-reduce', () => {
    // 7 x (2 us + 362.75 us) = 2.5533 ms
    expect(ringReduceScatter.time(ctx)).toBeCloseTo(7 * (2e-6 + S / (8 * 370e9)), 12);
    expect(ringReduceScatter.time(ctx)).toBeCloseTo(2.5533e-3, 7);
  });
  it('refuses an all-gather context', () => {
    expect(ringReduceScatter.applies({ ...ctx, op: 'allgather' })).toBe('reducescatter/ring serves reducescatter, not allgather');
  });
});
