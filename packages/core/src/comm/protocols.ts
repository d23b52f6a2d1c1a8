/** NCCL's wire protocols (LL, LL128, Simple): what each adds in latency and takes in bandwidth, after NCCL's own cost model. */

import type { CollectiveOp, ProtocolFamily } from '../collectives/types.js';
import type { System } from '../system/system.js';
import { scaleUpLatencyScale } from './calibration.js';

export const PROTOCOLS = ['LL', 'LL128', 'Simple'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface ProtocolCosts {
  /** Fixed latency of one call on top of the launch, seconds (NCCL baseLat). */
  readonly baseLatencyS: number;
  /** Software latency of one algorithm step between GPUs of one scale-up domain, seconds (NCCL hwLat, NVLink). */
  readonly stepLatencyUpS: number;
  /** The same across the scale-out network, seconds (NCCL hwLat, NET). */
  readonly stepLatencyOutS: number;
  /** Share of the Simple protocol's payload rate this protocol delivers (LL sends a flag with every 4-byte word). */
  readonly efficiency: number;
  /** The protocol these are the costs of (its buffers set the chunks a tree sends: collectives/all-reduce/tree-chunks.ts). */
  readonly protocol: Protocol;
}

const us = 1e-6;

/**
 * The wire latency NCCL's per-hop latencies (hwLat, the TABLE below) already hold: they were measured end to end on
 * NVIDIA's reference nodes, DGX-class servers whose GPUs meet through one NVSwitch hop and whose nodes meet through one
 * InfiniBand switch. In the catalogue's parts: one NVLink4 NVSwitch hop, 0.17 us (the hgx-h100 preset's scale-up
 * latency), and NIC to NIC through one InfiniBand switch, 1.83 us (2 x 0.5 us NIC + 0.13 us switch + 2 x 0.35 us
 * links: comm/context.ts scaleOutLatency). A step that adds its fabric's whole wire latency to NCCL's counts these
 * twice; a chain's fill pays only the wire beyond them (collectives/all-reduce/channel-trees.ts, nvls-tree.ts).
 * Checked on the development set (not fitted: the reference is the hardware NCCL measured on): the 2- and 4-server
 * InfiniBand tree floors (coll-{2,4}x8xH100-ib-ar-sweep-latency, 1-64 KiB) read 36.3% / 23.5% -> 17.7% / 5.5%, the
 * same sweeps' bandwidth rows 4.53% -> 4.26%, every dev collective row 4.39% -> 4.12%; held back 9.34%, unchanged (the
 * 2 x 8 H20 NVLS-tree floor +35.5% -> +27.7%). The ring's closed form (collectives/ring-channels.ts) keeps the whole
 * wire: it has no per-chunk term, and its mid sizes, already 1-16% fast on both InfiniBand clusters, would get faster
 * (tried: dev 4.12% -> 4.38%, the InfiniBand bandwidth rows 4.26% -> 5.32%, held back 9.34% -> 12.04%).
 */
export const NCCL_REFERENCE_WIRE_S = { scaleUp: 0.17 * us, scaleOut: 1.83 * us } as const;

/**
 * NCCL 2.19-2.21 src/graph/tuning.cc (baseLat, hwLat and the "model refinements" of ncclTopoTuneModel):
 * - LL: 8-byte lines of 4 data bytes and a 4-byte flag, polled by the receiver: lowest latency, 1/4 of the bus
 *   bandwidth for all-reduce and reduce (1/3 for the others) on rings, 1/3.8 on trees.
 * - LL128: 128-byte lines with 8 flag bytes: 120/128 of the data rate (NCCL uses 0.92 on rings, 7/9 on
 *   single-node trees), latency between LL and Simple.
 * - Simple: bulk copies with a flag per chunk: full bandwidth (the measured efficiency of SCALE_UP_COLLECTIVE_EFFICIENCY
 *   is Simple's), highest per-step latency. NVLS runs Simple only, at 23 us on NVLink; our in-switch schedule
 *   pipelines chunks through the switch, and each chunk hand-off pays Simple's NVLink step latency (3.4 us). Across
 *   domains NVLS runs only as NVLS-tree, so the in-switch family's network step is NVLSTree's (hwLat NET 14 us, not
 *   NVLS's 18; NCCL 2.19-2.26 alike), and NCCL charges the switch once, intraLat + 2 log2(nodes) interLat
 *   (collectives/all-reduce/nvls-tree.ts).
 * NCCL's tree/Simple hwLat (28 us) is the time of a 256 kB chunk, which our pipelined tree prices explicitly, so
 * the tree takes the ring's Simple step latency instead.
 */
const TABLE: Record<
  ProtocolFamily,
  Partial<Record<Protocol, Omit<ProtocolCosts, 'efficiency' | 'protocol'> & { efficiency: (op: CollectiveOp) => number }>>
> = {
  ring: {
    LL: {
      baseLatencyS: 6.6 * us,
      stepLatencyUpS: 0.6 * us,
      stepLatencyOutS: 2.7 * us,
      efficiency: (op) => (op === 'allreduce' || op === 'reduce' ? 1 / 4 : 1 / 3),
    },
    LL128: { baseLatencyS: 14 * us, stepLatencyUpS: 1.9 * us, stepLatencyOutS: 4 * us, efficiency: () => 0.92 },
    Simple: { baseLatencyS: 8.4 * us, stepLatencyUpS: 3.4 * us, stepLatencyOutS: 14 * us, efficiency: () => 1 },
  },
  tree: {
    LL: { baseLatencyS: 6.8 * us, stepLatencyUpS: 0.6 * us, stepLatencyOutS: 5 * us, efficiency: () => 1 / 3.8 },
    LL128: { baseLatencyS: 14 * us, stepLatencyUpS: 1.25 * us, stepLatencyOutS: 8.5 * us, efficiency: () => 7 / 9 },
    Simple: { baseLatencyS: 0, stepLatencyUpS: 3.4 * us, stepLatencyOutS: 14 * us, efficiency: () => 1 },
  },
  'in-switch': {
    Simple: { baseLatencyS: 23 * us, stepLatencyUpS: 3.4 * us, stepLatencyOutS: 14 * us, efficiency: () => 1 },
  },
};

/**
 * The costs of `protocol` for an algorithm of `family` running `op`, or undefined where NCCL does not run it. On a
 * scale-up fabric without memory semantics (comm/transfer-semantics.ts) a ring or tree step between GPUs of one domain
 * cannot be a store into the peer's buffer: it goes as a message, at the network's step latency. In-switch reduction
 * keeps its costs: the scenario's `inSwitchReduction` says the switch reduces, however it is driven.
 */
export function protocolCosts(
  family: ProtocolFamily,
  protocol: Protocol,
  op: CollectiveOp,
  scaleUpMemorySemantics = true,
  /** The system's `collectives.latencyScale`: every latency of the row times this. */
  latencyScale = 1,
  /** The GPU generation's share of NCCL's NVLink latencies (NVLINK_LATENCY_SCALE): the call's base and each NVLink step. */
  gpuLatencyScale = 1,
): ProtocolCosts | undefined {
  const row = TABLE[family][protocol];
  if (!row) return undefined;
  const nvlinkStep = scaleUpMemorySemantics || family === 'in-switch';
  const stepUp = nvlinkStep ? row.stepLatencyUpS * gpuLatencyScale : row.stepLatencyOutS;
  return {
    baseLatencyS: row.baseLatencyS * latencyScale * gpuLatencyScale,
    stepLatencyUpS: stepUp * latencyScale,
    stepLatencyOutS: row.stepLatencyOutS * latencyScale,
    efficiency: row.efficiency(op),
    protocol,
  };
}

/**
 * The costs of `protocol` on `system`: its scale-up fabric's semantics (unless `memorySemantics` says otherwise), its
 * collectives' `latencyScale`, and its GPU generation's NVLink latencies.
 */
export function systemProtocolCosts(
  system: System,
  family: ProtocolFamily,
  protocol: Protocol,
  op: CollectiveOp,
  memorySemantics = system.spec.scaleUp.memorySemantics,
): ProtocolCosts | undefined {
  return protocolCosts(family, protocol, op, memorySemantics, system.spec.collectives.latencyScale, scaleUpLatencyScale(system.spec.gpu));
}
