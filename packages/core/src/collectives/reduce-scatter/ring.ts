/** Ring reduce-scatter: n - 1 steps in which every rank adds one S/n piece to its partial sum and forwards it. */

import { defineCollectiveAlgorithm } from '../define.js';
import { ringPassSchedule, ringPassTime } from '../ring-channels.js';

/**
 * S is the total input per rank (n pieces of S/n; each rank ends with one reduced piece).
 * t = (n-1)(alpha + S/(nB)), the first half of ring all-reduce.
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: 7 x (2 us + 362.75 us) = 2.5533 ms.
 */
export const ringReduceScatter = defineCollectiveAlgorithm({
  op: 'reducescatter',
  name: 'ring',
  description: 'Ring reduce-scatter: n-1 steps, each rank reducing one S/n piece into the partial sum it forwards.',
  source: 'Thakur, Rabenseifner & Gropp, "Optimization of collective communication operations in MPICH", IJHPCA 19(1), 2005; NCCL ring',
  time: ringPassTime,
  schedule: ringPassSchedule,
});
