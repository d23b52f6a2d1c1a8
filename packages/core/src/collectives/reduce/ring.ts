/** Ring reduce: partial sums stream up the chain n-1 -> ... -> 1 -> 0 to the root in pipelined chunks. */

import { chainSchedule, chainTime } from '../chain.js';
import { defineCollectiveAlgorithm } from '../define.js';

/**
 * Broadcast run backwards: each rank adds its chunk to the one it receives and passes it on.
 * t = (k + n - 2)(alpha + S/(kB)), k chunks of S/k.
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: k = 64, t = 70 x 47.34 us = 3.3141 ms.
 */
export const ringReduce = defineCollectiveAlgorithm({
  op: 'reduce',
  name: 'ring',
  description: 'Ring reduce: partial sums stream along a chain of all ranks to the root in pipelined chunks.',
  source: 'NCCL ring reduce (NVIDIA/nccl src/device/reduce.h)',
  time: chainTime,
  schedule: (ctx) => chainSchedule(ctx, (i) => ctx.ranks - 1 - i, true),
});
