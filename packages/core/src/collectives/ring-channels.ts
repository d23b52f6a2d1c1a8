/** NCCL's rings across scale-up domains (one channel per rank of a domain, each leaving every domain on its own NIC) and the ring pass built on them. */

import { ringSteps } from './ring-steps.js';
import { createScheduleBuilder, noDeps, range } from './schedule-builder.js';
import type { CollectiveContext, CollectiveHierarchy, Schedule } from './types.js';

/** The hierarchy of a context whose ranks span two or more domains, else undefined (a flat ring prices it). */
export function spanning(ctx: CollectiveContext): CollectiveHierarchy | undefined {
  const h = ctx.hierarchy;
  return h && h.domains > 1 ? h : undefined;
}

/** Latency of `steps` ring steps across domains: a chunk's way round crosses m domain boundaries per n hops. */
function ringLatency(h: CollectiveHierarchy, n: number, steps: number): number {
  const crossing = (steps * h.domains) / n;
  return (steps - crossing) * h.intraLatency + crossing * h.interLatency;
}

/**
 * Seconds of `steps` ring steps of S/n per rank. In one domain, or for groups without an even hierarchy: one ring,
 * steps x (alpha + S/(nB)). Across m domains of d ranks NCCL runs d rings (channels) of S/d each, ordered so that
 * channel c enters every domain at its rank c and leaves it from its rank c - 1: each GPU forwards d - 1 channels
 * over its scale-up link and one over its NIC, so the NICs of a domain share the crossing traffic instead of one
 * NIC carrying it all (NVIDIA/nccl src/graph/search.cc; nccl-tests issues 119 and 160: busbw ~ NICs x 24 GB/s on
 * HDR). Chunks stream round the ring, so the latency is that of a chunk's way round, as NCCL's tuner prices it
 * (src/graph/tuning.cc: (nsteps - nInterSteps) x intraLat + nInterSteps x interLat):
 * t = (steps - steps m/n) alpha_i + (steps m/n) alpha_o + max(steps (d-1) S/(n d B_i), steps S/(n d B_o)).
 * Worked example (all-gather, 4 domains of 8, S = 1 GiB, B_i = 370 GB/s, B_o = 48 GB/s, alpha_i = 2 us,
 * alpha_o = 10 us): 27.125 x 2 us + 3.875 x 10 us + max(31 x 7 x 4.194 MB / 370 GB/s, 31 x 4.194 MB / 48 GB/s)
 * = 92.9 us + 2.709 ms = 2.80 ms, against 31 x (10 us + 699 us) = 21.98 ms for one ring held to one NIC.
 */
export function ringTime(ctx: CollectiveContext, steps: number): number {
  const { ranks: n, bytes: s } = ctx;
  const h = spanning(ctx);
  if (!h) return steps * (ctx.stepLatency + s / (n * ctx.bandwidth));
  const d = h.domainSize;
  const intra = d > 1 ? (steps * (d - 1) * s) / (n * d * h.intraBandwidth) : 0;
  return ringLatency(h, n, steps) + Math.max(intra, (steps * s) / (n * d * h.interBandwidth));
}

/** Channel c's ring across domains: every domain entered at its rank c and left from its rank c - 1. */
export function channelRing(h: CollectiveHierarchy, c: number): number[] {
  const d = h.domainSize;
  return range(h.domains).flatMap((g) => range(d).map((i) => g * d + ((c + i) % d)));
}

/** The transfers of `ringTime`: one ring over all ranks, or d channel rings of S/d each across domains. */
export function ringSchedule(ctx: CollectiveContext, steps: number): Schedule {
  const { ranks: n, bytes: s } = ctx;
  const builder = createScheduleBuilder();
  const h = spanning(ctx);
  if (!h) {
    ringSteps(builder, range(n), steps, s / n, noDeps(n));
    return builder.build();
  }
  const d = h.domainSize;
  const latency = ringLatency(h, n, steps);
  for (let c = 0; c < d; c++) ringSteps(builder, channelRing(h, c), steps, s / (n * d), noDeps(n), latency);
  return builder.build();
}

/** (n-1)(alpha + S/(nB)) in one domain: one ring pass (reduce-scatter or all-gather) over all n ranks; see ringTime. */
export function ringPassTime(ctx: CollectiveContext): number {
  return ringTime(ctx, ctx.ranks - 1);
}

/** n - 1 ring steps of S/n over ranks 0..n-1 (channel rings across domains). */
export function ringPassSchedule(ctx: CollectiveContext): Schedule {
  return ringSchedule(ctx, ctx.ranks - 1);
}
