import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { inSwitchReduceScatter } from './in-switch.js';

const S = 2 ** 30;
const ctx: CollectiveContext = { op: 'reducescatter', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: true };

describe('inSwitchReduceScatter.time', () => {
  it('is 2 alpha + S/B: (n-1)/n S up, S/n down', () => {
    // 4 us + 2.902 ms = 2.9060 ms
    expect(inSwitchReduceScatter.time(ctx)).toBeCloseTo(4e-6 + S / 370e9, 12);
  });
});

describe('inSwitchReduceScatter.applies', () => {
  it('refuses a switch without reduction', () => {
    expect(inSwitchReduceScatter.applies({ ...ctx, inSwitchReduction: false })).toMatch(/need a switch with reduction/);
  });
});

describe('inSwitchReduceScatter.schedule', () => {
  it('returns each rank its piece only after every contribution reached the switch', () => {
    const { transfers } = inSwitchReduceScatter.schedule(ctx);
    expect(transfers.slice(8).every((t) => t.bytes === S / 8 && t.deps.length === 8)).toBe(true);
  });
});
