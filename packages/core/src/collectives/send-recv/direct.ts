/** Send-receive: every rank sends its buffer to its successor and receives its predecessor's, all at once. */

import { defineCollectiveAlgorithm } from '../define.js';
import { createScheduleBuilder, range, rank } from '../schedule-builder.js';

/**
 * nccl-tests sendrecv: rank r sends S to r+1 (mod n) and receives S from r-1; one transfer per rank per
 * direction, so t = alpha + S/B and busbw = algbw.
 * Worked example: S = 1 GiB, B = 370 GB/s, alpha = 2 us: 2 us + 2.902 ms = 2.9040 ms.
 */
export const directSendRecv = defineCollectiveAlgorithm({
  op: 'sendrecv',
  name: 'direct',
  description: 'Send-receive: each rank sends S to its successor and receives S from its predecessor in one step.',
  source: 'NVIDIA/nccl-tests src/sendrecv.cu and doc/PERFORMANCE.md (busbw factor 1)',
  time: ({ bytes: s, bandwidth: b, stepLatency: alpha }) => alpha + s / b,
  schedule({ ranks: n, bytes: s }) {
    const builder = createScheduleBuilder();
    for (const r of range(n)) builder.add(rank(r), rank((r + 1) % n), s);
    return builder.build();
  },
});
