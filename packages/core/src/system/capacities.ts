/** Total link capacity per direction of each fabric: what link media are powered and paid for by. */

import type { System } from './system.js';

export interface FabricCapacities {
  /** Bytes/s per direction over all scale-up links (GPU-switch, and leaf-spine with 2 tiers). */
  readonly scaleUp: number;
  /** Bytes/s per direction over all scale-out links (NIC-leaf and switch-switch). */
  readonly scaleOut: number;
}

/**
 * Example (AL128): 128 GPUs x 35 lanes x 25 GB/s = 112 TB/s of scale-up links per direction.
 */
export function fabricCapacities(system: System): FabricCapacities {
  const up = system.scaleUp;
  const laneRate = system.spec.scaleUp.switch.laneRate;
  const gpuSide = system.gpus * up.lanesPerGpu * laneRate;
  const scaleUp = up.tiers === 2 ? gpuSide * 2 : gpuSide;
  const out = system.scaleOut;
  if (!out) return { scaleUp, scaleOut: 0 };
  const nicSide = system.gpus * out.bandwidthPerGpu;
  const leafUp = out.leavesPerPlane * out.planes * out.leafUplinks * out.uplinkSpeed;
  const aggUp = out.tiers === 3 ? out.pods * out.aggsPerPod * out.planes * out.aggUplinks * out.uplinkSpeed : 0;
  return { scaleUp, scaleOut: nicSide + leafUp + aggUp };
}
