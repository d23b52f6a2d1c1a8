/** In-switch reduce-scatter (NVLS): every rank sends its contributions to the switch, which returns piece p, summed, to rank p. */

import { defineCollectiveAlgorithm } from '../define.js';
import { inSwitchProblem } from '../in-switch.js';
import { createScheduleBuilder, range, rank, switchOf } from '../schedule-builder.js';
import { reductionBandwidth } from '../types.js';

/**
 * The mirror of in-switch all-gather: each rank sends its n-1 pieces for others, (n-1)/n S, up in one transfer;
 * when all have arrived the switch sends each rank its reduced S/n (the rank adds its own piece itself).
 * t = alpha + (n-1)/n S/B + alpha + S/(nB) = 2 alpha + S/B, B the reduction rate (the switch reduces on the way):
 * no bandwidth gain over ring, as NVIDIA says for NVLS
 * reduce-scatter (NVIDIA/nccl issue 1506).
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: 4 us + 2.902 ms = 2.9060 ms.
 */
export const inSwitchReduceScatter = defineCollectiveAlgorithm({
  op: 'reducescatter',
  name: 'in-switch',
  family: 'in-switch',
  description: 'In-switch reduce-scatter (NVLS): ranks send their contributions to the switch, which returns each rank its reduced piece.',
  source: 'NVIDIA NVLink SHARP (NCCL NVLS reduce-scatter); NVIDIA/nccl issue 1506 (no bandwidth gain for reduce-scatter)',
  applies: inSwitchProblem,
  time: (ctx) => 2 * ctx.stepLatency + ctx.bytes / reductionBandwidth(ctx, ctx.bytes),
  schedule(ctx) {
    const { ranks: n, bytes: s } = ctx;
    const slow = ctx.bandwidth / reductionBandwidth(ctx, s);
    const builder = createScheduleBuilder();
    const ups = range(n).map((r) => builder.add(rank(r), switchOf(r), (((n - 1) * s) / n) * slow));
    for (const r of range(n)) builder.add(switchOf(r), rank(r), (s / n) * slow, ups);
    return builder.build();
  },
});
