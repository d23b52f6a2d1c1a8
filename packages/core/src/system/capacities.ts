/** Total link capacity per direction of each fabric: what link media are powered and paid for by. */

import type { ScaleOutPlan } from './scale-out.js';
import type { System } from './system.js';

export interface FabricCapacities {
  /** Bytes/s per direction over all scale-up links (GPU-switch, and leaf-spine with 2 tiers). */
  readonly scaleUp: number;
  /** Bytes/s per direction over all scale-out links (NIC-leaf and switch-switch). */
  readonly scaleOut: number;
  /** The same over the DCN's own links in a 3-layer design (0 when converged or absent). */
  readonly dcn: number;
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
  const dcn = system.dcn && system.spec.dcn ? closCapacity(system.dcn, system.servers * system.spec.dcn.nicsPerServer * system.spec.dcn.nic.rate) : 0;
  return { scaleUp, scaleOut: out ? closCapacity(out, system.gpus * out.bandwidthPerGpu) : 0, dcn };
}

/** A Clos's links: its endpoints' NIC side plus every tier's uplinks. */
function closCapacity(plan: ScaleOutPlan, nicSide: number): number {
  const leafUp = plan.leavesPerPlane * plan.planes * plan.leafUplinks * plan.uplinkSpeed;
  const aggUp = plan.tiers === 3 ? plan.pods * plan.aggsPerPod * plan.planes * plan.aggUplinks * plan.uplinkSpeed : 0;
  return nicSide + leafUp + aggUp;
}
