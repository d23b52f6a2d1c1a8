/** Ring all-reduce: a reduce-scatter then an all-gather around one ring of all n ranks. */

import { defineCollectiveAlgorithm } from '../define.js';
import { ringSchedule, ringTime } from '../ring-channels.js';

/**
 * t = 2(n-1) alpha + 2 (n-1)/n S/B: 2(n-1) dependent steps, in each of which every rank sends S/n to its
 * successor (n - 1 steps reduce-scatter, n - 1 all-gather). Bandwidth-optimal: no point-to-point algorithm sends
 * less than 2(n-1)/n S per rank. Across scale-up domains NCCL runs one ring per rank of a domain: see ringTime.
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s (8xH100 app-level rate, cases.json coll-8xH100-ring-effective),
 * alpha = 2 us: 14 x (2 us + 1073741824 / (8 x 370e9) s = 362.75 us) = 5.1065 ms; busbw = 1.75 x S/t = 368 GB/s.
 */
export const ringAllReduce = defineCollectiveAlgorithm({
  op: 'allreduce',
  name: 'ring',
  description: 'Ring all-reduce: reduce-scatter then all-gather around one ring, 2(n-1) steps of S/n.',
  source: 'Patarasuk & Yuan, "Bandwidth optimal all-reduce algorithms for clusters of workstations", JPDC 69(2), 2009; NCCL ring (NVIDIA/nccl)',
  time: (ctx) => ringTime(ctx, 2 * (ctx.ranks - 1)),
  schedule: (ctx) => ringSchedule(ctx, 2 * (ctx.ranks - 1)),
});
