/** Halving-doubling exchange steps over a list of members: the building block of flat and hierarchical halving-doubling. */

import { noDeps, rank, type ScheduleBuilder } from './schedule-builder.js';

export const isPowerOfTwo = (n: number) => n >= 1 && Number.isInteger(Math.log2(n));

/**
 * Recursive halving (reduce-scatter) then recursive doubling (all-gather) of `bytes` over `members` (a power of two
 * in count): at distance d member i swaps d/m x bytes with member i XOR d. Example: 4 members, 1 MB -> halving at
 * distances 2, 1 (500 kB, 250 kB), doubling at 1, 2 (250 kB, 500 kB): 2 log2 4 = 4 steps, 16 transfers.
 * `after[i]` are what member i must wait for first; returns what a following phase must wait for. `firstLatencyS`
 * replaces the first step's path latency (see Transfer.latencyS).
 */
export function halvingDoublingSteps(
  builder: ScheduleBuilder,
  members: readonly number[],
  bytes: number,
  after: readonly (readonly number[])[],
  firstLatencyS?: number,
): number[][] {
  const m = members.length;
  const distances: number[] = [];
  for (let d = m / 2; d >= 1; d /= 2) distances.push(d);
  let into = after.map((deps) => [...deps]);
  let first = true;
  for (const d of [...distances, ...[...distances].reverse()]) {
    const next: number[][] = noDeps(m);
    const latency = first ? firstLatencyS : undefined;
    for (let i = 0; i < m; i++) {
      const partner = i ^ d;
      next[partner] = [builder.add(rank(members[i] as number), rank(members[partner] as number), (d / m) * bytes, into[i] ?? [], 1, latency)];
    }
    into = next;
    first = false;
  }
  return into;
}
