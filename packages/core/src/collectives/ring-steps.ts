/** Ring steps over a list of ranks: the building block of ring reduce-scatter, all-gather and all-reduce. */

import { createScheduleBuilder, noDeps, range, rank, type ScheduleBuilder } from './schedule-builder.js';
import type { CollectiveContext, Schedule } from './types.js';

/**
 * Adds `steps` ring steps over `members`: in each step member i sends `bytes` to member i + 1 (mod m), after the
 * previous step's transfer into member i (or after `after[i]` in the first step). Returns, per member, what a
 * following phase must wait for: the last transfer into it. Example: members [0, 1, 2], 2 steps -> 6 transfers.
 */
export function ringSteps(
  builder: ScheduleBuilder,
  members: readonly number[],
  steps: number,
  bytes: number,
  after: readonly (readonly number[])[],
): number[][] {
  const m = members.length;
  let into = after.map((deps) => [...deps]);
  for (let step = 0; step < steps; step++) {
    const next: number[][] = Array.from({ length: m }, () => []);
    members.forEach((src, i) => {
      const dst = members[(i + 1) % m] ?? src;
      next[(i + 1) % m] = [builder.add(rank(src), rank(dst), bytes, into[i] ?? [])];
    });
    into = next;
  }
  return into;
}

/** (n-1)(alpha + S/(nB)): one ring pass (reduce-scatter or all-gather) over all n ranks. */
export function ringPassTime({ ranks: n, bytes: s, bandwidth: b, stepLatency: alpha }: CollectiveContext): number {
  return (n - 1) * (alpha + s / (n * b));
}

/** n - 1 ring steps of S/n over ranks 0..n-1. */
export function ringPassSchedule({ ranks: n, bytes: s }: CollectiveContext): Schedule {
  const builder = createScheduleBuilder();
  ringSteps(builder, range(n), n - 1, s / n, noDeps(n));
  return builder.build();
}
