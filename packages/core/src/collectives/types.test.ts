import { describe, expect, it } from 'vitest';
import { gib, ms } from '../units/units.js';
import { busBandwidth, busBandwidthFactor, COLLECTIVE_OPS } from './types.js';

describe('busBandwidthFactor', () => {
  it('follows nccl-tests doc/PERFORMANCE.md on 8 ranks', () => {
    // all-reduce 2(n-1)/n = 1.75; all-gather, reduce-scatter, all-to-all (n-1)/n = 0.875; the rest 1
    const factors = Object.fromEntries(COLLECTIVE_OPS.map((op) => [op, busBandwidthFactor(op, 8)]));
    expect(factors).toEqual({ allreduce: 1.75, allgather: 0.875, reducescatter: 0.875, alltoall: 0.875, broadcast: 1, reduce: 1, sendrecv: 1 });
  });
  it('is 1 for all-reduce on 2 ranks and tends to 2 on many', () => {
    expect(busBandwidthFactor('allreduce', 2)).toBe(1);
    expect(busBandwidthFactor('allreduce', 1024)).toBeCloseTo(2 - 2 / 1024, 15);
  });
});

describe('busBandwidth', () => {
  it('is algbw x factor: 1 GiB all-reduce on 8 ranks in 5 ms reads 375.8 GB/s', () => {
    // algbw = 1073741824 / 5 ms = 214.75 GB/s; x 1.75 = 375.8 GB/s
    expect(busBandwidth('allreduce', 8, gib(1), ms(5)) / 1e9).toBeCloseTo(375.8, 1);
  });
});
