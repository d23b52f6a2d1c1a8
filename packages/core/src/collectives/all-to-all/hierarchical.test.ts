import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { hierarchicalAllToAll } from './hierarchical.js';

const S = 2 ** 30;
const hierarchy = { domainSize: 8, domains: 4, intraBandwidth: gBps(370), interBandwidth: gBps(48), intraLatency: us(2), interLatency: us(10) };
const ctx: CollectiveContext = { op: 'alltoall', ranks: 32, bytes: gib(1), bandwidth: gBps(48), stepLatency: us(10), inSwitchReduction: false, hierarchy };

describe('hierarchicalAllToAll.time', () => {
  it('is alpha_i + (d-1)/d S/B_i + alpha_o + (m-1)/m S/B_o', () => {
    // (2 us + 7/8 x 2.902 ms) + (10 us + 3/4 x 22.37 ms) = 2.5413 + 16.7872 = 19.3285 ms
    expect(hierarchicalAllToAll.time(ctx)).toBeCloseTo(2e-6 + (7 * S) / (8 * 370e9) + 10e-6 + (3 * S) / (4 * 48e9), 12);
    expect(hierarchicalAllToAll.time(ctx)).toBeCloseTo(19.3285e-3, 7);
  });
  it('skips the scale-out phase with one domain and the scale-up phase with one rank per domain', () => {
    expect(hierarchicalAllToAll.time({ ...ctx, ranks: 8, hierarchy: { ...hierarchy, domains: 1 } })).toBeCloseTo(2e-6 + (7 * S) / (8 * 370e9), 12);
    expect(hierarchicalAllToAll.time({ ...ctx, ranks: 4, hierarchy: { ...hierarchy, domainSize: 1 } })).toBeCloseTo(10e-6 + (3 * S) / (4 * 48e9), 12);
  });
});

describe('hierarchicalAllToAll.schedule', () => {
  it('sends over the scale-out exactly what direct all-to-all would, (n-d)/n S per rank, in m-1 messages', () => {
    const inter = hierarchicalAllToAll.schedule(ctx).transfers.filter((t) => 'rank' in t.src && 'rank' in t.dst && t.src.rank >> 3 !== t.dst.rank >> 3);
    const fromRank0 = inter.filter((t) => 'rank' in t.src && t.src.rank === 0);
    expect(fromRank0).toHaveLength(3);
    expect(fromRank0.reduce((sum, t) => sum + t.bytes, 0)).toBeCloseTo((24 / 32) * S, 3);
  });
});

describe('hierarchicalAllToAll.applies', () => {
  it('refuses a context without a hierarchy', () => {
    expect(hierarchicalAllToAll.applies({ ...ctx, hierarchy: undefined })).toMatch(/need ctx.hierarchy/);
  });
});
