/** Direct all-to-all: every rank sends a distinct S/n piece to every other rank at once. */

import { defineCollectiveAlgorithm } from '../define.js';
import { directExchangeSchedule, directExchangeTime } from '../direct-exchange.js';

/**
 * S is the per-rank send buffer (n pieces of S/n, one per destination). All n(n-1) transfers start together,
 * bound by each rank's injection: t = alpha + (n-1)/n S/B (DESIGN 4.3; nccl-tests busbw = algbw (n-1)/n).
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: 2 us + 7 x 362.75 us = 2.5413 ms.
 */
export const directAllToAll = defineCollectiveAlgorithm({
  op: 'alltoall',
  name: 'direct',
  description: 'Direct all-to-all: every rank sends its S/n piece for each other rank in one step.',
  source: 'NCCL alltoall as grouped ncclSend/ncclRecv (NVIDIA/nccl-tests src/alltoall.cu); Thakur et al., IJHPCA 19(1), 2005 (pairwise exchange bound)',
  time: directExchangeTime,
  schedule: directExchangeSchedule,
});
