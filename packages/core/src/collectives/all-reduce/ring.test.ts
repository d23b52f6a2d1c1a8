import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import { busBandwidth, type CollectiveContext } from '../types.js';
import { ringAllReduce } from './ring.js';

// The worked example every collective test uses: 8 ranks, 1 GiB, 370 GB/s per rank per direction (8xH100
// app-level rate, cases.json coll-8xH100-ring-effective), an assumed 2 us per step.
const S = 2 ** 30;
const B = 370e9;
const ALPHA = 2e-6;
const ctx: CollectiveContext = { op: 'allreduce', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('ringAllReduce.time', () => {
  it('is 2(n-1) alpha + 2(n-1)/n S/B', () => {
    // 14 x 2 us + 1.75 x 1073741824 / 370e9 s = 28 us + 5.0785 ms = 5.1065 ms
    expect(ringAllReduce.time(ctx)).toBeCloseTo(14 * ALPHA + (1.75 * S) / B, 12);
    expect(ringAllReduce.time(ctx)).toBeCloseTo(5.1065e-3, 7);
  });

  it('gives a busbw that approaches B for large messages, as nccl-tests shows ring at ~370 GB/s', () => {
    // 8 GiB: t = 28 us + 40.628 ms, busbw = 1.75 x 8 GiB / t = 369.7 GB/s (cases.json coll-8xH100-ring-effective: 370)
    const big = { ...ctx, bytes: gib(8) };
    expect(busBandwidth('allreduce', 8, big.bytes, ringAllReduce.time(big)) / 1e9).toBeCloseTo(369.7, 1);
  });

  it('is zero on one rank, which moves nothing', () => {
    expect(ringAllReduce.time({ ...ctx, ranks: 1 })).toBe(0);
    expect(ringAllReduce.schedule({ ...ctx, ranks: 1 }).transfers).toEqual([]);
  });

  it('throws with the refusal when the context cannot be priced', () => {
    expect(() => ringAllReduce.time({ ...ctx, bandwidth: gBps(0) })).toThrow(/bandwidth must be a finite number > 0/);
  });
});

describe('ringAllReduce.applies', () => {
  it('accepts a well-formed all-reduce', () => {
    expect(ringAllReduce.applies(ctx)).toBeUndefined();
  });
  it('refuses another op and malformed contexts, saying why', () => {
    expect(ringAllReduce.applies({ ...ctx, op: 'allgather' })).toBe('allreduce/ring serves allreduce, not allgather');
    expect(ringAllReduce.applies({ ...ctx, ranks: 0 })).toBe('ranks must be a positive integer, got 0');
    expect(ringAllReduce.applies({ ...ctx, ranks: 2.5 })).toBe('ranks must be a positive integer, got 2.5');
    expect(ringAllReduce.applies({ ...ctx, stepLatency: us(-1) })).toMatch(/stepLatency must be/);
  });
});

describe('ringAllReduce.schedule', () => {
  it('has 2(n-1) pipelined steps of S/n on each of the n ring edges', () => {
    const { transfers } = ringAllReduce.schedule(ctx);
    expect(transfers).toHaveLength(8);
    for (const t of transfers) expect([t.bytes, t.steps]).toEqual([(14 * S) / 8, 14]);
    expect(transfers.map((t) => ['rank' in t.src && t.src.rank, 'rank' in t.dst && t.dst.rank])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((r) => [r, (r + 1) % 8]));
  });
});

describe('ringAllReduce across domains', () => {
  it('runs one channel ring per rank of a domain, so the NICs of a domain share the crossing traffic', () => {
    // 4 domains of 8: 62 steps, 62 x 4/32 = 7.75 of them across domains:
    // 54.25 x 2 us + 7.75 x 10 us + max(62 x 7 S / (32 x 8 x 370 GB/s), 62 x S / (32 x 8 x 48 GB/s)) = 0.186 ms + 5.418 ms
    const hierarchy = { domainSize: 8, domains: 4, intraBandwidth: gBps(370), interBandwidth: gBps(48), intraLatency: us(2), interLatency: us(10) };
    const spread = { ...ctx, ranks: 32, bandwidth: gBps(48), stepLatency: us(10), hierarchy };
    expect(ringAllReduce.time(spread)).toBeCloseTo(54.25 * 2e-6 + 7.75 * 10e-6 + (62 * S) / (32 * 8 * 48e9), 12);
    expect(ringAllReduce.schedule(spread).transfers).toHaveLength(8 * 32);
    // one ring held to one NIC: 62 x (10 us + S / (32 x 48 GB/s)) = 43.96 ms, 7.3x slower
    expect(ringAllReduce.time({ ...spread, hierarchy: undefined }) / ringAllReduce.time(spread)).toBeGreaterThan(7);
  });
});
