/** The fabric parts of `describe`'s report: switch tiers, what a GPU reaches and how fast, and the scale-out transport as collectives price it. */

import type { ScaleOutPlan } from '../system/scale-out.js';
import type { System } from '../system/system.js';
import {
  TRANSPORT_LINE_RATE_SHARE,
  TRANSPORT_MESSAGE_HALF_BYTES,
  TRANSPORT_MESSAGE_OVERHEAD_S,
  TRANSPORT_TREE_MESSAGE_S,
  type Transport,
} from '../system/transports.js';
import type { PairStats } from '../topology/pair-stats.js';

export interface SwitchTierReport {
  readonly name: string;
  readonly count: number;
  /** Switches charged for power and cost (partly used switches by their share of lanes). */
  readonly charged: number;
  readonly portsUsed: number;
  readonly radix: number;
  readonly lanesUsed: number;
  readonly lanesAvailable: number;
}

export interface ReachReport {
  readonly switchHopsMin: number;
  readonly switchHopsMax: number;
  readonly latencyNsMin: number;
  readonly latencyNsMax: number;
}

export function closTiers(plan: ScaleOutPlan): SwitchTierReport[] {
  return plan.switchTiers.map((t) => ({
    name: t.name,
    count: t.count,
    charged: t.chargedSwitches,
    portsUsed: t.portsUsedMax,
    radix: t.radix,
    lanesUsed: t.lanesUsedMax,
    lanesAvailable: t.lanesAvailable,
  }));
}

export function scaleUpTiers(system: System): SwitchTierReport[] {
  const up = system.scaleUp;
  const chip = system.spec.scaleUp.switch;
  const planes = up.planes * system.domains;
  const leafName = up.tiers === 2 ? 'leaf' : 'single-stage';
  const tiers: SwitchTierReport[] = [
    {
      name: leafName,
      count: up.leavesPerPlane * planes,
      charged: up.leavesPerPlane * planes,
      portsUsed: up.lanesUsedMax,
      radix: chip.lanes,
      lanesUsed: up.lanesUsedMax,
      lanesAvailable: chip.lanes,
    },
  ];
  if (up.tiers === 2) {
    const used = Math.ceil((system.spec.scaleUp.domainSize * (up.lanesPerGpuByPlane[0] ?? 0)) / up.spinesPerPlane);
    tiers.push({
      name: 'spine',
      count: up.spinesPerPlane * planes,
      charged: up.spinesPerPlane * planes,
      portsUsed: used,
      radix: chip.lanes,
      lanesUsed: used,
      lanesAvailable: chip.lanes,
    });
  }
  return tiers;
}

export function reach(p: PairStats): ReachReport {
  return { switchHopsMin: p.switchHopsMin, switchHopsMax: p.switchHopsMax, latencyNsMin: p.latencyMinS * 1e9, latencyNsMax: p.latencyMaxS * 1e9 };
}

/** A scale-out transport as the collectives price it (system/transports.ts). */
export interface TransportReport {
  readonly name: Transport;
  /** Share of the line rate at large messages. */
  readonly lineRateShare: number;
  /** Bytes a rank a ring step at which the rate is half its large-message share (0: no ramp in bytes). */
  readonly halfRateStepBytes: number;
  /** The host's time a message, microseconds (0 where the NIC moves messages without the host). */
  readonly messageOverheadUs: number;
  /** What each chunk message of a tree waits at a network stage, microseconds. */
  readonly treeMessageUs: number;
}

export function transportReport(transport: Transport): TransportReport {
  return {
    name: transport,
    lineRateShare: TRANSPORT_LINE_RATE_SHARE[transport],
    halfRateStepBytes: TRANSPORT_MESSAGE_HALF_BYTES[transport],
    messageOverheadUs: TRANSPORT_MESSAGE_OVERHEAD_S[transport] * 1e6,
    treeMessageUs: TRANSPORT_TREE_MESSAGE_S[transport] * 1e6,
  };
}
