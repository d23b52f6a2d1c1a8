/** In-switch all-gather (NVLS multicast): each rank sends its piece to the switch once and the switch copies it to every other rank. */

import { defineCollectiveAlgorithm } from '../define.js';
import { inSwitchProblem } from '../in-switch.js';
import { createScheduleBuilder, range, rank, switchOf } from '../schedule-builder.js';

/**
 * Each rank sends S/n up once (instead of n-1 times), then receives the n-1 other pieces from the switch:
 * t = alpha + S/(nB) + alpha + (n-1)/n S/B = 2 alpha + S/B. The receive side, (n-1)/n S/B, is the same as ring's,
 * so multicast saves send bandwidth but no time: NVLS gives no bandwidth gain for all-gather, and on 8 ranks this
 * form's busbw is 7/8 of ring's, as cases.json coll-8xH100-ag-nvls-vs-ring measures (300 against 350 GB/s).
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: 4 us + 2.902 ms = 2.9060 ms.
 */
export const inSwitchAllGather = defineCollectiveAlgorithm({
  op: 'allgather',
  name: 'in-switch',
  family: 'in-switch',
  description: 'In-switch all-gather (NVLS multicast): each rank sends S/n to the switch once; the switch delivers it to all others.',
  source: 'NVIDIA NVLink SHARP multicast (NCCL NVLS all-gather); NVIDIA/nccl issue 1506 (no bandwidth gain for all-gather)',
  applies: inSwitchProblem,
  time: ({ bytes: s, bandwidth: b, stepLatency: alpha }) => 2 * alpha + s / b,
  schedule({ ranks: n, bytes: s }) {
    const builder = createScheduleBuilder();
    const ups = range(n).map((r) => builder.add(rank(r), switchOf(r), s / n));
    ups.forEach((up, src) => {
      for (const dst of range(n)) if (dst !== src) builder.add(switchOf(dst), rank(dst), s / n, [up]);
    });
    return builder.build();
  },
});
