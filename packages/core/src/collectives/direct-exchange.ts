/** The one-step exchange direct algorithms share: every rank sends S/n to every other rank at once. */

import { createScheduleBuilder, range, rank } from './schedule-builder.js';
import type { CollectiveContext, Schedule } from './types.js';

/**
 * alpha + (n-1)/n S/B: each rank's egress and ingress carry n-1 concurrent pieces of S/n. Across domains the
 * d-1 pieces for its own domain ride scale-up while the n-d others ride scale-out, at the same time:
 * t = alpha + max((d-1) S/(n B_up), (n-d) S/(n B_out)). Example: 16 ranks on 2 domains of 8, S = 1 GB,
 * 154 GB/s up, 48 GB/s out: max(7/16 GB / 154, 8/16 GB / 48) = 10.4 ms, the scale-out half.
 */
export function directExchangeTime({ ranks: n, bytes: s, bandwidth: b, stepLatency: alpha, hierarchy: h }: CollectiveContext): number {
  if (!h) return alpha + ((n - 1) * s) / (n * b);
  const d = h.domainSize;
  return h.interLatency + Math.max(((d - 1) * s) / (n * h.intraBandwidth), ((n - d) * s) / (n * h.interBandwidth));
}

/** n(n-1) independent transfers of S/n, source-major. */
export function directExchangeSchedule({ ranks: n, bytes: s }: CollectiveContext): Schedule {
  const builder = createScheduleBuilder();
  for (const src of range(n)) for (const dst of range(n)) if (dst !== src) builder.add(rank(src), rank(dst), s / n);
  return builder.build();
}
