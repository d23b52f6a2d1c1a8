import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import { busBandwidth, type CollectiveContext } from '../types.js';
import { ringAllGather } from './ring.js';

const S = 2 ** 30;
const ctx: CollectiveContext = { op: 'allgather', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('ringAllGather.time', () => {
  it('is (n-1)(alpha + S/(nB)), S the gathered total', () => {
    // 7 x (2 us + 1073741824 / (8 x 370e9) s = 362.75 us) = 2.5533 ms
    expect(ringAllGather.time(ctx)).toBeCloseTo(7 * (2e-6 + S / (8 * 370e9)), 12);
    expect(ringAllGather.time(ctx)).toBeCloseTo(2.5533e-3, 7);
  });
  it('gives busbw ~B, the 350-370 GB/s nccl-tests shows for all-gather on 8xH100', () => {
    // busbw = 7/8 x 1 GiB / 2.5533 ms = 368.0 GB/s (cases.json coll-8xH100-ring-effective, coll-8xH100-ag-nvls-vs-ring)
    expect(busBandwidth('allgather', 8, ctx.bytes, ringAllGather.time(ctx)) / 1e9).toBeCloseTo(368.0, 1);
  });
});
