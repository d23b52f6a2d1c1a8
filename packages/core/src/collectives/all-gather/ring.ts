/** Ring all-gather: n - 1 steps in which every rank forwards one S/n piece to its successor. */

import { defineCollectiveAlgorithm } from '../define.js';
import { ringPassSchedule, ringPassTime } from '../ring-channels.js';

/**
 * S is the gathered total (n pieces of S/n). t = (n-1)(alpha + S/(nB)) = (n-1) alpha + (n-1)/n S/B.
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: 7 x (2 us + 362.75 us) = 2.5533 ms; busbw = 7/8 S/t
 * = 368 GB/s, the 370 of cases.json coll-8xH100-ring-effective once B is set to it.
 */
export const ringAllGather = defineCollectiveAlgorithm({
  op: 'allgather',
  name: 'ring',
  description: 'Ring all-gather: n-1 steps, each rank forwarding one S/n piece to its successor.',
  source: 'Thakur, Rabenseifner & Gropp, "Optimization of collective communication operations in MPICH", IJHPCA 19(1), 2005; NCCL ring',
  time: ringPassTime,
  schedule: ringPassSchedule,
});
