/** Halving-doubling all-reduce (Rabenseifner): recursive-halving reduce-scatter, then recursive-doubling all-gather. */

import { defineCollectiveAlgorithm } from '../define.js';
import { halvingDoublingSteps, isPowerOfTwo } from '../halving-doubling-steps.js';
import { createScheduleBuilder, noDeps, range } from '../schedule-builder.js';

/**
 * t = 2 log2(n) alpha + 2 (n-1)/n S/B. Reduce-scatter: in step i = 1..log2 n each rank swaps S/2^i with the rank
 * n/2^i away, keeping the half it owns; all-gather retraces the steps with doubling sizes. Needs n a power of two.
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: 6 x 2 us + 1.75 x 2.902 ms = 5.0905 ms, 16 us
 * under ring for the same bytes because it takes 6 steps instead of 14.
 */
export const halvingDoublingAllReduce = defineCollectiveAlgorithm({
  op: 'allreduce',
  name: 'halving-doubling',
  description: 'Halving-doubling all-reduce: recursive-halving reduce-scatter and recursive-doubling all-gather, 2 log2(n) steps.',
  source:
    'Rabenseifner, "Optimization of collective reduction operations", ICCS 2004; Thakur, Rabenseifner & Gropp, "Optimization of collective communication operations in MPICH", IJHPCA 19(1), 2005',
  applies: ({ ranks: n }) => (isPowerOfTwo(n) ? undefined : `halving-doubling needs a power-of-two number of ranks, got ${n}`),
  automatic: false,
  time: ({ ranks: n, bytes: s, bandwidth: b, stepLatency: alpha }) => 2 * Math.log2(n) * alpha + (2 * (n - 1) * s) / (n * b),
  schedule(ctx) {
    const builder = createScheduleBuilder();
    halvingDoublingSteps(builder, range(ctx.ranks), ctx.bytes, noDeps(ctx.ranks));
    return builder.build();
  },
});
