/** Ring steps over a list of ranks: the building block of ring reduce-scatter, all-gather and all-reduce. */

import { ringSchedule, ringTime } from './ring-channels.js';
import { rank, type ScheduleBuilder } from './schedule-builder.js';
import type { CollectiveContext, Schedule } from './types.js';

/**
 * Adds `steps` pipelined ring steps over `members`: member i sends `bytes` per step to member i + 1 (mod m), once
 * `after[i]` is done. A ring streams: each edge carries one chunk per step at the pace of the slowest edge, so the
 * `steps` chunks of an edge are one transfer of steps x bytes that pays the step latency `steps` times (see
 * Transfer.steps). Returns, per member, what a following phase must wait for: the transfer into it.
 * Example: members [0, 1, 2], 4 steps of 1 MB -> 3 transfers of 4 MB, 4 steps each.
 */
export function ringSteps(
  builder: ScheduleBuilder,
  members: readonly number[],
  steps: number,
  bytes: number,
  after: readonly (readonly number[])[],
  latencyS?: number,
): number[][] {
  const m = members.length;
  if (steps === 0 || m < 2) return after.map((deps) => [...deps]);
  const into: number[][] = Array.from({ length: m }, () => []);
  members.forEach((src, i) => {
    const dst = members[(i + 1) % m] ?? src;
    into[(i + 1) % m] = [builder.add(rank(src), rank(dst), steps * bytes, after[i] ?? [], steps, latencyS)];
  });
  return into;
}

/** (n-1)(alpha + S/(nB)) in one domain: one ring pass (reduce-scatter or all-gather) over all n ranks; see ringTime. */
export function ringPassTime(ctx: CollectiveContext): number {
  return ringTime(ctx, ctx.ranks - 1);
}

/** n - 1 ring steps of S/n over ranks 0..n-1 (channel rings across domains). */
export function ringPassSchedule(ctx: CollectiveContext): Schedule {
  return ringSchedule(ctx, ctx.ranks - 1);
}
