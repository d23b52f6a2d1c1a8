/**
 * A serving deployment on a system: how many replicas of which shape and role, where their GPUs sit, how much KV cache
 * each holds after its weights, what its prefix-cache tiers offer, and how fast a KV cache moves between replicas.
 */

import { ArgumentError } from '../base/errors.js';
import { type CollectiveSession, type Fidelity, runCollective } from '../comm/run.js';
import { MESSAGE_ROUND_TRIP_S } from '../comm/transfer-semantics.js';
import { formatOf } from '../compute/formats.js';
import { parameterCounts } from '../models/count.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { lowLatencyBufferBytes } from './deepep.js';
import { DEFAULT_MEMORY, type EngineMemory } from './engines.js';
import type { KvTier, TierSpec } from './kv-tiers.js';
import { dispatchesTokens } from './layer-ops.js';
import type { OffloadTier, ReplicaShape } from './replica-shape.js';
import { offloadableLayers, offloadSavingPerGpu, poolOf } from './weight-offload.js';
import { PREFIX_BLOCK_TOKENS } from './workload.js';

/** A fetch from host DRAM or a remote store pays a software latency on top of the wire: 10 us (DRAM), 50 us (RDMA store). */
export const DRAM_FETCH_LATENCY_S = 10e-6;
export const REMOTE_FETCH_LATENCY_S = 50e-6;

/** Remote KV store capacity: effectively unbounded (a disaggregated pool of SSD and DRAM servers), 1 PB. */
export const REMOTE_STORE_BYTES = 1e15;

export interface ReplicaMemory {
  readonly weightsPerGpu: number;
  /** HBM each GPU gives DeepEP's low-latency buffers (0 without wide EP or a dispatch size). */
  readonly dispatchBuffersPerGpu: number;
  readonly hbmPerGpu: number;
  /** KV-cache tokens the replica holds. */
  readonly kvTokens: number;
  /** Bytes of KV cache one token takes across the whole replica (TP shards it, or replicates what it cannot shard). */
  readonly kvBytesPerToken: number;
  /** The engine's share of HBM for weights and KV cache, and of what. */
  readonly share: EngineMemory;
}

/** The memory share a shape names, or the default engine's. */
const memoryOf = (shape: ReplicaShape): EngineMemory => shape.memory ?? DEFAULT_MEMORY;

/** KV bytes a GPU keeps after its weights under an engine's memory share: of the whole HBM, or of what the weights leave. */
export function kvBytesPerGpu(share: EngineMemory, hbmPerGpu: number, weightsPerGpu: number): number {
  return share.of === 'total' ? share.share * hbmPerGpu - weightsPerGpu : share.share * (hbmPerGpu - weightsPerGpu);
}

/**
 * Parameters the drafts add to a replica: a draft model whole (split by TP like the model's dense layers), or the MTP
 * module: one transformer layer of the model (its average), a 2h x h projection; embedding and head shared (DeepSeek-V3
 * section 2.2: 14B beside the 671B main model; the average layer here gives 11B).
 */
function draftParameters(model: TransformerModel, shape: ReplicaShape): number {
  const s = shape.speculation;
  if (!s) return 0;
  if (s.method === 'draft' && s.draftModel) return parameterCounts(s.draftModel).total;
  return parameterCounts(model).total / model.layers + 2 * model.hidden * model.hidden;
}

/**
 * Weights per GPU (dense parameters split by TP, routed experts by EP, or by TP without EP; each parameter in the
 * serving format's bytes: FP8 1 B, NVFP4 0.5625 B with its block scales) and the KV tokens what is left holds. Each attention group keeps its own requests' KV, split over TP by
 * KV heads (MLA's latent and KV heads fewer than TP replicate).
 * Example: Llama-3-70B on TP 8 in BF16: 70.6B x 2 B / 8 = 17.6 GB per H100; 0.9 x 80 GB - 17.6 = 54.4 GB per GPU; a
 * token takes 80 x 2 x 8 x 128 x 2 B = 327,680 B over the group: 8 x 54.4 GB / 327,680 B = 1.33M tokens.
 */
export function replicaMemory(model: TransformerModel, shape: ReplicaShape, hbmPerGpu: number): ReplicaMemory {
  const counts = parameterCounts(model);
  let routed = 0;
  if (model.family === 'moe') routed = counts.moeLayers * model.moe.experts * (counts.perLayer.moeExperts / (model.moe.experts + model.moe.sharedExperts));
  const paramBytes = formatOf(shape.precision).bytesPerElement;
  const perExpert = model.family === 'moe' ? routed / model.moe.experts : 0;
  const expertsPerGpu =
    model.family === 'moe' ? (shape.ep > 1 ? Math.ceil(model.moe.experts / shape.ep) / (shape.expertTp ?? 1) : model.moe.experts / shape.tp) : 0;
  // The attention projections in their own format where a checkpoint keeps them wider (attentionPrecision).
  const attention = model.layers * counts.perLayer.attention;
  const attentionExtra = (formatOf(shape.attentionPrecision ?? shape.precision).bytesPerElement - paramBytes) * (attention / shape.tp);
  // Offloaded layers stay off the GPU but for the prefetch buffers that stand in for them (weight-offload.ts).
  const weightsPerGpu =
    paramBytes * ((counts.total - routed) / shape.tp + perExpert * expertsPerGpu + draftParameters(model, shape) / shape.tp) +
    attentionExtra -
    offloadSavingPerGpu(model, shape);
  const share = memoryOf(shape);
  // Wide EP's low-latency dispatch buffers take their HBM beside the weights: room for every expert slot's tokens.
  const slots = model.family === 'moe' && dispatchesTokens(shape) ? expertsPerGpu * shape.ep : 0;
  const buffers = slots > 0 && shape.dispatchTokensPerRank ? lowLatencyBufferBytes(slots, shape.dispatchTokensPerRank, model.hidden) : 0;
  const free = kvBytesPerGpu(share, hbmPerGpu, weightsPerGpu + buffers);
  const replication = model.attention === 'mla' ? shape.tp : Math.max(1, shape.tp / model.kvHeads);
  const perLayer = model.attention === 'mla' ? model.mla.kvLoraRank + model.mla.qkRopeHeadDim : 2 * model.kvHeads * model.headDim;
  const kvBytesPerToken = model.layers * perLayer * shape.kvBytesPerElement * replication;
  const kvTokens = free > 0 ? Math.floor((shape.dpAttention * free * shape.tp) / kvBytesPerToken) : 0;
  return { weightsPerGpu, dispatchBuffersPerGpu: buffers, hbmPerGpu, kvTokens, kvBytesPerToken, share };
}

/** Refuses a replica whose weights leave no KV cache for one request, with the numbers. */
export function checkFits(model: TransformerModel, memory: ReplicaMemory, longestRequestTokens: number, gpus: number): void {
  if (memory.kvTokens >= longestRequestTokens) return;
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  throw new ArgumentError(
    'tp',
    `${model.id} does not fit a replica of ${gpus} GPUs: weights ${gib(memory.weightsPerGpu)} GiB per GPU of ${gib(memory.hbmPerGpu)} GiB ` +
      `(${memory.share.share * 100}% of ${memory.share.of === 'total' ? 'it' : 'what they leave'} for weights and KV) leave KV cache for ${memory.kvTokens.toLocaleString('en-US')} tokens, ` +
      `and the longest request needs ${longestRequestTokens.toLocaleString('en-US')}; use more GPUs per replica (tp, or dpAttention with ep), a narrower format (precision) or weight offload (weightOffload)`,
  );
}

/**
 * The shape with the fewest layers offloaded to `tier` (weight-offload.ts) that leave its replica KV cache for
 * `kvTokens` tokens; none offloaded when its weights fit as they are. Refused, with the numbers, when even every
 * offloadable layer does not make room.
 * Example: DeepSeek-V3 in NVFP4 on 2 GB200s (EP 2, 195 GB of weights a GPU): a few of its 58 MoE layers, 3.17 GB each.
 */
export function fewestOffloadLayers(model: TransformerModel, shape: ReplicaShape, tier: OffloadTier, hbmPerGpu: number, kvTokens: number): ReplicaShape {
  const { weightOffload: _, ...bare } = shape;
  if (replicaMemory(model, bare, hbmPerGpu).kvTokens >= kvTokens) return bare;
  const most = offloadableLayers(model);
  for (let layers = 1; layers <= most; layers++) {
    const offloaded = { ...bare, weightOffload: { tier, layers } };
    if (replicaMemory(model, offloaded, hbmPerGpu).kvTokens >= kvTokens) return offloaded;
  }
  const all = replicaMemory(model, { ...bare, weightOffload: { tier, layers: most } }, hbmPerGpu);
  throw new ArgumentError(
    'offloadLayers',
    `even all ${most} offloadable layers of ${model.id} off the GPU leave ${(all.weightsPerGpu / 2 ** 30).toFixed(1)} GiB of weights a GPU and KV cache ` +
      `for ${all.kvTokens.toLocaleString('en-US')} tokens, and ${kvTokens.toLocaleString('en-US')} are needed; use more GPUs per replica or a narrower format`,
  );
}

/**
 * The prefix-cache tiers a replica of `gpus` GPUs sees: HBM (sized by the free KV cache as it runs), host DRAM over
 * the GPUs' host links, the system's CXL pool (shared by the pool's hosts, at its per-host link), a remote store over
 * the DCN NICs of the replica's servers (or, with a converged DCN, over the replica's scale-out NICs).
 */
export function tierSpecs(system: System, tiers: readonly KvTier[], gpus: number, blockBytes: number): TierSpec[] {
  const servers = Math.max(1, Math.ceil(gpus / system.spec.server.gpus));
  const blocks = (bytes: number) => Math.floor(bytes / blockBytes);
  return tiers.map((tier) => tierSpec(system, tier, gpus, servers, blocks));
}

function tierSpec(system: System, tier: KvTier, gpus: number, servers: number, blocks: (bytes: number) => number): TierSpec {
  if (tier === 'hbm') return { tier, capacityBlocks: 0, bandwidth: Number.POSITIVE_INFINITY, latencyS: 0 };
  if (tier === 'dram') {
    return {
      tier,
      // A GPU's share of its host's memory (server.hostDram over the GPUs its OS image sees: 2 TB over 8 is 256 GB).
      capacityBlocks: blocks((system.spec.server.hostDram / system.spec.server.gpusPerOs) * gpus),
      bandwidth: system.spec.server.hostLinkBandwidth * gpus,
      latencyS: DRAM_FETCH_LATENCY_S,
    };
  }
  if (tier === 'cxl') {
    const cxl = system.spec.cxl;
    if (!cxl) throw new ArgumentError('kvTiers', `'cxl' needs a CXL pool in the system; ${system.spec.name} has none (scenario field cxl)`);
    return { tier, capacityBlocks: blocks(cxl.pool.capacity), ...cxlFetch(system, cxl, gpus, servers), shared: true };
  }
  const dcn = system.spec.dcn;
  if (!dcn) throw new ArgumentError('kvTiers', `'remote' needs a data-centre network in the system; ${system.spec.name} has none (scenario field dcn)`);
  // A converged (2-layer) DCN is the scale-out network: the replica's scale-out NICs carry the fetches.
  const scaleOut = system.spec.scaleOut;
  const wire = dcn.converged && scaleOut ? scaleOut.nic.rate * scaleOut.nicsPerGpu * gpus : dcn.nic.rate * dcn.nicsPerServer * servers;
  return {
    tier,
    capacityBlocks: blocks(REMOTE_STORE_BYTES),
    bandwidth: Math.min(wire, dcn.storageBandwidth ?? wire),
    latencyS: dcn.latency + REMOTE_FETCH_LATENCY_S,
    shared: true,
  };
}

/**
 * How fast a replica of `gpus` GPUs on `servers` servers brings KV back from its CXL pool, by where the pool hangs:
 * - `host`: over each server's own link into the pool, then the GPUs' host links, the copy posted by host software
 *   (DRAM_FETCH_LATENCY_S) after the pool's load latency.
 * - `scale-up`: the GPUs read it over the scale-up fabric, through the pool's ports on every switch of the domain
 *   (topology/build-system.ts wires one per switch at the pool's per-port rate) up to the replica's own scale-up links.
 *   With memory semantics that is a load: the pool's latency and the fabric's way there and back (two links and a
 *   switch each way). Without, a transfer posted by software (DRAM_FETCH_LATENCY_S) after a message round trip
 *   (comm/transfer-semantics.ts).
 * Example, AL128 (9 scale-up switches, cxl2-pool's 31.5 GB/s ports), a TP 8 replica: host 31.5 GB/s after 10.3 us;
 * scale-up 9 x 31.5 = 283.5 GB/s after 0.3 us + 2 x 270 ns.
 */
export function cxlFetch(system: System, cxl: NonNullable<System['spec']['cxl']>, gpus: number, servers: number): { bandwidth: number; latencyS: number } {
  if (cxl.attach === 'host') {
    return {
      bandwidth: Math.min(cxl.pool.bandwidthPerHost * servers, system.spec.server.hostLinkBandwidth * gpus),
      latencyS: cxl.pool.loadLatency + DRAM_FETCH_LATENCY_S,
    };
  }
  const up = system.spec.scaleUp;
  const wayS = 2 * up.linkLatency + up.switchLatency;
  const posted = up.memorySemantics ? 0 : DRAM_FETCH_LATENCY_S + MESSAGE_ROUND_TRIP_S;
  return {
    bandwidth: Math.min(cxl.pool.bandwidthPerHost * system.scaleUp.switchesPerDomain, system.scaleUp.provisionedPerGpu * up.protocolEfficiency * gpus),
    latencyS: cxl.pool.loadLatency + 2 * wayS + posted,
  };
}

/**
 * How fast an offloaded layer reaches one GPU of a replica of `gpus` GPUs: host memory over the GPU's own host link
 * (server.hostLinkBandwidth: PCIe, or NVLink-C2C on Grace), or its share of what the CXL pool gives the replica
 * (cxlFetch: through the hosts, or through the scale-up switches).
 */
export function offloadFetch(system: System, tier: OffloadTier, gpus: number): { bytesPerS: number; latencyS: number } {
  if (tier === 'dram') return { bytesPerS: system.spec.server.hostLinkBandwidth, latencyS: DRAM_FETCH_LATENCY_S };
  const pool = cxlFetch(system, poolOf(system), gpus, Math.max(1, Math.ceil(gpus / system.spec.server.gpus)));
  return { bytesPerS: pool.bandwidth / gpus, latencyS: pool.latencyS };
}

/** Bytes of one prefix block (PREFIX_BLOCK_TOKENS tokens) of KV cache over the whole replica. */
export function prefixBlockBytes(memory: ReplicaMemory): number {
  return PREFIX_BLOCK_TOKENS * memory.kvBytesPerToken;
}

/**
 * Which NICs a KV move between scale-up domains may take when the scale-out NICs hang on the scale-up switches
 * (scaleOut.nicAttach scale-up): any GPU of a domain reaches every NIC of it, so a move is striped over the NICs its
 * domain can give it. The NIC-selection rule: a domain's NICs are shared evenly by its GPUs that send KV (their transmit
 * sides) and, apart, by its GPUs that receive it (their receive sides), so each sending GPU gets domain / senders NICs'
 * worth and each receiving GPU domain / receivers; a NIC is full duplex, so the NICs of GPUs that only receive, or sit
 * idle, lend their transmit side to the senders beside them. A move gets the smaller of the two gains over its own GPUs'
 * NICs, at most what its GPUs' scale-up links carry. Behind the hosts (nicAttach host) a move takes its GPUs' NICs only.
 * Example, 2 AL128 domains (128 GPUs, one 400G NIC each), 8 TP 8 prefill replicas on GPUs 0-63, 16 decode on 64-191:
 * a move from domain 0 (64 sending GPUs: x2) into domain 1 (64 receiving GPUs: x2) stripes over 16 NICs, not 8. With
 * every domain full of senders or of receivers the gain is 1: pooling moves KV faster only where a domain has NICs to spare.
 */
export interface NicPool {
  /** NICs' worth (one per GPU's NIC) a move of `gpus` GPUs' shares from the replica at `from` to the one at `to` stripes over. */
  lanes(from: number, to: number, gpus: number): number;
}

/** The NIC pool of a deployment whose senders and receivers (first GPUs, `gpusPerReplica` each) sit on the system; undefined without pooled NICs. */
export function nicPool(system: System, senders: readonly number[], receivers: readonly number[], gpusPerReplica: number): NicPool | undefined {
  if (system.spec.scaleOut?.nicAttach !== 'scale-up' || !system.scaleOut) return undefined;
  const domain = system.spec.scaleUp.domainSize;
  const gpusPerDomain = (firsts: readonly number[]) => {
    const m = new Map<number, number>();
    for (const first of firsts) for (let g = first; g < first + gpusPerReplica; g++) m.set(Math.floor(g / domain), (m.get(Math.floor(g / domain)) ?? 0) + 1);
    return m;
  };
  const tx = gpusPerDomain(senders);
  const rx = gpusPerDomain(receivers);
  // How many NICs' worth one GPU's scale-up links carry (AL128: 1.75 TB/s over 50 GB/s = 35).
  const perGpu = (system.scaleUp.provisionedPerGpu * system.spec.scaleUp.protocolEfficiency) / system.scaleOut.bandwidthPerGpu;
  return {
    lanes(from, to, gpus) {
      const [a, b] = [Math.floor(from / domain), Math.floor(to / domain)];
      if (a === b) return gpus;
      const gain = Math.min(domain / (tx.get(a) ?? domain), domain / (rx.get(b) ?? domain));
      return gpus * Math.max(1, Math.min(gain, perGpu));
    },
  };
}

/**
 * KV-cache moves between replicas, priced by the network model: each GPU of the sending replica sends its share to
 * its peer in the receiving one, all at once, so a move takes one pair's send/receive of bytes / gpus. Each pair of
 * replicas is priced once as latency + bytes / bandwidth, from the collective model's send/receive of 1 KiB and 1 GiB
 * between their first GPUs (scale-up inside one domain, scale-out across). With NICs pooled on the scale-up switches
 * a move between domains stripes over the NICs the pool gives it (NicPool), bytes / lanes a NIC.
 */
export class KvTransferModel {
  private readonly fits = new Map<string, { latencyS: number; secondsPerByte: number }>();
  constructor(
    private readonly session: CollectiveSession,
    private readonly fidelity: Fidelity = 'analytical',
    private readonly pool?: NicPool,
  ) {}

  seconds(from: number, to: number, gpus: number, bytes: number): number {
    const key = `${from}|${to}`;
    let fit = this.fits.get(key);
    if (!fit) {
      const time = (size: number) =>
        runCollective(this.session, {
          op: 'sendrecv',
          group: [from, to],
          bytes: size,
          algorithm: 'auto',
          fidelity: this.fidelity,
          launch: false,
          computeBeforeS: 0,
        }).timeUs * 1e-6;
      const small = time(1024);
      const large = time(2 ** 30);
      fit = { latencyS: small, secondsPerByte: (large - small) / (2 ** 30 - 1024) };
      this.fits.set(key, fit);
    }
    return fit.latencyS + (bytes / (this.pool ? this.pool.lanes(from, to, gpus) : gpus)) * fit.secondsPerByte;
  }
}
