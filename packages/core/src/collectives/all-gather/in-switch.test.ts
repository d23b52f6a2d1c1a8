import { describe, expect, it } from 'vitest';
import { gBps, gb, gib, us } from '../../units/units.js';
import { busBandwidth, type CollectiveContext } from '../types.js';
import { inSwitchAllGather } from './in-switch.js';
import { ringAllGather } from './ring.js';

const S = 2 ** 30;
const ctx: CollectiveContext = { op: 'allgather', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: true };

describe('inSwitchAllGather.time', () => {
  it('is 2 alpha + S/B: S/n up, (n-1)/n S down', () => {
    // 4 us + 1073741824 / 370e9 s = 4 us + 2.902 ms = 2.9060 ms
    expect(inSwitchAllGather.time(ctx)).toBeCloseTo(4e-6 + S / 370e9, 12);
    expect(inSwitchAllGather.time(ctx)).toBeCloseTo(2.906e-3, 7);
  });

  it('gives no bandwidth gain over ring, ~7/8 of its busbw as cases.json coll-8xH100-ag-nvls-vs-ring measures', () => {
    // measured at 1 GB: NVLS 300, ring 350 GB/s -> 0.857; model at equal B: ring 2.3789 ms / in-switch 2.7067 ms = 0.879
    const oneGb = { ...ctx, bytes: gb(1) };
    const ratio =
      busBandwidth('allgather', 8, oneGb.bytes, inSwitchAllGather.time(oneGb)) / busBandwidth('allgather', 8, oneGb.bytes, ringAllGather.time(oneGb));
    expect(Math.abs(ratio - 300 / 350)).toBeLessThan(0.03);
  });
});

describe('inSwitchAllGather.applies', () => {
  it('refuses a switch without multicast', () => {
    expect(inSwitchAllGather.applies({ ...ctx, inSwitchReduction: false })).toMatch(/ctx.inSwitchReduction is false/);
  });
});
