import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { hierarchicalAllReduce } from './hierarchical.js';
import { ringAllReduce } from './ring.js';

const S = 2 ** 30;
// 4 domains of 8 H100s: 370 GB/s NVLink, 48 GB/s NDR 400G NIC per GPU (dev.json coll-h100-expectations-maintainer).
const hierarchy = { domainSize: 8, domains: 4, intraBandwidth: gBps(370), interBandwidth: gBps(48), intraLatency: us(2), interLatency: us(10) };
const ctx: CollectiveContext = { op: 'allreduce', ranks: 32, bytes: gib(1), bandwidth: gBps(48), stepLatency: us(10), inSwitchReduction: false, hierarchy };

describe('hierarchicalAllReduce.time', () => {
  it('is 2(d-1)(alpha_i + S/(d B_i)) + 2(m-1)(alpha_o + S/(d m B_o))', () => {
    // 14 x (2 us + 362.75 us) + 6 x (10 us + 699.05 us) = 5.1065 ms + 4.2543 ms = 9.3608 ms
    expect(hierarchicalAllReduce.time(ctx)).toBeCloseTo(14 * (2e-6 + S / (8 * 370e9)) + 6 * (10e-6 + S / (32 * 48e9)), 12);
    expect(hierarchicalAllReduce.time(ctx)).toBeCloseTo(9.3608e-3, 7);
  });

  it('beats a flat ring held to the scale-out rate, which sends 2(n-1)/n S over the NICs', () => {
    // flat ring at 48 GB/s, 10 us: 62 x (10 us + 699.05 us) = 43.96 ms
    expect(hierarchicalAllReduce.time(ctx)).toBeLessThan(ringAllReduce.time(ctx) / 4);
  });

  it('is ring all-reduce inside the domain when there is one domain', () => {
    const one = { ...ctx, ranks: 8, hierarchy: { ...hierarchy, domains: 1 } };
    expect(hierarchicalAllReduce.time(one)).toBeCloseTo(ringAllReduce.time({ ...one, bandwidth: gBps(370), stepLatency: us(2) }), 12);
  });
});

describe('hierarchicalAllReduce.applies', () => {
  it('refuses a context without a hierarchy', () => {
    expect(hierarchicalAllReduce.applies({ ...ctx, hierarchy: undefined })).toMatch(/need ctx.hierarchy/);
  });
  it('refuses a hierarchy that does not add up to the ranks', () => {
    expect(hierarchicalAllReduce.applies({ ...ctx, ranks: 24 })).toBe('hierarchy has 4 domains of 8 = 32 ranks, not 24');
  });
});
