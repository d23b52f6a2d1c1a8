import { describe, expect, it } from 'vitest';
import { bytes, gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { doubleBinaryTreeAllReduce } from './double-binary-tree.js';
import { ringAllReduce } from './ring.js';

const S = 2 ** 30;
const B = 370e9;
const ALPHA = 2e-6;
const ctx: CollectiveContext = { op: 'allreduce', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('doubleBinaryTreeAllReduce.time', () => {
  it('is (2h - 1)(alpha + c/B) + k (alpha + 4c/B), c = S/(2k)', () => {
    // h = 3, S/(2B) = 1.451 ms, k = round(sqrt(5 x 1.451 ms / 2 us) = 60.2) = 60:
    // 5 x (2 us + 24.18 us) + 60 x 2 us + 4 x 1.451 ms = 130.9 us + 120 us + 5.804 ms = 6.0549 ms
    const c = S / (2 * 60);
    expect(doubleBinaryTreeAllReduce.time(ctx)).toBeCloseTo(5 * (ALPHA + c / B) + 60 * (ALPHA + (4 * c) / B), 12);
    expect(doubleBinaryTreeAllReduce.time(ctx)).toBeCloseTo(6.0549e-3, 7);
  });

  it('costs 2h alpha for an empty message: the latency of a tree, 2 log2(n) steps', () => {
    // 2 x 3 x 2 us = 12 us, against ring's 2 x 7 x 2 us = 28 us
    expect(doubleBinaryTreeAllReduce.time({ ...ctx, bytes: bytes(0) })).toBeCloseTo(12e-6, 15);
  });

  it('moves twice the bytes of one reduce: slower than ring for large messages, faster for small', () => {
    // 1 GiB: 6.05 ms against ring's 5.11 ms; 64 KiB on 64 ranks: tree's 12 steps beat ring's 126
    expect(doubleBinaryTreeAllReduce.time(ctx)).toBeGreaterThan(ringAllReduce.time(ctx));
    const small = { ...ctx, ranks: 64, bytes: bytes(65536) };
    expect(doubleBinaryTreeAllReduce.time(small)).toBeLessThan(ringAllReduce.time(small));
  });
});

describe('doubleBinaryTreeAllReduce.schedule', () => {
  it('sends 2(n-1) S/2 bytes per tree, 2(n-1)/n S per rank on average, like ring', () => {
    const { transfers } = doubleBinaryTreeAllReduce.schedule(ctx);
    const total = transfers.reduce((sum, t) => sum + t.bytes, 0);
    // 2 trees x (7 up + 7 down edges) x S/2 = 14 S
    expect(total / S).toBeCloseTo(14, 9);
  });

  it('streams each tree edge once each way, all at once, arriving t - 4 S/(2B) after the bytes', () => {
    // 2 trees x 7 edges x 2 directions = 28 transfers of S/2; latencyS = 6.0549 ms - 4 x 1.451 ms = 250.9 us,
    // the chain's fill 5 x (2 us + 24.18 us) and the 60 chunks' alpha, 60 x 2 us.
    const { transfers } = doubleBinaryTreeAllReduce.schedule(ctx);
    expect(transfers).toHaveLength(28);
    for (const t of transfers) {
      expect(t.bytes).toBe(S / 2);
      expect(t.deps).toEqual([]);
      expect(t.latencyS).toBeCloseTo(doubleBinaryTreeAllReduce.time(ctx) - (4 * S) / (2 * B), 15);
      expect(t.latencyS).toBeCloseTo(250.9e-6, 7);
    }
  });
});

describe('doubleBinaryTreeAllReduce across scale-up domains (channel trees)', () => {
  // 4 domains of 8: B_i = 370 GB/s, B_o = 48 GB/s, alpha_i = 2 us, alpha_o = 10 us.
  const hierarchy = { domainSize: 8, domains: 4, intraBandwidth: gBps(370), interBandwidth: gBps(48), intraLatency: us(2), interLatency: us(10) };
  const spanning: CollectiveContext = { ...ctx, ranks: 32, bandwidth: gBps(48), stepLatency: us(10), hierarchy };

  it('takes the busiest rank max(2 (d-1) S/(d B_i), 4 S/(2 d B_o)) plus the pipeline fill: 5.59 ms of work at 1 GiB, not 44.7', () => {
    const work = Math.max((2 * 7 * S) / (8 * 370e9), (4 * S) / (2 * 8 * 48e9));
    expect(work).toBeCloseTo(5.592e-3, 6);
    const t = doubleBinaryTreeAllReduce.time(spanning);
    expect(t).toBeGreaterThan(work);
    // NCCL's 512 KiB chunks on 32 channels: 64 a channel. The fill, 17/18 of 14 chain hops (2 us + 5.7 us) and 4 network
    // hops (10 us + 43.7 us): 0.30 ms; then 64 rounds of the mean latency (3.8 us) and the busiest rank's 87.4 us.
    expect(t).toBeCloseTo(6.138e-3, 5);
  });

  it("pays the wire NCCL's per-hop latencies already hold once, not again over the fill: an empty message 17 x the mean wire less", () => {
    const empty = { ...spanning, bytes: bytes(0) };
    const wired = { ...empty, hierarchy: { ...hierarchy, intraReferenceWire: us(0.17), interReferenceWire: us(1.83) } };
    // 18 stages: 14 chain hops of 0.17 us and 4 tree hops of 1.83 us, 0.539 us on average; the fill is 17 of them.
    const meanWire = (14 * 0.17e-6 + 4 * 1.83e-6) / 18;
    expect(doubleBinaryTreeAllReduce.time(empty) - doubleBinaryTreeAllReduce.time(wired)).toBeCloseTo(17 * meanWire, 12);
  });

  it('streams per channel each chain hop S/d both ways and each tree edge S/(2d) both ways', () => {
    const { transfers } = doubleBinaryTreeAllReduce.schedule(spanning);
    // 8 channels x (4 domains x 7 chain hops x 2 + 2 trees x 3 edges x 2) = 8 x (56 + 12) = 544 transfers.
    expect(transfers).toHaveLength(544);
    const total = transfers.reduce((sum, t) => sum + t.bytes, 0);
    // Per channel 56 x S/8 + 12 x S/16: 7 S + 0.75 S; over 8 channels 62 S.
    expect(total / S).toBeCloseTo(62, 9);
    // Channel c's tree joins the domains' ranks c: every rank of a domain carries one channel's tree traffic.
    const treeEnds = new Set(transfers.filter((t) => t.bytes === S / 16).map((t) => ('rank' in t.src ? t.src.rank : -1)));
    expect(treeEnds.size).toBe(32);
  });
});

describe('doubleBinaryTreeAllReduce inside one scale-up domain (NCCL chain)', () => {
  const node: CollectiveContext = { ...ctx, oneDomain: true };

  it('runs as the chain NCCL builds in a node: 2 (n - 1) stages, as many steps as the ring, not 2 log2 n', () => {
    // An empty message: 14 stages of alpha (the chain's 13 fills and one chunk), the ring's 2 x 7 steps.
    expect(doubleBinaryTreeAllReduce.time({ ...node, bytes: bytes(0) })).toBeCloseTo(14 * ALPHA, 15);
    expect(doubleBinaryTreeAllReduce.time({ ...node, bytes: bytes(0) })).toBeCloseTo(ringAllReduce.time({ ...node, bytes: bytes(0) }), 15);
  });

  it('streams each chain hop S up and S down, the busiest rank sending 2S', () => {
    const { transfers } = doubleBinaryTreeAllReduce.schedule(node);
    expect(transfers).toHaveLength(14);
    for (const t of transfers) expect(t.bytes).toBe(S);
    expect(doubleBinaryTreeAllReduce.time(node)).toBeGreaterThan((2 * S) / B);
  });
});
