import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import type { CollectiveContext } from '../types.js';
import { directAllToAll } from './direct.js';

const S = 2 ** 30;
const ctx: CollectiveContext = { op: 'alltoall', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('directAllToAll.time', () => {
  it('is alpha + (n-1)/n S/B, bound by per-rank injection', () => {
    // 2 us + 7/8 x 2.902 ms = 2.5413 ms
    expect(directAllToAll.time(ctx)).toBeCloseTo(2e-6 + (7 * S) / (8 * 370e9), 12);
    expect(directAllToAll.time(ctx)).toBeCloseTo(2.5413e-3, 7);
  });

  it('has busbw = B for large messages, the per-NIC rule of nccl-tests (cases.json coll-a2a-busbw-rules)', () => {
    // one GPU per node on NDR: B = 48 GB/s; at 8 GiB alpha vanishes and busbw = (n-1)/n S/t = B
    const nic = { ...ctx, bytes: gib(8), bandwidth: gBps(48), stepLatency: us(0) };
    expect(((7 / 8) * nic.bytes) / directAllToAll.time(nic) / 1e9).toBeCloseTo(48, 9);
  });
});
