import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { directAllGather } from './direct.js';

const S = 2 ** 30;
const ctx: CollectiveContext = { op: 'allgather', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('directAllGather.time', () => {
  it('is alpha + (n-1)/n S/B: ring bandwidth in one step', () => {
    // 2 us + 7/8 x 2.902 ms = 2.5413 ms
    expect(directAllGather.time(ctx)).toBeCloseTo(2e-6 + (7 * S) / (8 * 370e9), 12);
    expect(directAllGather.time(ctx)).toBeCloseTo(2.5413e-3, 7);
  });
});

describe('directAllGather.schedule', () => {
  it('sends every piece to every other rank: n(n-1) transfers of S/n', () => {
    const { transfers } = directAllGather.schedule(ctx);
    expect(transfers).toHaveLength(56);
    expect(transfers.every((t) => t.bytes === S / 8 && t.deps.length === 0)).toBe(true);
  });
});
