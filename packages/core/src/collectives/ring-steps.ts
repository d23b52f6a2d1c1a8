/** Ring steps over a list of ranks: the building block of ring reduce-scatter, all-gather and all-reduce. */

import { rank, type ScheduleBuilder } from './schedule-builder.js';

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
