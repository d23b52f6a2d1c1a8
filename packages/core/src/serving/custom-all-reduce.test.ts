import { describe, expect, it } from 'vitest';
import { CUSTOM_ALL_REDUCE, customAllReduceS } from './custom-all-reduce.js';

describe('customAllReduceS', () => {
  it('runs small buffers one-shot: the latency plus (n - 1) S of peer reads', () => {
    const c = CUSTOM_ALL_REDUCE.hopper[8];
    expect(customAllReduceS(8, 64 * 1024, 'h100-sxm')).toBeCloseTo(c.oneShotLatencyS + (7 * 64 * 1024) / c.bytesPerS, 15);
  });

  it('runs large buffers two-shot, 2 (n - 1)/n S in two steps, where that is faster', () => {
    const c = CUSTOM_ALL_REDUCE.hopper[8];
    const s = 16 * 2 ** 20;
    expect(customAllReduceS(8, s, 'h100-sxm')).toBeCloseTo(c.twoShotLatencyS + (2 * 7 * s) / 8 / c.bytesPerS, 15);
  });

  it('leaves group sizes the tables do not cover to NCCL', () => {
    expect(customAllReduceS(16, 1024, 'h100-sxm')).toBeUndefined();
    expect(customAllReduceS(3, 1024, 'h100-sxm')).toBeUndefined();
    expect(customAllReduceS(8, 1024, 'a100-80g')).toBeUndefined();
  });
});
