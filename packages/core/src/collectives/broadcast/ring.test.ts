import { describe, expect, it } from 'vitest';
import { bytes, gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { ringBroadcast } from './ring.js';

const S = 2 ** 30;
const B = 370e9;
const ctx: CollectiveContext = { op: 'broadcast', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('ringBroadcast.time', () => {
  it('is (k + n - 2)(alpha + S/(kB)) with k = min(64, round(sqrt((n-2) S/(B alpha))))', () => {
    // sqrt(6 x 2.902 ms / 2 us) = 93.3 -> capped at 64; 70 x (2 us + 45.34 us) = 3.3141 ms
    expect(ringBroadcast.time(ctx)).toBeCloseTo(70 * (2e-6 + S / (64 * B)), 12);
    expect(ringBroadcast.time(ctx)).toBeCloseTo(3.3141e-3, 7);
  });
  it('is (n-1) alpha for an empty message: one unchunked pass down the chain', () => {
    expect(ringBroadcast.time({ ...ctx, bytes: bytes(0) })).toBeCloseTo(14e-6, 15);
  });
});

describe('ringBroadcast.schedule', () => {
  it('streams 64 chunks down 7 hops from rank 0, each chunk after its predecessor on the same hop', () => {
    const { transfers } = ringBroadcast.schedule(ctx);
    expect(transfers).toHaveLength(64 * 7);
    expect(transfers[7]).toEqual({ src: { rank: 0 }, dst: { rank: 1 }, bytes: S / 64, deps: [0] });
    expect(transfers[8]?.deps).toEqual([7, 1]);
  });
});
