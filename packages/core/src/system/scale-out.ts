/** Scale-out network planning: rail-optimized, multi-plane 2- or 3-tier Clos with oversubscription, and its radix checks. */

import { ConfigError } from '../base/errors.js';
import { formatBitRate } from '../units/format.js';
import type { BytesPerSecond } from '../units/units.js';
import type { ResolvedDcn, ResolvedScaleOut } from './resolve.js';

export interface SwitchTier {
  readonly name: 'leaf' | 'spine' | 'aggregation' | 'core';
  /** Switches in this tier, all planes together. */
  readonly count: number;
  readonly portsUsedMax: number;
  /** Ports the chip offers at this tier's port speed. */
  readonly radix: number;
  readonly lanesUsedMax: number;
  readonly lanesAvailable: number;
  /**
   * Switches charged for power and cost: a switch whose ports are only partly used is charged by its share of
   * lanes (the rest serves other systems on the same fabric), so one 8-GPU server is not billed 9 whole switches.
   */
  readonly chargedSwitches: number;
}

export interface ScaleOutPlan {
  readonly tiers: 2 | 3;
  readonly planes: number;
  readonly portSpeed: BytesPerSecond;
  readonly uplinkSpeed: BytesPerSecond;
  /** NIC ports of one GPU into one plane. */
  readonly portsPerGpuPerPlane: number;
  readonly railsPerServer: number;
  /** Down ports a leaf offers, and the uplinks each leaf uses. */
  readonly leafDownPorts: number;
  readonly leafUplinks: number;
  readonly leavesPerPlane: number;
  readonly spinesPerPlane: number;
  readonly leavesPerPod: number;
  readonly pods: number;
  readonly aggsPerPod: number;
  readonly aggUplinks: number;
  readonly coresPerGroup: number;
  readonly bandwidthPerGpu: BytesPerSecond;
  readonly switchTiers: readonly SwitchTier[];
}

/**
 * Plans one scale-out network for `gpus` GPUs in servers of `serverGpus`.
 * Worked example (hgx-h100, 1,024 GPUs, Tomahawk 5 at 400G, 1:1): 128 ports per chip, so a leaf has 64
 * down and 64 up; 128 servers x 8 rails -> 2 leaves per rail, 16 leaves; 16 x 64 uplinks / 128 = 8 spines.
 */
export function planScaleOut(out: ResolvedScaleOut, gpus: number, serverGpus: number): ScaleOutPlan {
  const chip = out.switch;
  const nicPorts = out.nic.ports * out.nicsPerGpu;
  if (nicPorts % out.planes !== 0) {
    throw new ConfigError(['scaleOut', 'planes'], `${out.planes} planes do not divide the ${nicPorts} NIC ports of each GPU`);
  }
  const portsPerGpuPerPlane = nicPorts / out.planes;
  const portSpeed = (out.nic.rate / out.nic.ports) as BytesPerSecond;
  const uplinkSpeed = (out.uplinkSpeed ?? portSpeed) as BytesPerSecond;
  const laneDown = Math.ceil(portSpeed / chip.laneRate - 1e-9);
  const laneUp = Math.ceil(uplinkSpeed / chip.laneRate - 1e-9);
  if (laneUp > chip.lanes) {
    throw new ConfigError(
      ['scaleOut', 'uplinkSpeed'],
      `an uplink of ${formatBitRate(uplinkSpeed)} needs ${laneUp} lanes of '${chip.id}', which has ${chip.lanes} of ${formatBitRate(chip.laneRate)}: expected at most ${formatBitRate(chip.lanes * chip.laneRate)}`,
    );
  }
  // At least one uplink for a leaf with ports below it: a tiny ratio rounds to 0 otherwise.
  const upFor = (down: number) => Math.max(down > 0 ? 1 : 0, Math.ceil((down * portSpeed) / (out.oversubscription * uplinkSpeed) - 1e-9));
  let leafDownPorts = Math.floor(chip.lanes / laneDown);
  while (leafDownPorts > 0 && leafDownPorts * laneDown + upFor(leafDownPorts) * laneUp > chip.lanes) leafDownPorts--;
  if (leafDownPorts < 1) {
    throw new ConfigError(['scaleOut', 'switch'], `'${chip.id}' cannot carry one ${formatBitRate(portSpeed)} port with its uplinks`);
  }
  const servers = gpus / serverGpus;
  const railsPerServer = serverGpus * portsPerGpuPerPlane;
  const endpoints = servers * railsPerServer;
  const leavesPerPlane = out.railOptimized ? railsPerServer * Math.ceil(servers / leafDownPorts) : Math.ceil(endpoints / leafDownPorts);
  const fullest = out.railOptimized ? Math.min(leafDownPorts, servers) : Math.min(leafDownPorts, endpoints);
  const leafUplinks = upFor(fullest);
  const upRadix = Math.floor(chip.lanes / laneUp);
  const spines = Math.ceil((leavesPerPlane * leafUplinks) / upRadix);
  const twoTierFits = spines <= leafUplinks;
  const tiers = out.tiers === 'auto' ? (twoTierFits ? 2 : 3) : out.tiers;
  if (tiers === 2 && !twoTierFits) {
    throw new ConfigError(
      ['scaleOut', 'tiers'],
      `2 tiers of '${chip.id}' reach at most ${upRadix * leafDownPorts} ports per plane (${upRadix} leaves x ${leafDownPorts} ports); ${endpoints} needed: use tiers: 3 or auto`,
    );
  }
  const leafLanes = fullest * laneDown + leafUplinks * laneUp;
  const leafTier: SwitchTier = {
    name: 'leaf',
    count: leavesPerPlane * out.planes,
    portsUsedMax: fullest + leafUplinks,
    radix: Math.floor(chip.lanes / laneDown),
    lanesUsedMax: leafLanes,
    lanesAvailable: chip.lanes,
    chargedSwitches: charged(leavesPerPlane * out.planes, leafLanes, chip.lanes),
  };
  const base = { planes: out.planes, portSpeed, uplinkSpeed, portsPerGpuPerPlane, railsPerServer, leafDownPorts, leafUplinks, leavesPerPlane };
  const bandwidthPerGpu = (out.nic.rate * out.nicsPerGpu) as BytesPerSecond;
  if (tiers === 2) {
    const spineTier = upperTier('spine', spines * out.planes, Math.ceil((leavesPerPlane * leafUplinks) / spines), upRadix, laneUp, chip.lanes);
    return {
      ...base,
      tiers,
      spinesPerPlane: spines,
      leavesPerPod: leavesPerPlane,
      pods: 1,
      aggsPerPod: 0,
      aggUplinks: 0,
      coresPerGroup: 0,
      bandwidthPerGpu,
      switchTiers: [leafTier, spineTier],
    };
  }
  return { ...base, ...planThirdTier(out, leafTier, leafUplinks, leavesPerPlane, railsPerServer, upRadix, laneUp), bandwidthPerGpu };
}

/** Pods of leaves under aggregation switches; aggregation switch j of every pod joins core group j. */
function planThirdTier(out: ResolvedScaleOut, leafTier: SwitchTier, leafUplinks: number, leaves: number, rails: number, radix: number, laneUp: number) {
  const chip = out.switch;
  const aggDown = Math.floor((radix * out.upperOversubscription) / (1 + out.upperOversubscription));
  const perPod = out.railOptimized && aggDown >= rails ? Math.floor(aggDown / rails) * rails : aggDown;
  const leavesPerPod = Math.min(perPod, leaves);
  const pods = Math.ceil(leaves / leavesPerPod);
  const aggsPerPod = leafUplinks;
  const aggUplinks = Math.ceil(leavesPerPod / out.upperOversubscription - 1e-9);
  const coresPerGroup = Math.ceil((pods * aggUplinks) / radix);
  if (coresPerGroup > aggUplinks) {
    throw new ConfigError(
      ['scaleOut', 'tiers'],
      `3 tiers of '${chip.id}' reach at most ${radix * leavesPerPod} leaves per plane; ${leaves} needed: use a larger switch, more planes or more oversubscription`,
    );
  }
  const aggTier = upperTier('aggregation', pods * aggsPerPod * out.planes, leavesPerPod + aggUplinks, radix, laneUp, chip.lanes);
  const coreTier = upperTier('core', aggsPerPod * coresPerGroup * out.planes, Math.ceil((pods * aggUplinks) / coresPerGroup), radix, laneUp, chip.lanes);
  return { tiers: 3 as const, spinesPerPlane: 0, leavesPerPod, pods, aggsPerPod, aggUplinks, coresPerGroup, switchTiers: [leafTier, aggTier, coreTier] };
}

function upperTier(name: SwitchTier['name'], count: number, portsUsed: number, radix: number, laneUp: number, lanes: number): SwitchTier {
  return {
    name,
    count,
    portsUsedMax: portsUsed,
    radix,
    lanesUsedMax: portsUsed * laneUp,
    lanesAvailable: lanes,
    chargedSwitches: charged(count, portsUsed * laneUp, lanes),
  };
}

function charged(count: number, lanesUsed: number, lanes: number): number {
  return count * Math.min(1, lanesUsed / lanes);
}

/**
 * Plans the DCN of a 3-layer design as its own Clos: every server's DCN NICs into leaves of the DCN switch chip at the
 * DCN's oversubscription, not rail-optimized, one plane, two or three tiers as the radix needs. A converged DCN (the
 * scale-out network itself) has none. Example (AL128: 16 servers, one 2 x 200G BlueField-3 each, Tomahawk 5): 32 ports
 * on one leaf of 128 ports, with 32 uplinks to one spine.
 */
export function planDcn(dcn: ResolvedDcn, servers: number): ScaleOutPlan | undefined {
  if (dcn.converged || dcn.nicsPerServer === 0) return undefined;
  const out: ResolvedScaleOut = {
    nic: dcn.nic,
    transport: dcn.switch.fabric === 'infiniband' ? 'infiniband' : 'roce',
    nicsPerGpu: 1,
    nicAttach: 'host',
    switch: dcn.switch,
    tiers: 'auto',
    planes: 1,
    railOptimized: false,
    oversubscription: dcn.oversubscription,
    upperOversubscription: 1,
    uplinkSpeed: undefined,
    medium: dcn.medium,
    switchLatency: dcn.switch.portToPortLatency,
    linkLatency: dcn.latency,
    protocolEfficiency: 1,
  };
  try {
    return planScaleOut(out, servers * dcn.nicsPerServer, dcn.nicsPerServer);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(['dcn', ...error.path.slice(1)], error.detail);
    throw error;
  }
}
