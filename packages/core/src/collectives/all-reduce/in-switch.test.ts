import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import { busBandwidth, type CollectiveContext } from '../types.js';
import { inSwitchAllReduce } from './in-switch.js';

const S = 2 ** 30;
const B = 370e9;
const ALPHA = 2e-6;
const ctx: CollectiveContext = { op: 'allreduce', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: true };

describe('inSwitchAllReduce.time', () => {
  it('is (k + 1)(alpha + W/(kB)) with W = S(n+1)/n and k = round(sqrt(W/(B alpha))) chunks', () => {
    // W = 9/8 GiB, W/B = 3.2646 ms, sqrt(3.2646 ms / 2 us) = 40.4 -> k = 40; 41 x (2 us + 81.62 us) = 3.42837 ms
    const w = (S * 9) / 8;
    expect(inSwitchAllReduce.time(ctx)).toBeCloseTo(41 * (ALPHA + w / (40 * B)), 12);
    expect(inSwitchAllReduce.time(ctx)).toBeCloseTo(3.42837e-3, 7);
  });

  it('prices the reduction at inSwitchBandwidth when given', () => {
    // Half the rate: W/B doubles to 6.529 ms; k = round(sqrt(6.529 ms / 2 us)) = 57; 58 x (2 us + 114.55 us) = 6.7599 ms
    const slow = { ...ctx, inSwitchBandwidth: gBps(185) };
    expect(inSwitchAllReduce.time(slow)).toBeCloseTo(58 * (ALPHA + (S * 9) / 8 / (57 * 185e9)), 12);
  });

  it('reads as ~480 GB/s busbw on 8 H100s when B is the NVLS rate of 309 GB/s the n/(n+1) fit gives', () => {
    // cases.json coll-8xH100-ar-ring-vs-nvls-scaling: algbw 273 on 8 GPUs = 8/9 x 307 GB/s. At 8 GiB, k = 64 (capped):
    // W/B = 9/8 x 8 GiB / 309 GB/s = 31.276 ms; t = 65 x 2 us + 31.276 ms x 65/64 = 31.895 ms;
    // busbw = 1.75 x 8 GiB / t = 471.3 GB/s, 1.8% under.
    const nvls = { ...ctx, bytes: gib(8), bandwidth: gBps(309) };
    const busbw = busBandwidth('allreduce', 8, nvls.bytes, inSwitchAllReduce.time(nvls)) / 1e9;
    expect(Math.abs(busbw - 480) / 480).toBeLessThan(0.02);
  });
});

describe('inSwitchAllReduce.applies', () => {
  it('refuses a switch without reduction', () => {
    expect(inSwitchAllReduce.applies({ ...ctx, inSwitchReduction: false })).toMatch(/need a switch with reduction/);
  });
});

describe('inSwitchAllReduce.schedule', () => {
  it('sends each chunk up to the switch and back down: 2 n transfers per chunk', () => {
    const { transfers } = inSwitchAllReduce.schedule(ctx);
    // k = 40 chunks of W/k = (9/8 GiB) / 40 each way.
    expect(transfers).toHaveLength(40 * 16);
    expect(transfers[0]).toEqual({ src: { rank: 0 }, dst: { switchOfRank: 0 }, bytes: (S * 9) / 8 / 40, deps: [] });
    expect(transfers[8]).toEqual({ src: { switchOfRank: 0 }, dst: { rank: 0 }, bytes: (S * 9) / 8 / 40, deps: [0, 1, 2, 3, 4, 5, 6, 7] });
  });
});
