/** Scale-up fabric planning: lanes per GPU, switch planes, switch counts and radix use for single-stage and leaf-spine domains. */

import { ConfigError } from '../base/errors.js';
import { formatByteRate } from '../units/format.js';
import type { BytesPerSecond } from '../units/units.js';
import { LIMITS } from './limits.js';
import type { ResolvedScaleUp } from './resolve.js';

export interface ScaleUpPlan {
  readonly tiers: 1 | 2;
  readonly planes: number;
  /** Switch lanes each GPU has into plane p (planes differ by at most one lane). */
  readonly lanesPerGpuByPlane: readonly number[];
  readonly lanesPerGpu: number;
  /** Provisioned bandwidth per GPU per direction: lanes x lane rate. */
  readonly provisionedPerGpu: BytesPerSecond;
  readonly leavesPerPlane: number;
  readonly spinesPerPlane: number;
  readonly switchesPerDomain: number;
  /** Busiest switch: lanes used and lanes the chip has. */
  readonly lanesUsedMax: number;
  readonly lanesAvailable: number;
  /** Switches crossed between two GPUs of one domain: fewest and most. */
  readonly switchHopsMin: number;
  readonly switchHopsMax: number;
  readonly warnings: readonly string[];
}

const EPS = 1e-9;

/**
 * Plans the switches of one scale-up domain.
 * Worked example (AL128): 875 GB/s per GPU per direction over 200 Gb/s (25 GB/s) lanes = 35 lanes;
 * a 102.4T chip has 512 lanes, so a single-stage plane of 128 GPUs gives each GPU at most 4 lanes;
 * 35 / 4 -> 9 planes (eight with 4 lanes, one with 3), 9 switches, busiest switch 512 of 512 lanes.
 */
export function planScaleUp(up: ResolvedScaleUp): ScaleUpPlan {
  const chip = up.switch;
  const lanesPerGpu = Math.ceil(up.bandwidthPerGpu / chip.laneRate - EPS);
  const warnings: string[] = [];
  const provisioned = (lanesPerGpu * chip.laneRate) as BytesPerSecond;
  if (provisioned > up.bandwidthPerGpu * (1 + EPS)) {
    warnings.push(
      `scale-up: ${formatByteRate(up.bandwidthPerGpu)} per GPU is not a whole number of ${formatByteRate(chip.laneRate)} lanes; provisioned ${lanesPerGpu} lanes = ${formatByteRate(provisioned)}`,
    );
  }
  const leafGpus = up.tiers === 2 ? up.leafGpus : up.domainSize;
  if (up.domainSize % leafGpus !== 0) {
    throw new ConfigError(['scaleUp', 'leafGpus'], `${leafGpus} does not divide the domain of ${up.domainSize} GPUs`);
  }
  // A single-stage switch connects every GPU of the domain; a leaf spends as many lanes up as down.
  const lanesPerGpuPerChipMax = Math.floor(chip.lanes / (up.tiers === 2 ? 2 * leafGpus : up.domainSize));
  if (lanesPerGpuPerChipMax < 1) {
    const need = up.tiers === 2 ? 2 * leafGpus : up.domainSize;
    throw new ConfigError(
      ['scaleUp', up.tiers === 2 ? 'leafGpus' : 'domainSize'],
      up.tiers === 2
        ? `a leaf of ${leafGpus} GPUs needs ${need} lanes (half down, half up); switch '${chip.id}' has ${chip.lanes}: short by ${need - chip.lanes}`
        : `a single-stage domain of ${up.domainSize} GPUs needs a switch with at least ${need} lanes; '${chip.id}' has ${chip.lanes}: short by ${need - chip.lanes}. Use tiers: 2, a smaller domain or a larger switch`,
    );
  }
  const minPlanes = Math.ceil(lanesPerGpu / lanesPerGpuPerChipMax);
  if (up.planes === 'auto' && minPlanes > LIMITS.planes) {
    throw new ConfigError(
      ['scaleUp', 'bandwidthPerGpu'],
      `${formatByteRate(up.bandwidthPerGpu)} per GPU is ${lanesPerGpu} lanes of '${chip.id}', ${minPlanes} switch planes of at most ${lanesPerGpuPerChipMax} lanes a GPU; expected at most ${LIMITS.planes} planes: less bandwidth per GPU or a switch with more lanes`,
    );
  }
  const planes = up.planes === 'auto' ? minPlanes : up.planes;
  if (planes > lanesPerGpu) {
    throw new ConfigError(['scaleUp', 'planes'], `${planes} planes but each GPU has only ${lanesPerGpu} lanes; expected at most ${lanesPerGpu}`);
  }
  if (planes < minPlanes) {
    const perPlane = Math.ceil(lanesPerGpu / planes);
    const used = perPlane * (up.tiers === 2 ? 2 * leafGpus : up.domainSize);
    throw new ConfigError(
      ['scaleUp', 'planes'],
      `${planes} planes put ${perPlane} lanes per GPU on each switch: ${used} lanes, and '${chip.id}' has ${chip.lanes}: short by ${used - chip.lanes}; expected at least ${minPlanes} planes`,
    );
  }
  const lanesPerGpuByPlane = splitEvenly(lanesPerGpu, planes);
  const maxLanes = lanesPerGpuByPlane[0] ?? 0;
  const leavesPerPlane = up.domainSize / leafGpus;
  let spinesPerPlane = 0;
  if (up.tiers === 2) {
    spinesPerPlane = Math.ceil((up.domainSize * maxLanes) / chip.lanes);
    if (spinesPerPlane > leafGpus * maxLanes) {
      throw new ConfigError(
        ['scaleUp', 'leafGpus'],
        `each leaf has ${leafGpus * maxLanes} uplinks but ${spinesPerPlane} spines must be reached; use larger leaves`,
      );
    }
  }
  const lanesUsedMax = up.tiers === 2 ? 2 * leafGpus * maxLanes : up.domainSize * maxLanes;
  return {
    tiers: up.tiers,
    planes,
    lanesPerGpuByPlane,
    lanesPerGpu,
    provisionedPerGpu: provisioned,
    leavesPerPlane: up.tiers === 2 ? leavesPerPlane : 1,
    spinesPerPlane,
    switchesPerDomain: planes * (up.tiers === 2 ? leavesPerPlane + spinesPerPlane : 1),
    lanesUsedMax,
    lanesAvailable: chip.lanes,
    switchHopsMin: 1,
    switchHopsMax: up.tiers === 2 && leavesPerPlane > 1 ? 3 : 1,
    warnings,
  };
}

/** Splits `total` into `parts` whole numbers that differ by at most one, larger first: 18 into 4 -> 5,5,4,4. */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}
