/** One two-level ring pass (reduce-scatter or all-gather): a ring inside each scale-up domain and a ring per rail across domains. */

import { hierarchyOf } from './context.js';
import { rankGroups } from './hierarchy.js';
import { ringSteps } from './ring-steps.js';
import { createScheduleBuilder, noDeps, range } from './schedule-builder.js';
import type { CollectiveContext, Schedule } from './types.js';

/**
 * With d ranks per domain and m domains, S the total (n = d m pieces of S/n): a reduce-scatter first reduces inside
 * each domain, d - 1 steps of S/d, leaving each rank the S/d its rail owns, then reduces that across the m domains
 * of its rail, m - 1 steps of S/(d m); an all-gather runs the same two rings in the other order. Only S/d per rank
 * crosses the scale-out, spread over every rail, which is what NCCL's rings reach by giving each NIC its own
 * channel: a flat ring pays the whole (n-1)/n S at one NIC's rate.
 * t = (d-1)(alpha_i + S/(d B_i)) + (m-1)(alpha_o + S/(d m B_o)).
 * Worked example: 8 domains of 4 ranks, S = 1 GiB, B_i = 370 GB/s, B_o = 48 GB/s, alpha_i = 2 us, alpha_o = 10 us:
 * 3 x (2 us + 725.5 us) + 7 x (10 us + 699.05 us) = 2.1825 ms + 4.9634 ms = 7.1459 ms.
 */
export function twoLevelPassTime(ctx: CollectiveContext): number {
  const h = hierarchyOf(ctx);
  const { d, m } = rankGroups(ctx);
  const s = ctx.bytes;
  return (d - 1) * (h.intraLatency + s / (d * h.intraBandwidth)) + (m - 1) * (h.interLatency + s / (d * m * h.interBandwidth));
}

/** The two rings in order: intra then inter (`reduce`), or inter then intra (gather). */
export function twoLevelPassSchedule(ctx: CollectiveContext, reduce: boolean): Schedule {
  const { d, m, domain, rail } = rankGroups(ctx);
  const builder = createScheduleBuilder();
  const s = ctx.bytes;
  const after = noDeps(ctx.ranks);
  const phase = (groups: number[][], bytesPerStep: number) => {
    for (const members of groups) {
      const into = ringSteps(
        builder,
        members,
        members.length - 1,
        bytesPerStep,
        members.map((r) => after[r] ?? []),
      );
      members.forEach((r, i) => {
        after[r] = into[i] ?? [];
      });
    }
  };
  const intra = () => phase(range(m).map(domain), s / d);
  const inter = () => phase(range(d).map(rail), s / (d * m));
  if (reduce) {
    intra();
    inter();
  } else {
    inter();
    intra();
  }
  return builder.build();
}
