/** Collective types: the operations, the context an algorithm is priced in, the transfer DAG it emits, and busbw factors. */

import type { RegistryEntry } from '../registry/registry.js';
import type { Bytes, BytesPerSecond, Seconds } from '../units/units.js';

export const COLLECTIVE_OPS = ['allreduce', 'allgather', 'reducescatter', 'alltoall', 'broadcast', 'reduce', 'sendrecv'] as const;
export type CollectiveOp = (typeof COLLECTIVE_OPS)[number];

/**
 * nccl-tests bus-bandwidth factor (NVIDIA/nccl-tests doc/PERFORMANCE.md): busbw = algbw x factor, algbw = S / t,
 * so busbw is comparable to the per-rank link rate whatever n is. Example: all-reduce on 8 ranks, 2 x 7/8 = 1.75.
 */
export function busBandwidthFactor(op: CollectiveOp, n: number): number {
  switch (op) {
    case 'allreduce':
      return (2 * (n - 1)) / n;
    case 'allgather':
    case 'reducescatter':
    case 'alltoall':
      return (n - 1) / n;
    case 'broadcast':
    case 'reduce':
    case 'sendrecv':
      return 1;
  }
}

/** busbw of a run that moved S bytes (nccl-tests size convention) in `time`: e.g. 1 GiB all-reduce on 8 ranks in 5 ms, 1.75 x 214.7 = 375.8 GB/s. */
export function busBandwidth(op: CollectiveOp, n: number, bytes: Bytes, time: Seconds): BytesPerSecond {
  return ((bytes / time) * busBandwidthFactor(op, n)) as BytesPerSecond;
}

/** Two-tier ranks: `domains` scale-up domains of `domainSize` ranks each; rank r sits in domain floor(r / domainSize). */
export interface CollectiveHierarchy {
  readonly domainSize: number;
  readonly domains: number;
  /** Per rank per direction inside a domain (scale-up), after protocol efficiency. */
  readonly intraBandwidth: BytesPerSecond;
  /** Per rank per direction across domains (scale-out, rank l of every domain on rail l), after protocol efficiency. */
  readonly interBandwidth: BytesPerSecond;
  readonly intraLatency: Seconds;
  readonly interLatency: Seconds;
  /**
   * The part of intraLatency and interLatency that is wire (links, switches, NICs) which NCCL's measured per-hop
   * latencies already hold: its reference platform's (comm/protocols.ts NCCL_REFERENCE_WIRE_S). A chain's fill, the
   * first chunk's way through every stage, pays NCCL's per-hop latencies and only the wire beyond the reference's.
   */
  readonly intraReferenceWire?: Seconds;
  readonly interReferenceWire?: Seconds;
  /**
   * Per rank per direction of an in-switch reduction over one domain's ranks (NVLS: S(d+1)/d each way), where the
   * scale-up switches reduce; absent where they cannot. NVLS-tree algorithms price their intra-domain phases at it.
   */
  readonly intraReductionBandwidth?: BytesPerSecond;
  /** The bus bandwidth an NVLS-tree all-reduce cannot exceed (NCCL's per-channel ceiling x channels), where one applies. */
  readonly nvlsTreeBusbwCeiling?: BytesPerSecond;
  /**
   * Chunks each of an NVLS-tree all-reduce's concurrent operations (NCCL's NVLS channels x heads) pipelines through its
   * stages at this message size (comm/nvls-tree-limits.ts), where NCCL's schedule is known; at least 1.
   */
  readonly nvlsTreeChunks?: number;
  /**
   * How NCCL's channel trees cross the network here (collectives/all-reduce/channel-trees.ts): the chunk each channel
   * sends at a time (tree-chunks.ts) on `channels` channels, the rate a GPU's NIC gives them (their chunks are not a
   * ring's step, so not interBandwidth's ramp: the transport's large-message share of it), and the seconds each chunk
   * message waits beyond its bytes (system/transports.ts TRANSPORT_TREE_MESSAGE_S). Absent, a Simple tree at
   * interBandwidth on 4 channels a rank.
   */
  readonly tree?: {
    readonly chunkBytes: number;
    readonly channels: number;
    readonly interBandwidth: BytesPerSecond;
    readonly share: number;
    readonly messageS: Seconds;
  };
}

export interface CollectiveContext {
  readonly op: CollectiveOp;
  /** n, the ranks taking part. */
  readonly ranks: number;
  /**
   * S, nccl-tests convention: the per-rank buffer for allreduce, broadcast, reduce and sendrecv; the total
   * (n x per-rank piece) for allgather, reducescatter and alltoall.
   */
  readonly bytes: Bytes;
  /** B, per rank per direction on the bottleneck path, after protocol efficiency (flat algorithms read this). */
  readonly bandwidth: BytesPerSecond;
  /** alpha, paid once by every transfer before it moves bytes (flat algorithms read this). */
  readonly stepLatency: Seconds;
  /**
   * Across domains, the share of its line rate the scale-out transport gives this collective's step message
   * (comm/context.ts stepShare), already in the inter-domain bandwidths; the flow engine applies it to the NICs.
   */
  readonly scaleOutShare?: number;
  /** Present when the ranks span scale-up domains; hierarchical algorithms read this instead of B and alpha. */
  readonly hierarchy?: CollectiveHierarchy;
  /** Whether the scale-up switch can reduce and multicast (NVLink SHARP / NVLS, InfiniBand SHARP). */
  readonly inSwitchReduction: boolean;
  /** Every rank in one scale-up domain (a node): NCCL runs its tree there as a chain (all-reduce/double-binary-tree.ts). */
  readonly oneDomain?: boolean;
  /**
   * Per rank per direction when the switch reduces (multimem load-reduce runs below copy speed); defaults to
   * `bandwidth`. In-switch reductions price their bytes at this rate; multicast alone runs at `bandwidth`.
   */
  readonly inSwitchBandwidth?: BytesPerSecond;
  /**
   * Operand bytes per second the switch chips the group's ranks reach can reduce together; absent where no chip
   * figure is known (the links alone then bound in-switch reductions).
   */
  readonly switchReductionRate?: BytesPerSecond;
}

/**
 * The per-rank rate an in-switch reduction runs at when each rank moves `bytesPerRank` each way: the link-side rate
 * (`inSwitchBandwidth`, else `bandwidth`), or slower where the switches cannot add fast enough. Reducing the S-byte
 * vector of n ranks takes (n - 1) S operand bytes of adds, so the run lasts at least (n - 1) S / R and the rank's
 * bytes cannot flow faster than bytesPerRank R / ((n - 1) S).
 * Worked example: 72 GPUs of GB200 NVL72, all-reduce (bytesPerRank = S 73/72), R = 18 chips x 1.6 TB/s = 28.8 TB/s:
 * 28.8 x 73/72 / 71 = 411 GB/s per rank, below the 616 GB/s the links give: algbw 72/73 x 411 = 406 GB/s,
 * busbw 800 GB/s (a full rack measures 835-847).
 */
export function reductionBandwidth(ctx: CollectiveContext, bytesPerRank: number): BytesPerSecond {
  const links = ctx.inSwitchBandwidth ?? ctx.bandwidth;
  const rate = ctx.switchReductionRate;
  if (rate === undefined || ctx.ranks < 2 || !(ctx.bytes > 0)) return links;
  return Math.min(links, (rate * bytesPerRank) / ((ctx.ranks - 1) * ctx.bytes)) as BytesPerSecond;
}

/**
 * A transfer end: a GPU rank, or the scale-up switch adjacent to the GPU at the other end of the transfer
 * (used by in-switch algorithms: GPU -> switch carries a contribution, switch -> GPU the reduced or multicast
 * result). No `plane` means the transfer is striped over every plane the GPU reaches.
 */
export type Endpoint = { readonly rank: number } | { readonly switchOfRank: number; readonly plane?: number };

export interface Transfer {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly bytes: Bytes;
  /** Indices of transfers that must complete first; always smaller than this transfer's own index. */
  readonly deps: readonly number[];
  /**
   * Pipelined steps this transfer stands for (default 1): a ring edge that carries one chunk per step for k
   * lock-step steps streams `bytes` (all k chunks) as one flow and pays the step latency k times. In a ring every
   * edge moves the same chunks at the pace of the slowest edge, so k per-step transfers and one k-step transfer
   * take the same time; the second is k times fewer flows for the engine.
   */
  readonly steps?: number;
  /**
   * Seconds from the end of the transfer's flow to the arrival of its last bytes, in place of `steps` step latencies
   * of its own path: for rings across domains, whose chunks cross edges of both tiers on their way round (see
   * ringTime).
   */
  readonly latencyS?: number;
}

/** The flows an algorithm generates, in topological order; each transfer pays one step latency per step before its bytes arrive. */
export interface Schedule {
  readonly transfers: readonly Transfer[];
}

/** The NCCL algorithm family whose protocol costs (LL, LL128, Simple) an algorithm pays: tree, in-switch (NVLS), or ring (the rest). */
export type ProtocolFamily = 'ring' | 'tree' | 'in-switch';

export interface CollectiveAlgorithm extends RegistryEntry {
  /** The short name, unique per op ('ring', 'tree', ...); `id` is `${op}/${name}`. */
  readonly name: string;
  readonly ops: readonly CollectiveOp[];
  /** Whether `chooseAlgorithm` considers it: the NCCL-like automatic choice only picks what NCCL implements. */
  readonly automatic: boolean;
  readonly family: ProtocolFamily;
  /** undefined when the algorithm can run in `ctx`, else why not. */
  applies(ctx: CollectiveContext): string | undefined;
  /** Closed-form alpha-beta time; throws when `applies` gives a reason. */
  time(ctx: CollectiveContext): Seconds;
  /** The transfer DAG; throws when `applies` gives a reason. */
  schedule(ctx: CollectiveContext): Schedule;
}
