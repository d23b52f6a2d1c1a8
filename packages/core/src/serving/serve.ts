/** `serve`: a model served on a system under a request load, simulated request by request; the report the CLI prints. */

import { argDefaults } from '../args/define.js';
import { ArgumentError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { CollectiveSession, type Fidelity } from '../comm/run.js';
import type { TransformerModel } from '../models/types.js';
import { type ServingAvailability, type ServingDeployment, servingAvailability } from '../resilience/serving.js';
import { systemEconomics, tokenEconomics } from '../system/economics.js';
import { type System, withScaleOutShare } from '../system/system.js';
import { powerReport, type RunPowerReport, runPower } from '../system/work-power.js';
import { checkFits, KvTransferModel, nicPool, prefixBlockBytes, replicaMemory, tierSpecs } from './deployment.js';
import { DEFAULT_EP_BALANCE, type EpBalance, epImbalance } from './ep-balance.js';
import { type HostCpuLoad, hostCpuLoad } from './host-cpu.js';
import { KV_TIERS, type KvTier, TieredPrefixCache, type TierSpec } from './kv-tiers.js';
import { type ServeMetrics, serveMetrics } from './metrics.js';
import { Replica, type ReplicaConfig } from './replica.js';
import { offloadReport, replicaDeployment, whole } from './replica-deployment.js';
import type { OffloadTier } from './replica-shape.js';
import { routers } from './routers.js';
import { schedulers } from './schedulers.js';
import { type ServeOptions, serveOptionArgs } from './serve-args.js';
import { type ReplicaSlot, simulateServing } from './simulate.js';
import { atSpeed, StepCostModel } from './step-cost.js';
import { longestRequestTokens, PREFIX_BLOCK_TOKENS, type RequestSource } from './workload.js';

/** The deployment's declared defaults (serve-args.ts), applied to a library caller's options as the commands apply them. */
const D = argDefaults(serveOptionArgs);

export interface ServeReport extends ServeMetrics {
  readonly system: string;
  readonly model: string;
  readonly gpus: number;
  readonly deployment: {
    readonly gpusPerReplica: number;
    readonly replicas: { readonly mixed: number; readonly prefill: number; readonly decode: number };
    readonly tp: number;
    readonly dpAttention: number;
    readonly ep: number;
    /**
     * With EP: how routed tokens land on the ranks (ep-balance.ts) and the hottest rank's excess over the mean that
     * every rank waits for at the dispatch and combine.
     */
    readonly epBalance?: { readonly balance: EpBalance; readonly hottestRankExcess: number };
    readonly kvTokensPerReplica: number;
    readonly weightsPerGpuGiB: number;
    /** With wide EP: HBM each GPU gives DeepEP's low-latency buffers, sized for the engine's tokens a call. */
    readonly dispatchBuffersPerGpuGiB?: number;
    /**
     * With weight offload: where the offloaded layers live, how many (0 when the weights fit as they are), what one takes
     * of each GPU, and how long one takes to come back over the tier (weight-offload.ts); each forward pass waits for
     * what its layers' compute does not hide.
     */
    readonly weightOffload?: { readonly tier: OffloadTier; readonly layers: number; readonly layerGiBPerGpu: number; readonly fetchMsPerLayer: number };
  };
  /** Prefix-cache hits over all prompt blocks, and each tier the run used (in `tiers` order, fastest first). */
  readonly kv: {
    readonly hitRate: number;
    readonly byTier: Readonly<Partial<Record<KvTier, KvTierReport>>>;
    readonly tiers: readonly KvTier[];
    /**
     * With a remote tier: its fetches and write-throughs, GB/s per GPU, and the share of the scale-out NICs they take
     * from the collectives where the DCN is the scale-out network (0 on a separate DCN).
     */
    readonly remoteTraffic?: { readonly gbytesPerSecPerGpu: number; readonly scaleOutShare: number };
  };
  readonly preemptions: number;
  readonly kvTransferSeconds: number;
  /** How collectives and KV moves were priced. */
  readonly fidelity: Fidelity;
  /** With slow GPUs (system `stragglers:`): the replicas whose slowest GPU runs below nominal, at that speed (their steps stretch). */
  readonly slowReplicas?: readonly { readonly replica: number; readonly speed: number }[];
  /**
   * The deployment under the system's failure rates: replica outages, the share of capacity up, the replicas down at
   * the worst 1% of moments, and the output rate per GPU the outages leave.
   */
  readonly availability: ServingAvailability & { readonly outputTokensPerSecPerGpu: number };
  /** The system's hour shared per GPU, facility energy and dollars per generated (output) token at the measured rate. */
  readonly economics: { readonly usdPerGpuHour: number; readonly joulesPerOutputToken: number; readonly usdPerMillionOutputTokens: number };
  /**
   * The system's draw over the run from what its GPUs did (system/work-power.ts): iterations that prefilled
   * compute-bound, decode-only ones memory-bound, the rest of the window idle; racks checked against their budgets.
   */
  readonly power: RunPowerReport;
  /** The hosts' CPUs over the run (host-cpu.ts): GPU workers, schedulers and the front end's work per OS image against its cores. */
  readonly hostCpu: HostCpuLoad;
}

/** What one KV tier held and gave back over a run. */
export interface KvTierReport {
  /** Prompt blocks found in this tier. */
  readonly blocksHit: number;
  /** Share of all prompt blocks found here. */
  readonly hitRate: number;
  /** Tokens of KV the tier holds per GPU: a replica's own tier over its GPUs, a shared one (CXL pools, the remote store) over the GPUs sharing it. */
  readonly tokensPerGpu: number;
  /** Tokens held in this tier and every tier above it, over HBM's alone (HBM 1). */
  readonly capacityMultiplier: number;
}

function servingEconomics(system: System, outputTokensPerSecPerGpu: number, facilityWatts: number): ServeReport['economics'] {
  const economics = systemEconomics(system, facilityWatts);
  const perToken = tokenEconomics(economics, outputTokensPerSecPerGpu);
  return { usdPerGpuHour: economics.usdPerGpuHour, joulesPerOutputToken: perToken.joulesPerToken, usdPerMillionOutputTokens: perToken.usdPerMillionTokens };
}

/** Serves `requests` (an array, or a trace walked from its file: see RequestSource) on `system`, request by request. */
export function serve(system: System, model: TransformerModel, requests: RequestSource, options: ServeOptions = {}): ServeReport {
  if (requests.length === 0) throw new ArgumentError('requests', 'no requests to serve');
  const longest = longestRequestTokens(requests);
  const { shape, engine, tp, dpAttention, gpusPerReplica, ep } = replicaDeployment(system, model, options, longest);
  const balance = shape.epBalance ?? DEFAULT_EP_BALANCE;
  const pd = options.pd;
  const mixed = pd ? 0 : whole('replicas', options.replicas, Math.floor(system.gpus / gpusPerReplica));
  const prefill = pd ? whole('pd', pd.prefill, 1) : 0;
  const decode = pd ? whole('pd', pd.decode, 1) : 0;
  const needed = (mixed + prefill + decode) * gpusPerReplica;
  if (needed > system.gpus || needed === 0) {
    throw new ArgumentError(
      pd ? 'pd' : 'replicas',
      `${mixed + prefill + decode} replicas of ${gpusPerReplica} GPUs need ${needed} GPUs; the system has ${system.gpus}`,
    );
  }
  const memory = replicaMemory(model, shape, system.spec.gpu.hbmUsable);
  checkFits(model, memory, longest, gpusPerReplica);
  const limits = engine.limits(memory.kvTokens, model);
  const tiers = options.kvTiers ?? D.kvTiers;
  for (const t of tiers) if (!KV_TIERS.includes(t)) throw new ArgumentError('kvTiers', `${excerpt(t)} is not one of ${KV_TIERS.join(', ')}`);
  const router = routers.get(options.router ?? D.router);
  const fidelity = options.fidelity ?? D.fidelity;
  const clients = options.concurrency === undefined ? {} : { clients: whole('concurrency', options.concurrency, 1) };
  const warmup = options.warmup ?? 0;
  const blockBytes = prefixBlockBytes(memory);
  const gpusPerPool = system.spec.cxl ? system.spec.cxl.hostsPerPool * system.spec.server.gpus : Number.POSITIVE_INFINITY;
  const storeKey = (tier: KvTier, firstGpu: number) => (tier === 'cxl' ? `cxl${Math.floor(firstGpu / gpusPerPool)}` : tier);
  const specs = tierSpecs(system, tiers, gpusPerReplica, blockBytes);
  // A converged DCN carries the remote store's traffic on the scale-out NICs: such a run goes twice (below).
  const passes = system.spec.dcn?.converged && system.scaleOut && tiers.includes('remote') ? 2 : 1;
  // One run of the load with collectives priced on `commSystem` (the system, or it with the scale-out share storage takes).
  const simulateOn = (commSystem: System, passIndex: number, backgroundPerGpu = 0) => {
    const progress = options.onProgress;
    const session = new CollectiveSession(commSystem, backgroundPerGpu);
    const cost = new StepCostModel(model, shape, session, fidelity);
    const base = {
      capacityTokens: memory.kvTokens,
      tokenBudget: limits.tokenBudget,
      maxSequences: limits.maxSeqs,
      admission: engine.engine.admission,
      chunkedPrefill: schedulers.get(options.scheduler ?? D.scheduler).chunkedPrefill,
      attentionGroups: dpAttention,
      preemption: options.preemption ?? D.preemption,
      // Every GPU of the replica copies its share over its own host link.
      // A request's KV lives on its attention group's TP GPUs; each copies its share over its own host link.
      swapSecondsPerToken: memory.kvBytesPerToken / (system.spec.server.hostLinkBandwidth * tp),
    };
    const slots: ReplicaSlot[] = [];
    const slowReplicas: { replica: number; speed: number }[] = [];
    // Lower tiers are shared: host DRAM is each replica's own, a CXL pool is common to the replicas on its hosts (the
    // pool of a replica's first GPU), the remote store to all.
    const shared = new Map<string, SharedStore>();
    const make = (role: ReplicaConfig['role']) => {
      const index = slots.length;
      const firstGpu = index * gpusPerReplica;
      const mine = new Map<KvTier, SharedStore>();
      for (const tier of ['cxl', 'remote'] as const) {
        const store = shared.get(storeKey(tier, firstGpu));
        if (store) mine.set(tier, store);
      }
      const cache = new TieredPrefixCache(specs, blockBytes, mine);
      for (const [tier, store] of cache.stores()) if (tier === 'cxl' || tier === 'remote') shared.set(storeKey(tier, firstGpu), store);
      const speed = slowestOf(system.gpuSpeed, firstGpu, gpusPerReplica);
      if (speed < 1) slowReplicas.push({ replica: index, speed });
      const slot = { replica: new Replica(index, { ...base, role }, atSpeed(cost, speed)), firstGpu, cache };
      slots.push(slot);
      return slot;
    };
    const front = pd ? Array.from({ length: prefill }, () => make('prefill')) : Array.from({ length: mixed }, () => make('mixed'));
    const back = pd ? Array.from({ length: decode }, () => make('decode')) : [];
    // KV moves from the prefill replicas to the decode ones; pooled NICs stripe a move between domains (deployment.ts).
    const pool = pd
      ? nicPool(
          system,
          front.map((s) => s.firstGpu),
          back.map((s) => s.firstGpu),
          gpusPerReplica,
        )
      : undefined;
    const transfers = new KvTransferModel(session, fidelity, pool);
    const result = simulateServing({
      system,
      requests,
      front,
      decode: back,
      router,
      kvBytesPerToken: memory.kvBytesPerToken,
      kvShards: tp,
      transfers,
      requestOverheadS: engine.requestOverhead.fixedS,
      requestOverheadSPerToken: engine.requestOverhead.perPromptTokenS,
      ...clients,
      ...(progress ? { onProgress: (done: number, total: number) => progress(passIndex * total + done, passes * total) } : {}),
      ...(warmup > 0 ? { warmup } : {}),
    });
    return { result, slots, shared, slowReplicas };
  };
  let pass = simulateOn(system, 0);
  // The remote store's fetches and write-throughs on a converged DCN ride the scale-out NICs the collectives use: the
  // load runs again with the collectives left the rest of the NICs (once, at the first run's storage traffic).
  const storage = storageTraffic(system, pass, blockBytes, (mixed + prefill + decode) * gpusPerReplica);
  // At flow fidelity the traffic runs as background flows on the NICs beside each collective's flows (max-min shares
  // them: at most its rate, at least its fair share); closed forms take it as a bandwidth share.
  if (passes === 2 && storage.scaleOutShare > 0) {
    pass = fidelity === 'flow' ? simulateOn(system, 1, storage.bytesPerSecPerGpu) : simulateOn(withScaleOutShare(system, 1 - storage.scaleOutShare), 1);
  }
  const { result, slots, shared, slowReplicas } = pass;
  const gpus = (mixed + prefill + decode) * gpusPerReplica;
  const timings = result.timings;
  if (timings.count === 0) throw new ArgumentError('warmup', `all ${timings.finished} requests are warm-up; expected fewer than ${warmup}`);
  const metrics = serveMetrics(timings, gpus, options.slo ?? {}, warmup > 0 ? 0 : result.inSystemSeconds);
  const hits = result.hitBlocks;
  const busy = { computeBound: result.busyReplicaS.prefilling * gpusPerReplica, memoryBound: result.busyReplicaS.decoding * gpusPerReplica };
  const power = runPower(
    system,
    { ...busy, communicating: 0, idle: Math.max(0, result.windowS * gpus - busy.computeBound - busy.memoryBound) },
    Math.min(gpus, system.gpus),
  );
  return {
    system: system.spec.name,
    model: model.id,
    gpus,
    ...metrics,
    deployment: {
      gpusPerReplica,
      replicas: { mixed, prefill, decode },
      tp,
      dpAttention,
      ep,
      ...(ep > 1 && model.family === 'moe' ? { epBalance: { balance, hottestRankExcess: epImbalance(balance, model.moe.experts, ep) } } : {}),
      kvTokensPerReplica: memory.kvTokens,
      weightsPerGpuGiB: memory.weightsPerGpu / 2 ** 30,
      ...(memory.dispatchBuffersPerGpu > 0 ? { dispatchBuffersPerGpuGiB: memory.dispatchBuffersPerGpu / 2 ** 30 } : {}),
      // Asked for and not needed: none offloaded, said so.
      ...(options.weightOffload
        ? { weightOffload: offloadReport(system, model, shape, shape.weightOffload ?? { tier: options.weightOffload, layers: 0 }, gpusPerReplica) }
        : {}),
    },
    kv: {
      hitRate: result.promptBlocks > 0 ? (hits.hbm + hits.dram + hits.cxl + hits.remote) / result.promptBlocks : 0,
      byTier: tierReports(specs, hits, result.promptBlocks, {
        replicaTokens: memory.kvTokens,
        gpusPerReplica,
        gpus,
        cxlStores: [...shared.keys()].filter((k) => k.startsWith('cxl')).length,
      }),
      tiers,
      ...(tiers.includes('remote') ? { remoteTraffic: { gbytesPerSecPerGpu: storage.bytesPerSecPerGpu / 1e9, scaleOutShare: storage.scaleOutShare } } : {}),
    },
    preemptions: result.preemptions,
    kvTransferSeconds: result.kvTransferS,
    fidelity,
    ...(system.gpuSpeed ? { slowReplicas } : {}),
    availability: deploymentAvailability(system, { gpusPerReplica, replicas: slots.length, weightsBytesPerGpu: memory.weightsPerGpu }, options, metrics),
    economics: servingEconomics(system, metrics.throughput.outputTokensPerSecPerGpu, power.facilityWatts),
    power: powerReport(power),
    hostCpu: hostCpuLoad(system, slots.length, gpusPerReplica, {
      requestsPerS: metrics.throughput.requestsPerSec,
      promptTokensPerS: metrics.throughput.inputTokensPerSecPerGpu * gpus,
      outputTokensPerS: metrics.throughput.outputTokensPerSecPerGpu * gpus,
    }),
  };
}

/**
 * The remote store's traffic over a run: blocks fetched and blocks written through, per GPU of the deployment per
 * second, and on a converged DCN (the scale-out NICs carry it) its share of a GPU's scale-out bandwidth, at most 0.9.
 * Example: 1,000 blocks of 5.2 MB over 100 s on 16 GPUs is 3.3 MB/s a GPU: 0.007% of a 50 GB/s NIC.
 */
function storageTraffic(
  system: System,
  pass: { readonly result: { readonly hitBlocks: Readonly<Record<KvTier, number>>; readonly windowS: number }; readonly slots: readonly ReplicaSlot[] },
  blockBytes: number,
  gpus: number,
): { readonly bytesPerSecPerGpu: number; readonly scaleOutShare: number } {
  const blocks = pass.result.hitBlocks.remote + pass.slots.reduce((n, slot) => n + slot.cache.written.remote, 0);
  const bytesPerSecPerGpu = pass.result.windowS > 0 ? (blocks * blockBytes) / pass.result.windowS / gpus : 0;
  const out = system.spec.scaleOut;
  const nic = out && system.scaleOut ? system.scaleOut.bandwidthPerGpu * out.protocolEfficiency : 0;
  const scaleOutShare = system.spec.dcn?.converged && nic > 0 ? Math.min(0.9, bytesPerSecPerGpu / nic) : 0;
  return { bytesPerSecPerGpu, scaleOutShare };
}

type SharedStore = ReturnType<TieredPrefixCache['stores']> extends Map<KvTier, infer S> ? S : never;

/**
 * Each tier's hits and capacity: HBM holds the replica's KV cache, host DRAM its own store, a CXL pool its capacity once
 * per pool the deployment's replicas use, the remote store its capacity once; per GPU over the GPUs that hold or share it.
 * Example: Llama-3-70B TP 8 on an AL128 (1.33M KV tokens a replica of 8 GPUs: 166K a GPU) with one 2 TiB CXL pool
 * for 128 GPUs (6.7M tokens of 327,680 B: 52K a GPU): HBM 1, CXL 1.31.
 */
function tierReports(
  specs: readonly TierSpec[],
  hits: Readonly<Record<KvTier, number>>,
  promptBlocks: number,
  d: { readonly replicaTokens: number; readonly gpusPerReplica: number; readonly gpus: number; readonly cxlStores: number },
): Partial<Record<KvTier, KvTierReport>> {
  const out: Partial<Record<KvTier, KvTierReport>> = {};
  let hbm = 0;
  let held = 0;
  for (const spec of specs) {
    const tokens = spec.capacityBlocks * PREFIX_BLOCK_TOKENS;
    const tokensPerGpu =
      spec.tier === 'hbm'
        ? d.replicaTokens / d.gpusPerReplica
        : spec.tier === 'dram'
          ? tokens / d.gpusPerReplica
          : ((spec.tier === 'cxl' ? Math.max(1, d.cxlStores) : 1) * tokens) / d.gpus;
    if (spec.tier === 'hbm') hbm = tokensPerGpu;
    held += tokensPerGpu;
    out[spec.tier] = {
      blocksHit: hits[spec.tier],
      hitRate: promptBlocks > 0 ? hits[spec.tier] / promptBlocks : 0,
      tokensPerGpu,
      capacityMultiplier: hbm > 0 ? held / hbm : 0,
    };
  }
  return out;
}

function deploymentAvailability(system: System, deployment: ServingDeployment, options: ServeOptions, metrics: ServeMetrics): ServeReport['availability'] {
  const idle = system.gpus - deployment.replicas * deployment.gpusPerReplica;
  const spareGpus = options.spares === undefined ? idle : whole('spares', options.spares, 0, 0);
  const a = servingAvailability(system, deployment, { spareGpus, ...(options.restart === undefined ? {} : { restartS: options.restart }) });
  return { ...a, outputTokensPerSecPerGpu: metrics.throughput.outputTokensPerSecPerGpu * a.availability };
}

/** The lowest speed among `count` GPUs from `first` (1 on a system without slow GPUs). */
function slowestOf(speeds: Float64Array | undefined, first: number, count: number): number {
  if (!speeds) return 1;
  let slowest = Number.POSITIVE_INFINITY;
  for (let g = first; g < first + count; g++) slowest = Math.min(slowest, speeds[g] ?? 1);
  return slowest;
}
