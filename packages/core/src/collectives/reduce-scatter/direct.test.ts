import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { directReduceScatter } from './direct.js';

const S = 2 ** 30;
const ctx: CollectiveContext = { op: 'reducescatter', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('directReduceScatter.time', () => {
  it('is alpha + (n-1)/n S/B', () => {
    // 2 us + 7/8 x 2.902 ms = 2.5413 ms
    expect(directReduceScatter.time(ctx)).toBeCloseTo(2e-6 + (7 * S) / (8 * 370e9), 12);
    expect(directReduceScatter.time(ctx)).toBeCloseTo(2.5413e-3, 7);
  });
});
