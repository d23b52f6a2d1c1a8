/** `serve`: a model served on a system under a request load, simulated request by request; the report the CLI prints. */

import { ConfigError } from '../base/errors.js';
import { CollectiveSession, type Fidelity } from '../comm/run.js';
import type { Precision } from '../compute/types.js';
import type { TransformerModel } from '../models/types.js';
import { type ServingAvailability, type ServingDeployment, servingAvailability } from '../resilience/serving.js';
import { systemEconomics, tokenEconomics } from '../system/economics.js';
import type { System } from '../system/system.js';
import { checkFits, KvTransferModel, prefixBlockBytes, replicaMemory, tierSpecs } from './deployment.js';
import { KV_TIERS, type KvTier, TieredPrefixCache } from './kv-tiers.js';
import { type ServeMetrics, type Slo, serveMetrics } from './metrics.js';
import { Replica, type ReplicaConfig } from './replica.js';
import { routers } from './routers.js';
import { schedulers } from './schedulers.js';
import { type ReplicaSlot, simulateServing } from './simulate.js';
import { atSpeed, type ReplicaShape, StepCostModel } from './step-cost.js';
import type { ServingRequest } from './workload.js';

export interface ServeOptions {
  readonly tp?: number;
  /** Attention data-parallel groups per replica (each TP GPUs); experts spread over all of them with `ep`. */
  readonly dpAttention?: number;
  /** Expert parallelism over the replica's GPUs: true spreads the experts over all tp x dpAttention GPUs. */
  readonly ep?: boolean;
  readonly precision?: Precision;
  /** KV-cache element bytes: 2 (BF16, default) or 1 (FP8). */
  readonly kvBytes?: 1 | 2;
  /** Prefill and decode replicas under disaggregation; default: every replica does both. */
  readonly pd?: { readonly prefill: number; readonly decode: number };
  /** Mixed replicas; default: as many as the GPUs hold. */
  readonly replicas?: number;
  readonly router?: string;
  /** Iteration scheduler, an id of `schedulers` (default 'chunked-prefill'). */
  readonly scheduler?: string;
  /** What preemption does when the KV cache runs out: 'recompute' (default) or 'swap' to host memory. */
  readonly preemption?: 'recompute' | 'swap';
  /** How collectives and KV moves are priced: 'analytical' (closed form, default) or 'flow' (the flow engine). */
  readonly fidelity?: Fidelity;
  /** New tokens per iteration at most (default 8,192) and decoding requests at most (default 256). */
  readonly tokenBudget?: number;
  readonly maxSequences?: number;
  /** Prefix-cache tiers, fastest first (default ['hbm']). */
  readonly kvTiers?: readonly KvTier[];
  readonly slo?: Slo;
  /** Two-batch overlap of communication with compute (see ReplicaShape.overlap); default off. */
  readonly overlap?: boolean;
  /** Nodes a token's experts may span; default: any. */
  readonly epNodeLimit?: number;
  /** Requests (the lowest ids) left out of the latency and throughput figures: a benchmark's warm-up. */
  readonly warmup?: number;
  /** Closed loop with this many concurrent clients (a concurrency benchmark) instead of the requests' arrival times. */
  readonly clients?: number;
  /** Healthy GPUs ready to replace a failed replica's (default: the system's GPUs the deployment leaves idle). */
  readonly spareGpus?: number;
  /** Starting a replica's engine on new GPUs, before its weights load (default 5 minutes). */
  readonly restartS?: number;
  /** Hears the requests finished so far, about every 1% of them (a page's progress bar); never changes the result. */
  readonly onProgress?: (finished: number, total: number) => void;
}

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
    readonly kvTokensPerReplica: number;
    readonly weightsPerGpuGiB: number;
  };
  readonly kv: { readonly hitRate: number; readonly byTier: Readonly<Record<KvTier, number>>; readonly tiers: readonly KvTier[] };
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
}

function servingEconomics(system: System, outputTokensPerSecPerGpu: number): ServeReport['economics'] {
  const economics = systemEconomics(system);
  const perToken = tokenEconomics(economics, outputTokensPerSecPerGpu);
  return { usdPerGpuHour: economics.usdPerGpuHour, joulesPerOutputToken: perToken.joulesPerToken, usdPerMillionOutputTokens: perToken.usdPerMillionTokens };
}

function whole(field: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new ConfigError([field], `expected a whole number >= ${min}, received ${value}`);
  return v;
}

export function serve(system: System, model: TransformerModel, requests: readonly ServingRequest[], options: ServeOptions = {}): ServeReport {
  if (requests.length === 0) throw new ConfigError(['--requests'], 'no requests to serve');
  const tp = whole('--tp', options.tp, 1);
  const dpAttention = whole('--dp-attention', options.dpAttention, 1);
  const gpusPerReplica = tp * dpAttention;
  if (model.heads % tp !== 0) throw new ConfigError(['--tp'], `TP ${tp} does not divide the ${model.heads} attention heads of ${model.id}`);
  if (options.ep && model.family !== 'moe') throw new ConfigError(['--ep'], `expert parallelism needs a mixture-of-experts model; ${model.id} is dense`);
  const ep = options.ep && model.family === 'moe' ? gpusPerReplica : 1;
  const shape: ReplicaShape = {
    tp,
    dpAttention,
    ep,
    precision: options.precision ?? 'bf16',
    kvBytesPerElement: options.kvBytes ?? 2,
    ...(options.overlap ? { overlap: true } : {}),
    ...(options.epNodeLimit === undefined ? {} : { epNodeLimit: whole('--ep-node-limit', options.epNodeLimit, 1) }),
  };
  const pd = options.pd;
  const mixed = pd ? 0 : whole('--replicas', options.replicas, Math.floor(system.gpus / gpusPerReplica));
  const prefill = pd ? whole('--pd', pd.prefill, 1) : 0;
  const decode = pd ? whole('--pd', pd.decode, 1) : 0;
  const needed = (mixed + prefill + decode) * gpusPerReplica;
  if (needed > system.gpus || needed === 0) {
    throw new ConfigError(
      [pd ? '--pd' : '--replicas'],
      `${mixed + prefill + decode} replicas of ${gpusPerReplica} GPUs need ${needed} GPUs; the system has ${system.gpus}`,
    );
  }
  const memory = replicaMemory(model, shape, system.spec.gpu.hbmUsable);
  const longest = requests.reduce((m, r) => Math.max(m, r.inputTokens + r.outputTokens), 0);
  checkFits(model, memory, longest, gpusPerReplica);
  const tiers = options.kvTiers ?? ['hbm'];
  for (const t of tiers) if (!KV_TIERS.includes(t)) throw new ConfigError(['--kv-tiers'], `'${t}' is not one of ${KV_TIERS.join(', ')}`);
  const router = routers.get(options.router ?? 'least-load');
  const session = new CollectiveSession(system);
  const fidelity = options.fidelity ?? 'analytical';
  const cost = new StepCostModel(model, shape, session, fidelity);
  const base = {
    capacityTokens: memory.kvTokens,
    tokenBudget: whole('--token-budget', options.tokenBudget, 8192),
    maxSequences: whole('--max-seqs', options.maxSequences, 256),
    chunkedPrefill: schedulers.get(options.scheduler ?? 'chunked-prefill').chunkedPrefill,
    preemption: options.preemption ?? 'recompute',
    // Every GPU of the replica copies its share over its own host link.
    // A request's KV lives on its attention group's TP GPUs; each copies its share over its own host link.
    swapSecondsPerToken: memory.kvBytesPerToken / (system.spec.server.hostLinkBandwidth * tp),
  };
  const blockBytes = prefixBlockBytes(memory);
  const slots: ReplicaSlot[] = [];
  const slowReplicas: { replica: number; speed: number }[] = [];
  const shared = new Map();
  const make = (role: ReplicaConfig['role']) => {
    const index = slots.length;
    const firstGpu = index * gpusPerReplica;
    const specs = tierSpecs(system, tiers, gpusPerReplica, blockBytes);
    const cache = new TieredPrefixCache(specs, blockBytes, shared);
    // Lower tiers are shared by every replica: one DRAM store per replica is private, the CXL pool and remote store are common.
    for (const [tier, store] of cache.stores()) if (tier === 'cxl' || tier === 'remote') shared.set(tier, store);
    const speed = slowestOf(system.gpuSpeed, firstGpu, gpusPerReplica);
    if (speed < 1) slowReplicas.push({ replica: index, speed });
    const slot = { replica: new Replica(index, { ...base, role }, atSpeed(cost, speed)), firstGpu, cache };
    slots.push(slot);
    return slot;
  };
  const front = pd ? Array.from({ length: prefill }, () => make('prefill')) : Array.from({ length: mixed }, () => make('mixed'));
  const back = pd ? Array.from({ length: decode }, () => make('decode')) : [];
  const clients = options.clients === undefined ? {} : { clients: whole('--concurrency', options.clients, 1) };
  const transfers = new KvTransferModel(session, fidelity);
  const result = simulateServing({
    system,
    requests,
    front,
    decode: back,
    router,
    kvBytesPerToken: memory.kvBytesPerToken,
    kvShards: tp,
    transfers,
    ...clients,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const gpus = (mixed + prefill + decode) * gpusPerReplica;
  const warmup = options.warmup ?? 0;
  const measured = warmup > 0 ? result.timings.filter((t) => t.id >= warmup) : result.timings;
  if (measured.length === 0) throw new ConfigError(['--warmup'], `all ${result.timings.length} requests are warm-up; expected fewer than ${warmup}`);
  const metrics = serveMetrics(measured, gpus, options.slo ?? {}, warmup > 0 ? 0 : result.inSystemSeconds);
  const hits = result.hitBlocks;
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
      kvTokensPerReplica: memory.kvTokens,
      weightsPerGpuGiB: memory.weightsPerGpu / 2 ** 30,
    },
    kv: { hitRate: result.promptBlocks > 0 ? (hits.hbm + hits.dram + hits.cxl + hits.remote) / result.promptBlocks : 0, byTier: hits, tiers },
    preemptions: result.preemptions,
    kvTransferSeconds: result.kvTransferS,
    fidelity,
    ...(system.gpuSpeed ? { slowReplicas } : {}),
    availability: deploymentAvailability(system, { gpusPerReplica, replicas: slots.length, weightsBytesPerGpu: memory.weightsPerGpu }, options, metrics),
    economics: servingEconomics(system, metrics.throughput.outputTokensPerSecPerGpu),
  };
}

function deploymentAvailability(system: System, deployment: ServingDeployment, options: ServeOptions, metrics: ServeMetrics): ServeReport['availability'] {
  const idle = system.gpus - deployment.replicas * deployment.gpusPerReplica;
  const spareGpus = options.spareGpus === undefined ? idle : whole('--spares', options.spareGpus, 0, 0);
  const a = servingAvailability(system, deployment, { spareGpus, ...(options.restartS === undefined ? {} : { restartS: options.restartS }) });
  return { ...a, outputTokensPerSecPerGpu: metrics.throughput.outputTokensPerSecPerGpu * a.availability };
}

/** The lowest speed among `count` GPUs from `first` (1 on a system without slow GPUs). */
function slowestOf(speeds: Float64Array | undefined, first: number, count: number): number {
  if (!speeds) return 1;
  let slowest = Number.POSITIVE_INFINITY;
  for (let g = first; g < first + count; g++) slowest = Math.min(slowest, speeds[g] ?? 1);
  return slowest;
}
