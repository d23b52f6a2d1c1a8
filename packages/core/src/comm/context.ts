/** From a system and a rank group to the numbers a collective algorithm is priced with: bandwidth, step latency, hierarchy. */

import { NCCL_TREE_CHANNELS_PER_GPU, treeChunkBytes } from '../collectives/all-reduce/tree-chunks.js';
import { type CollectiveContext, type CollectiveHierarchy, type CollectiveOp, reductionBandwidth } from '../collectives/types.js';
import { kernelGpuId } from '../hardware/types.js';
import type { System } from '../system/system.js';
import type { Transport } from '../system/transports.js';
import { TRANSPORT_LINE_RATE_SHARE, TRANSPORT_TREE_MESSAGE_S, transportShare } from '../system/transports.js';
import type { Bytes, BytesPerSecond, Seconds } from '../units/units.js';
import { IN_SWITCH_EFFICIENCY, SCALE_UP_COLLECTIVE_EFFICIENCY } from './calibration.js';
import { nvlsTreeBusbwCeiling, nvlsTreeChunks } from './nvls-tree-limits.js';
import { NCCL_REFERENCE_WIRE_S, type ProtocolCosts, systemProtocolCosts } from './protocols.js';

/** Payload bandwidth per GPU per direction inside a scale-up domain: raw x link protocol x collective efficiency. */
export function scaleUpBandwidth(system: System): BytesPerSecond {
  return (system.scaleUp.provisionedPerGpu * system.spec.scaleUp.protocolEfficiency * SCALE_UP_COLLECTIVE_EFFICIENCY) as BytesPerSecond;
}

/**
 * Operand bytes per second the scale-up switches reduce for a group inside one domain: the chip figure times the
 * chips its traffic spreads over. A GPU stripes its lanes over the planes, so the busiest chip carries
 * maxLanes / lanes of every rank's reduction: 18 lanes on 18 one-lane planes (NVL72) spread it over 18 chips, 18 lanes
 * on two 9-lane planes (HGX B200) over 2, 5-4-4-5 lanes (HGX H100) over 18/5 = 3.6. In a two-tier domain every
 * switch of a plane is counted. Undefined where the chip has no figure.
 */
export function switchReductionRate(system: System): BytesPerSecond | undefined {
  const perChip = system.spec.scaleUp.reductionRate;
  if (perChip === undefined) return undefined;
  const plan = system.scaleUp;
  const busiest = Math.max(...plan.lanesPerGpuByPlane);
  const chipsPerPlane = plan.tiers === 2 ? plan.leavesPerPlane + plan.spinesPerPlane : 1;
  return (perChip * (plan.lanesPerGpu / busiest) * chipsPerPlane) as BytesPerSecond;
}

/** NCCL's NVLS-tree ceiling for d GPUs per domain over m domains, as a hierarchy field, or nothing. */
function nvlsTreeCeiling(system: System, d: number, m: number, bytes: number): { nvlsTreeBusbwCeiling?: BytesPerSecond; nvlsTreeChunks?: number } {
  const gpu = kernelGpuId(system.spec.gpu);
  const ceiling = nvlsTreeBusbwCeiling(gpu, d, m);
  const chunks = nvlsTreeChunks(gpu, d, m, bytes);
  return { ...(ceiling === undefined ? {} : { nvlsTreeBusbwCeiling: ceiling }), ...(chunks === undefined ? {} : { nvlsTreeChunks: chunks }) };
}

/** The per-rank rate of an NVLS reduction over d ranks of one domain, each moving S(d+1)/d each way (whatever S). */
function domainReductionBandwidth(system: System, d: number, bandwidth: BytesPerSecond, inSwitchBandwidth: BytesPerSecond): BytesPerSecond {
  const rate = switchReductionRate(system);
  const domain: CollectiveContext = {
    op: 'allreduce',
    ranks: d,
    bytes: 1 as Bytes,
    bandwidth,
    stepLatency: 0 as Seconds,
    inSwitchReduction: true,
    inSwitchBandwidth,
    ...(rate === undefined ? {} : { switchReductionRate: rate }),
  };
  return reductionBandwidth(domain, (d + 1) / d);
}

/** Payload bandwidth per GPU per direction on the scale-out network: NIC line rate x protocol efficiency. */
export function scaleOutBandwidth(system: System): BytesPerSecond {
  const out = system.spec.scaleOut;
  if (!out || !system.scaleOut) return 0 as BytesPerSecond;
  return (system.scaleOut.bandwidthPerGpu * out.protocolEfficiency) as BytesPerSecond;
}

/** One-way latency between two GPUs of a domain: link, switch(es), link. */
export function scaleUpLatency(system: System): Seconds {
  const up = system.spec.scaleUp;
  const switches = system.scaleUp.switchHopsMax;
  return (up.linkLatency * (switches + 1) + up.switchLatency * switches) as Seconds;
}

/**
 * One-way latency between GPUs of different domains that cross `switches` scale-out switches:
 * NIC, links and switches, NIC. Example (Quantum-2, 3 switches): 2 x 0.5 us + 3 x 130 ns + 4 x 350 ns = 2.79 us.
 */
export function scaleOutLatency(system: System, switches: number): Seconds {
  const out = system.spec.scaleOut;
  if (!out) return 0 as Seconds;
  return (2 * out.nic.latency + switches * out.switchLatency + (switches + 1) * out.linkLatency) as Seconds;
}

/** Switches crossed between the farthest two ranks of a group on the scale-out network: 1 same leaf, 3 same pod, 5 otherwise. */
export function scaleOutSwitches(system: System, ranks: readonly number[]): number {
  const plan = system.scaleOut;
  if (!plan) return 0;
  const serverGpus = system.spec.server.gpus;
  const blocks = new Set(ranks.map((r) => Math.floor(Math.floor(r / serverGpus) / plan.leafDownPorts)));
  const rails = new Set(ranks.map((r) => r % serverGpus));
  if (blocks.size === 1 && rails.size === 1) return 1;
  if (plan.tiers === 2) return 3;
  const leavesPerPodBlocks = Math.max(1, Math.floor(plan.leavesPerPod / plan.railsPerServer));
  const pods = new Set([...blocks].map((b) => Math.floor(b / leavesPerPodBlocks)));
  return pods.size === 1 ? 3 : 5;
}

/** Effective oversubscription a group's cross-domain traffic meets: the leaf ratio once it leaves a leaf, times the aggregation ratio across pods. */
function oversubscriptionFor(system: System, switches: number): number {
  const out = system.spec.scaleOut;
  if (!out || switches <= 1) return 1;
  return out.oversubscription * (switches >= 5 ? out.upperOversubscription : 1);
}

/** What pricing needs to know about a group, computed once per group: O(n) in its ranks. */
export interface GroupShape {
  /** Ranks in ascending order. */
  readonly ranks: readonly number[];
  /** Ranks per scale-up domain, for each domain the group touches. */
  readonly perDomain: readonly number[];
  /** Scale-out switches between its farthest members (0 inside one domain). */
  readonly scaleOutSwitches: number;
}

export function analyseGroup(system: System, ranks: readonly number[]): GroupShape {
  let sorted = ranks;
  for (let i = 1; i < ranks.length; i++) {
    if ((ranks[i] as number) < (ranks[i - 1] as number)) {
      sorted = [...ranks].sort((a, b) => a - b);
      break;
    }
  }
  const domainSize = system.spec.scaleUp.domainSize;
  const perDomain = new Map<number, number>();
  for (const r of sorted) perDomain.set(Math.floor(r / domainSize), (perDomain.get(Math.floor(r / domainSize)) ?? 0) + 1);
  return { ranks: sorted, perDomain: [...perDomain.values()], scaleOutSwitches: perDomain.size > 1 ? scaleOutSwitches(system, sorted) : 0 };
}

/** The context of a ring-family algorithm on the Simple protocol (large messages). */
export function collectiveContext(system: System, op: CollectiveOp, ranks: readonly number[], bytes: Bytes): CollectiveContext {
  return contextFor(system, op, analyseGroup(system, ranks), bytes, systemProtocolCosts(system, 'ring', 'Simple', op, true) as ProtocolCosts);
}

/**
 * Channels NCCL gives each remote peer of its point-to-point work (an all-to-all): 2, halved while they times the ranks
 * exceed 4 x its point-to-point channels (NVIDIA/nccl 2.22-2.28 src/graph/paths.cc ncclTopoGetNchannels, "avoid
 * overloading channels with 8+ operations"; one NIC a GPU, so no more for bandwidth). `channels` is the model's channel
 * count, a domain's d rings (collectives/ring-channels.ts). Example: 16 ranks over 8 channels keep 2; 32 ranks get 1.
 */
export function p2pChannelsPerPeer(ranks: number, channels: number): number {
  let perPeer = 2;
  while (perPeer * ranks > 4 * channels && perPeer > 1) perPeer /= 2;
  return perPeer;
}

/**
 * A collective's step message in the units the transports' ramp was fitted in (system/transports.ts
 * TRANSPORT_MESSAGE_HALF_BYTES): a rank's share S/n of the bytes, a ring's step, of which each of a domain's d channel
 * rings puts S/(n d) on one NIC connection (collectives/ring-channels.ts). An all-to-all sends each remote peer its S/n
 * over p2pChannelsPerPeer connections, S/(n c) each: d / c times the bytes a ring's connection carries a step, so it
 * counts as S/n x d / c. No constant: d and c follow from the group and NCCL's rule.
 * Example: 32 servers of 8 H100s over EFA, a 32 MiB all-to-all: 128 KiB a peer on one connection counts as 1 MiB,
 * share 0.92 x 1 / (1 + 1.5) = 0.37 of the line rate, not 0.92 x 0.125 / 1.625 = 0.071 (measured: about 0.48).
 */
export function transportStepBytes(op: CollectiveOp, bytes: number, group: GroupShape): number {
  const n = group.ranks.length;
  if (op !== 'alltoall') return bytes / n;
  const d = Math.max(1, ...group.perDomain);
  return ((bytes / n) * d) / p2pChannelsPerPeer(n, d);
}

/**
 * The share of its line rate the transport gives a collective's step message (transportStepBytes), whose rank's step
 * crosses the network over its domain's d connections, each at `lineBandwidth` (one GPU's NIC rate after protocol and
 * oversubscription): a host-staged transport's time a message is a step's time at that rate.
 */
function stepShare(transport: Transport, op: CollectiveOp, bytes: number, group: GroupShape, lineBandwidth: number): number {
  const d = Math.max(1, ...group.perDomain);
  return transportShare(transport, transportStepBytes(op, bytes, group), d * lineBandwidth * TRANSPORT_LINE_RATE_SHARE[transport]);
}

/**
 * How NCCL's channel trees cross the network (CollectiveHierarchy.tree): NCCL's chunk for the protocol on its channels
 * (4 a GPU), the transport's large-message share of the NIC's rate, and the time each chunk message waits.
 * Example: 4 nodes of 8 H100s over EFA, 32 MiB on Simple: 32 channels of 512 KiB chunks (2 a channel), 0.92 of a
 * GPU's 48 GB/s, 28 us a message.
 */
function treeNetwork(system: System, protocol: ProtocolCosts, bytes: number, d: number, m: number, lineBandwidth: number): CollectiveHierarchy['tree'] {
  const transport = system.spec.scaleOut?.transport;
  const share = transport ? TRANSPORT_LINE_RATE_SHARE[transport] : 1;
  const channels = NCCL_TREE_CHANNELS_PER_GPU * d;
  return {
    chunkBytes: treeChunkBytes(protocol.protocol, bytes, channels, m, d),
    channels,
    interBandwidth: (lineBandwidth * share) as BytesPerSecond,
    share,
    messageS: (transport ? TRANSPORT_TREE_MESSAGE_S[transport] : 0) as Seconds,
  };
}

/**
 * The numbers an algorithm is priced with on one protocol: bandwidths scaled by the protocol's efficiency, and a
 * step latency of wire latency plus the protocol's software latency per step on that tier.
 */
export function contextFor(system: System, op: CollectiveOp, group: GroupShape, bytes: Bytes, protocol: ProtocolCosts): CollectiveContext {
  const n = group.ranks.length;
  const intraBandwidth = (scaleUpBandwidth(system) * protocol.efficiency) as BytesPerSecond;
  const intraLatency = (scaleUpLatency(system) + protocol.stepLatencyUpS) as Seconds;
  const inSwitchReduction = system.spec.scaleUp.inSwitchReduction;
  const inSwitchBandwidth = (intraBandwidth * IN_SWITCH_EFFICIENCY) as BytesPerSecond;
  if (group.perDomain.length === 1) {
    const rate = switchReductionRate(system);
    return {
      op,
      ranks: n,
      bytes,
      bandwidth: intraBandwidth,
      stepLatency: intraLatency,
      inSwitchReduction,
      oneDomain: true,
      inSwitchBandwidth,
      ...(rate === undefined ? {} : { switchReductionRate: rate }),
    };
  }
  const switches = group.scaleOutSwitches;
  const lineBandwidth = (scaleOutBandwidth(system) * protocol.efficiency) / oversubscriptionFor(system, switches);
  // The transport's share of its line rate at the collective's step message (system/transports.ts).
  const scaleOutShare = system.spec.scaleOut ? stepShare(system.spec.scaleOut.transport, op, bytes, group, lineBandwidth) : 1;
  const interBandwidth = (lineBandwidth * scaleOutShare) as BytesPerSecond;
  const interLatency = (scaleOutLatency(system, switches) + protocol.stepLatencyOutS) as Seconds;
  const counts = group.perDomain;
  const even = counts.every((c) => c === counts[0]);
  const d = counts[0] as number;
  const intraReduction = inSwitchReduction && d > 1 ? domainReductionBandwidth(system, d, intraBandwidth, inSwitchBandwidth) : undefined;
  const hierarchy: CollectiveHierarchy | undefined = even
    ? {
        domainSize: d,
        domains: counts.length,
        intraBandwidth,
        interBandwidth,
        intraLatency,
        interLatency,
        intraReferenceWire: Math.min(scaleUpLatency(system), NCCL_REFERENCE_WIRE_S.scaleUp) as Seconds,
        interReferenceWire: Math.min(scaleOutLatency(system, switches), NCCL_REFERENCE_WIRE_S.scaleOut) as Seconds,
        ...(intraReduction === undefined ? {} : { intraReductionBandwidth: intraReduction }),
        ...nvlsTreeCeiling(system, d, counts.length, bytes),
        tree: treeNetwork(system, protocol, bytes, d, counts.length, lineBandwidth),
      }
    : undefined;
  const bandwidth = Math.min(intraBandwidth, interBandwidth) as BytesPerSecond;
  // In-switch algorithms need every rank on one switch fabric: across domains they do not apply.
  return { op, ranks: n, bytes, bandwidth, stepLatency: interLatency, inSwitchReduction: false, scaleOutShare, ...(hierarchy ? { hierarchy } : {}) };
}
