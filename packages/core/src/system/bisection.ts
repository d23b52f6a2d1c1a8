/** Bisection bandwidth: the capacity per direction across the worst cut of the GPUs into two equal halves. */

import type { BytesPerSecond } from '../units/units.js';
import type { System } from './system.js';

/**
 * One domain: a non-blocking scale-up fabric carries half the GPUs' bandwidth across any cut,
 * (n/2) x B_up. Several domains: the worst cut follows domain boundaries, so only scale-out crosses it:
 * (n/2) x B_out / oversubscription of every tier the cut crosses (leaf, and aggregation when pods > 1).
 * Example: 1,024 H100 at 400 Gbit/s, 1:1 -> 512 x 50 GB/s = 25.6 TB/s.
 */
export function bisectionBandwidth(system: System): BytesPerSecond {
  const half = system.gpus / 2;
  if (system.domains === 1) return (half * system.scaleUp.provisionedPerGpu) as BytesPerSecond;
  const out = system.scaleOut;
  const spec = system.spec.scaleOut;
  if (!out || !spec) return 0 as BytesPerSecond;
  const upper = out.tiers === 3 && out.pods > 1 ? spec.upperOversubscription : 1;
  return ((half * out.bandwidthPerGpu) / (spec.oversubscription * upper)) as BytesPerSecond;
}
