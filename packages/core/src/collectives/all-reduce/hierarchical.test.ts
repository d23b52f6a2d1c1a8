import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { hierarchicalAllReduce } from './hierarchical.js';
import { ringAllReduce } from './ring.js';

const S = 2 ** 30;
// 4 domains of 8 H100s: 370 GB/s NVLink, 48 GB/s NDR 400G NIC per GPU (cases.json coll-h100-expectations-maintainer).
const hierarchy = { domainSize: 8, domains: 4, intraBandwidth: gBps(370), interBandwidth: gBps(48), intraLatency: us(2), interLatency: us(10) };
const ctx: CollectiveContext = { op: 'allreduce', ranks: 32, bytes: gib(1), bandwidth: gBps(48), stepLatency: us(10), inSwitchReduction: false, hierarchy };

describe('hierarchicalAllReduce.time', () => {
  it('is every phase latency once plus the busier tier when m is a power of two', () => {
    // 2(d-1) alpha_i + 2 log2(m) alpha_o + max(2 (d-1)/d S/B_i, 2(m-1)/m S/(d B_o))
    // = 28 us + 40 us + max(2 x 2.5393 ms, 4.1943 ms) = 5.1465 ms
    expect(hierarchicalAllReduce.time(ctx)).toBeCloseTo(14 * 2e-6 + 4 * 10e-6 + Math.max((2 * 7 * S) / (8 * 370e9), (6 * S) / (32 * 48e9)), 12);
    expect(hierarchicalAllReduce.time(ctx)).toBeCloseTo(5.1465e-3, 7);
  });

  it('is a double binary tree across domains when m is not a power of two: 2h alpha_o, four halves of S/d', () => {
    // m = 6: NCCL's trees have height 3 (0 -> 4 -> {2, 5}, 2 -> {1, 3}) -> 6 hops of alpha_o; the busiest rank sends
    // 4 x S/16 over its NIC: 28 us + 60 us + max(5.0786 ms, 4 x S / (16 x 48 GB/s) = 5.5924 ms)
    const six = { ...ctx, ranks: 48, hierarchy: { ...hierarchy, domains: 6 } };
    expect(hierarchicalAllReduce.time(six)).toBeCloseTo(14 * 2e-6 + 6 * 10e-6 + Math.max((2 * 7 * S) / (8 * 370e9), (4 * S) / (16 * 48e9)), 12);
  });

  it('beats one ring held to the scale-out rate, which sends 2(n-1)/n S over one NIC', () => {
    // one ring at 48 GB/s, 10 us: 62 x (10 us + 699.05 us) = 43.96 ms
    expect(hierarchicalAllReduce.time(ctx)).toBeLessThan(ringAllReduce.time({ ...ctx, hierarchy: undefined }) / 4);
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
