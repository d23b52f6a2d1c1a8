/** Ring broadcast: rank 0 streams the buffer down the chain 0 -> 1 -> ... -> n-1 in pipelined chunks. */

import { chainSchedule, chainTime } from '../chain.js';
import { defineCollectiveAlgorithm } from '../define.js';

/**
 * A chain of n-1 hops carrying k chunks of S/k: t = (k + n - 2)(alpha + S/(kB))
 * = S/B + (n-2) alpha + [k alpha + (n-2) S/(kB)]: DESIGN 4.3's S/B + (n-1) alpha plus the bracket, the cost of
 * paying alpha per chunk and of filling the chain, which is 2 sqrt((n-2) alpha S/B) at the best uncapped k.
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: k = min(64, sqrt(6 x 2.902 ms / 2 us) = 93) = 64,
 * t = 70 x (2 us + 45.34 us) = 3.3141 ms.
 */
export const ringBroadcast = defineCollectiveAlgorithm({
  op: 'broadcast',
  name: 'ring',
  description: 'Ring broadcast: the root streams S down a chain of all ranks in pipelined chunks.',
  source:
    'NCCL ring broadcast (NVIDIA/nccl src/device/broadcast.h); Traeff & Ripke, "Optimal broadcast for fully connected processor-node networks", JPDC 68(7), 2008 (pipelined chain)',
  time: chainTime,
  schedule: (ctx) => chainSchedule(ctx, (i) => i),
});
