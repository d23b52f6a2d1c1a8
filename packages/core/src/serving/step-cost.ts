/**
 * Time of one serving iteration on one replica: the same kernel model training uses (GEMMs, attention, grouped expert
 * GEMMs, token permutation, roofline with the measured efficiency curves) for a batch of new tokens reading a KV cache,
 * plus the tensor-parallel all-reduces and expert all-to-alls the network model prices for the replica's GPUs.
 */

import { scaleOutBandwidth } from '../comm/context.js';
import { parseGroup } from '../comm/group.js';
import { type CollectiveSession, type Fidelity, runCollective } from '../comm/run.js';
import { type FormatId, formatOf } from '../compute/formats.js';
import { moeFixedS } from '../compute/grouped-gemm.js';
import { KERNEL_GAP_S } from '../compute/kernel-floors.js';
import { minLatencyMoeS } from '../compute/min-latency-moe.js';
import { gemmOp } from '../compute/ops.js';
import { opsTime } from '../compute/roofline.js';
import type { Op } from '../compute/types.js';
import { kernelGpuId } from '../hardware/types.js';
import type { TransformerModel } from '../models/types.js';
import { degradedFabric } from '../system/system.js';
import { inTraining } from '../training/calibration.js';
import { scaleOutCopiesPerToken } from '../training/node-limited-routing.js';
import { customAllReduceS } from './custom-all-reduce.js';
import { type DeepEpMode, deepEpS, type EpDirection } from './deepep.js';
import { offloadFetch } from './deployment.js';
import { DEFAULT_EP_BALANCE, epImbalance } from './ep-balance.js';
import { attentionTime, dispatchesTokens, expertFfnOnGpu, expertSideOps, layerParts, localExpertsOf } from './layer-ops.js';
import { LoadCache } from './load-cache.js';
import type { ReplicaShape, StepLoad } from './replica-shape.js';
import { type Speculation, tokensPerStep } from './speculation.js';
import { halfLoad, hottestGroup, type MoeParts, PREFILL_COMM_SMS, twoBatchDecodeLayerS, twoBatchLayerS } from './step-overlap.js';
import { offloadLayerBytesPerGpu, offloadWaitS } from './weight-offload.js';

export type { ReplicaShape, StepLoad } from './replica-shape.js';

export interface StepCost {
  readonly seconds: number;
  readonly computeS: number;
  readonly commS: number;
}

/** What a replica asks of its iteration cost: the time of one step of a given load. */
export interface IterationCost {
  step(load: StepLoad): StepCost;
}

/**
 * A replica whose slowest GPU runs at `speed` (1 nominal): every layer waits for it at the TP all-reduce or expert
 * all-to-all, so the step's compute stretches by 1 / speed and its communication does not.
 */
export function atSpeed(cost: IterationCost, speed: number): IterationCost {
  if (speed === 1) return cost;
  return {
    step(load) {
      const c = cost.step(load);
      return { seconds: c.seconds + c.computeS * (1 / speed - 1), computeS: c.computeS / speed, commS: c.commS };
    },
  };
}

/**
 * The iteration time model of one replica, cached per load: a serving run asks for the same few thousand loads over and
 * over, so each is priced once (loads are bucketed: KV reads to 64 tokens, attention pairs to 4,096; the first load of
 * a bucket prices it; load-cache.ts bounds how many are kept).
 */
export class StepCostModel implements IterationCost {
  private readonly cache = new LoadCache();
  private readonly commCache = new Map<string, number>();
  private readonly group: number[];

  constructor(
    readonly model: TransformerModel,
    readonly shape: ReplicaShape,
    private readonly session: CollectiveSession,
    /** How the replica's collectives are priced: the closed form, or the flow engine (contention on the fabric). */
    private readonly fidelity: Fidelity = 'analytical',
  ) {
    this.group = parseGroup(`0-${shape.tp * shape.dpAttention - 1}`, session.system.gpus);
  }

  /** Seconds between two dependent kernels of a step: the engine's, else the fitted default. */
  private get gapS(): number {
    return this.shape.kernelGapS ?? KERNEL_GAP_S;
  }

  /** Ops run one after another on one GPU of the replica, each a kernel paying the gap to the next. */
  private kernelsS(ops: readonly Op[], format: FormatId = this.shape.precision): number {
    return opsTime(ops, this.session.system.spec.gpu, formatOf(format).tensor, inTraining) + ops.length * this.gapS;
  }

  /** The attention projections' kernels, in their own number format (attentionPrecision). */
  private attentionProjectionsS(ops: readonly Op[]): number {
    return this.kernelsS(ops, this.shape.attentionPrecision ?? this.shape.precision);
  }

  /** A layer's attention kernels for the load: their time and their gaps. */
  private attentionS(load: StepLoad): number {
    return attentionTime(this.model, this.shape, load, this.session.system.spec.gpu) + attentionKernels(load) * this.gapS;
  }

  get gpus(): number {
    return this.shape.tp * this.shape.dpAttention;
  }

  step(load: StepLoad): StepCost {
    const gpu = this.gpuStep(load);
    const cpu = this.shape.stepOverhead;
    if (!cpu || gpu.seconds === 0) return gpu;
    return { ...gpu, seconds: cpu.overlapped ? Math.max(gpu.seconds, cpu.seconds) : gpu.seconds + cpu.seconds };
  }

  /** The iteration on the GPUs alone. */
  private gpuStep(load: StepLoad): StepCost {
    if (load.decodes + load.prefillTokens <= 0) return { seconds: 0, computeS: 0, commS: 0 };
    const spec = this.shape.speculation;
    if (!spec || load.decodes === 0) return this.cached(load);
    // A speculative step: k drafts, then a verify pass where every decoding sequence runs its drafts and its last token
    // (k + 1 queries) through the model, reading its context once, the head scoring every position; it yields E tokens
    // per sequence (tokensPerStep). The replica counts one token per iteration, so an iteration costs a step's decode
    // part over E, plus what its prefill chunks add to the verify pass.
    // Example: MTP k = 1 at 85%, a 20 ms verify and 0.5 ms draft: 1.85 tokens a step, 11.1 ms a token against ~19 ms.
    const q = spec.draftTokens + 1;
    const verifyOf = (prefillTokens: number, prefillPairs: number, sampled: number) =>
      this.cached({
        ...load,
        prefillTokens,
        prefillPairs,
        decodes: load.decodes * q,
        decodeKvTokens: load.decodeKvTokens * q,
        decodeKvReads: load.decodeKvReads ?? load.decodeKvTokens,
        sampled: sampled + load.decodes * (q - 1),
      });
    const decodeOnly = verifyOf(0, 0, load.decodes);
    const withPrefill = load.prefillTokens > 0 ? verifyOf(load.prefillTokens, load.prefillPairs, load.sampled) : decodeOnly;
    const draftS = spec.draftTokens * this.draftStepS(load.decodes, load.decodeKvTokens);
    const e = tokensPerStep(spec);
    const part = (f: (c: StepCost) => number, draft: number) => (f(decodeOnly) + draft) / e + f(withPrefill) - f(decodeOnly);
    return { seconds: part((c) => c.seconds, draftS), computeS: part((c) => c.computeS, draftS), commS: part((c) => c.commS, 0) };
  }

  private cached(load: StepLoad): StepCost {
    // KV pairs and KV reads differ only in a verify pass; both in one key part (reads are never more than pairs).
    const kv = Math.round(load.decodeKvTokens / 64) * 2 ** 24 + Math.round((load.decodeKvReads ?? load.decodeKvTokens) / 64);
    // The prompt chunks count where attention groups are several, up to one a group (the hottest group's share,
    // hottestGroup): more chunks than groups price as spread.
    const groups = this.shape.dpAttention;
    const pairs = Math.round(load.prefillPairs / 4096) + (groups > 1 ? Math.min(load.prefillChunks ?? groups, groups) * 2 ** 26 : 0);
    const hit = this.cache.find(load.decodes, load.prefillTokens, kv, pairs, load.sampled);
    if (hit >= 0) return { seconds: this.cache.value(hit, 0), computeS: this.cache.value(hit, 1), commS: this.cache.value(hit, 2) };
    const cost = this.price(load);
    this.cache.set(load.decodes, load.prefillTokens, kv, pairs, load.sampled, [cost.seconds, cost.computeS, cost.commS]);
    return cost;
  }

  private draftModelCost: StepCostModel | undefined;

  /**
   * One draft token for `decodes` sequences. MTP: one module of the model (a transformer layer of its last kind, a
   * 2h -> h projection and the shared output head; DeepSeek-V3 section 2.2), priced as one layer of a decode step plus
   * the head (the average layer of a decode step). A draft model: one decode step of it on the same GPUs, its own KV as
   * long as the sequences' contexts.
   */
  private draftStepS(decodes: number, kvTokens: number): number {
    const spec = this.shape.speculation as Speculation;
    const one: StepLoad = { decodes, decodeKvTokens: kvTokens, prefillTokens: 0, prefillPairs: 0, sampled: decodes };
    if (spec.method === 'draft' && spec.draftModel) {
      this.draftModelCost ??= new StepCostModel(spec.draftModel, { ...this.shape, ep: 1, speculation: undefined }, this.session, this.fidelity);
      return this.draftModelCost.step(one).seconds;
    }
    const full = this.cached(one);
    const gpu = this.session.system.spec.gpu;
    const m = Math.max(1, Math.ceil(decodes / this.shape.dpAttention));
    const head = gemmOp('proj', { m, n: Math.ceil(this.model.vocab / this.shape.tp), k: this.model.hidden }, 2);
    const projection = gemmOp('proj', { m, n: this.model.hidden, k: 2 * this.model.hidden }, 2);
    const headS = opsTime([head], gpu, formatOf(this.shape.precision).tensor, inTraining);
    const projectionS = opsTime([projection], gpu, formatOf(this.shape.precision).tensor, inTraining);
    return (full.seconds - headS) / this.model.layers + headS + projectionS;
  }

  private price(load: StepLoad): StepCost {
    const { model, shape } = this;
    const gpu = this.session.system.spec.gpu;
    const time = (ops: readonly Op[]) => this.kernelsS(ops);
    const moeLayers = model.family === 'moe' ? model.moe.moeLayers.length : 0;
    // The attention side runs on each group's own requests and waits for the most loaded group.
    const hot = hottestGroup(load, shape.dpAttention);
    const hotTokens = hot.decodes + hot.prefillTokens;
    // Per layer: the attention side (norms, projections, attention, dense MLP or shared experts) and the routed experts.
    const dense = layerParts(model, shape, hotTokens, false);
    const denseS = this.attentionProjectionsS([...dense.prep, ...dense.out]) + time(dense.mlp) + this.attentionS(hot);
    const whole = this.moeParts(load, hot);
    const head = gemmOp('proj', { m: Math.max(1, Math.ceil(hot.sampled / shape.dpAttention)), n: Math.ceil(model.vocab / shape.tp), k: model.hidden }, 2);
    const perGroup = hotTokens / shape.dpAttention;
    const tpS = shape.tp > 1 ? 2 * (this.tpAllReduce(perGroup * model.hidden * 2) + this.gapS) : 0;
    // Two-batch overlap runs every kernel once per micro-batch, each on half the load: a decode half still reads all the
    // weights and pays every kernel's floor, so the halves are priced as such, not as half the whole batch's times.
    const half = shape.overlap && moeLayers > 0 ? this.moeParts(halfLoad(load), halfLoad(hot)) : undefined;
    const moeLayerS = !half
      ? whole.sideS + whole.expertS + whole.dispatchS + whole.combineS
      : load.prefillTokens > 0
        ? twoBatchLayerS(half.sideS, half.expertS, half.dispatchS, half.combineS, kernelGpuId(gpu), whole.commSms)
        : twoBatchDecodeLayerS(half);
    const computeS = (model.layers - moeLayers) * denseS + moeLayers * (whole.sideS + whole.expertS) + time([head]);
    const commS = model.layers * tpS + moeLayers * (whole.dispatchS + whole.combineS);
    const seconds = (model.layers - moeLayers) * (denseS + tpS) + moeLayers * (moeLayerS + tpS) + time([head]);
    // Offloaded layers stream in behind the layers before them; the pass waits for what they do not hide.
    return { seconds: seconds + this.offloadWaitS(seconds), computeS, commS };
  }

  private offloadFetchCache: { bytesPerS: number; latencyS: number } | undefined;

  /** What one forward pass of `passS` waits for its offloaded layers (weight-offload.ts); 0 without offload. */
  private offloadWaitS(passS: number): number {
    const offload = this.shape.weightOffload;
    if (!offload) return 0;
    const system = this.session.system;
    this.offloadFetchCache ??= offloadFetch(system, offload.tier, this.gpus);
    return offloadWaitS(passS, this.model.layers, offload.layers, offloadLayerBytesPerGpu(this.model, this.shape), this.offloadFetchCache);
  }

  /**
   * One MoE layer's parts for a load: the attention side, the routed experts (grouped GEMMs in the contiguous layout when
   * the step prefills, masked when it only decodes, plus the layer's fixed routing cost), and DeepEP's dispatch and
   * combine (normal kernels on commSms SMs when the step prefills, low-latency kernels holding none when it only decodes).
   * `hot` is the load whose share is the most loaded attention group's (hottestGroup): the attention side runs on it,
   * and its GPUs send the most tokens to the dispatch.
   */
  private moeParts(load: StepLoad, hot: StepLoad = load): MoeParts {
    const { model, shape } = this;
    const gpu = this.session.system.spec.gpu;
    const tokens = load.decodes + load.prefillTokens;
    const hotTokens = hot.decodes + hot.prefillTokens;
    const time = (ops: readonly Op[]) => this.kernelsS(ops);
    const prefill = load.prefillTokens > 0;
    const commSms = prefill ? (shape.commSms ?? PREFILL_COMM_SMS) : 0;
    const none = { sideS: 0, prepS: 0, coreS: 0, sharedS: 0, expertS: 0, dispatchS: 0, combineS: 0, commSms };
    if (model.family !== 'moe') return none;
    const parts = layerParts(model, shape, hotTokens, true);
    const prepS = this.attentionProjectionsS(parts.prep);
    const coreS = this.attentionProjectionsS(parts.out) + this.attentionS(hot);
    const sharedS = time(parts.mlp);
    const side = { sideS: prepS + coreS + sharedS, prepS, coreS, sharedS };
    // Every rank waits for the hottest one at the dispatch and combine: its expert GEMMs and its share of the traffic
    // run `imbalance` over the mean (ep-balance.ts).
    const imbalance = epImbalance(shape.epBalance ?? DEFAULT_EP_BALANCE, model.moe.experts, shape.ep);
    // Wide EP feeds DeepGEMM-class kernels (contiguous layout when the step prefills, masked when it only decodes) unless
    // the engine runs its own fused MoE module; experts split by TP run a framework's fused MoE module.
    const layout = shape.ep <= 1 || shape.moeKernels === 'fused-moe' ? 'fused' : prefill ? 'contiguous' : 'masked';
    const expertS =
      shape.moeKernels === 'trtllm-gen'
        ? this.minLatencyExpertsS(tokens, imbalance)
        : time(expertSideOps(model, shape, tokens, layout, imbalance)) + moeFixedS(kernelGpuId(gpu), localExpertsOf(model.moe.experts, shape));
    // Experts split by TP, or by expert TP inside one attention group: the tokens are on every GPU already, and the layer's
    // TP all-reduce sums the experts' outputs.
    if (!dispatchesTokens(shape)) return { ...none, ...side, expertS };
    // Dispatch in the precision of the expert GEMMs' inputs, combine in BF16.
    const mode = prefill ? 'normal' : 'low-latency';
    // The hottest rank receives `imbalance` over the mean; the hottest attention group's GPUs send their own tokens.
    const perGpu = Math.max((tokens / this.gpus) * (1 + imbalance), hotTokens / this.gpus);
    const dispatchS =
      this.gapS +
      Math.max(this.deepEp(mode, 'dispatch', perGpu, commSms), this.expertAllToAll(perGpu, model.hidden * formatOf(shape.precision).bytesPerElement));
    const combineS = this.gapS + Math.max(this.deepEp(mode, 'combine', perGpu, commSms), this.expertAllToAll(perGpu, model.hidden * 2));
    return { ...side, expertS, dispatchS, combineS, commSms };
  }

  /**
   * One MoE layer's experts under TensorRT-LLM's min-latency module (compute/min-latency-moe.ts): one module, its routing
   * and finalize inside, so one gap to the next kernel.
   */
  private minLatencyExpertsS(tokens: number, imbalance: number): number {
    const { model, shape } = this;
    if (model.family !== 'moe') return 0;
    const { experts, expertsPerToken, expertFfn } = model.moe;
    const load = {
      tokens,
      experts,
      expertsPerToken,
      localExperts: localExpertsOf(experts, shape),
      imbalance,
      hidden: model.hidden,
      expertFfn: expertFfnOnGpu(expertFfn, shape),
      gated: model.activation === 'swiglu',
      bytesPerElement: formatOf(shape.precision).bytesPerElement,
      ep: shape.ep,
    };
    return minLatencyMoeS(load, this.session.system.spec.gpu) + this.gapS;
  }

  /**
   * A TP group's all-reduce of `bytes`: the frameworks' custom kernel where the group fits one scale-up domain and the
   * measured tables cover its size (serving/custom-all-reduce.ts), NCCL where that is faster or the only choice. The
   * custom kernel reads its peers' buffers with loads: a scale-up fabric without memory semantics leaves NCCL alone.
   */
  private tpAllReduce(bytes: number): number {
    const group = this.group.slice(0, this.shape.tp);
    const nccl = this.comm('allreduce', group, bytes);
    const system = this.session.system;
    // The custom kernel's fitted bandwidth assumes every NVLink up: a degraded fabric keeps NCCL's flow price.
    if (this.shape.tp > system.spec.scaleUp.domainSize || degradedFabric(system) || !system.spec.scaleUp.memorySemantics) return nccl;
    return Math.min(nccl, customAllReduceS(this.shape.tp, bytes, kernelGpuId(system.spec.gpu)) ?? nccl);
  }

  /**
   * One DeepEP dispatch or combine of `tokens` tokens per GPU (serving/deepep.ts): the scale-up and NIC rates of the
   * system, k copies a token, one scale-out copy per remote node holding one of its experts under node-limited routing.
   */
  private deepEp(mode: DeepEpMode, direction: EpDirection, tokens: number, sms: number): number {
    if (this.model.family !== 'moe') return 0;
    const system = this.session.system;
    const { experts, expertsPerToken: k } = this.model.moe;
    const domain = Math.min(system.spec.scaleUp.domainSize, this.gpus);
    const nodes = Math.ceil(this.gpus / domain);
    const traffic = {
      tokens,
      hidden: this.model.hidden,
      topK: k,
      experts,
      ep: this.gpus,
      gpusPerDomain: domain,
      remoteNodesPerToken: nodes > 1 ? scaleOutCopiesPerToken(nodes, this.shape.epNodeLimit ?? nodes, experts / nodes, k) : 0,
      // Formats of a byte or less dispatch in FP8 with block scales (DeepEP's FP8 path); BF16 dispatches BF16.
      fp8Dispatch: formatOf(this.shape.precision).bytesPerElement <= 1,
    };
    // Traffic the flow runs carry as background flows on the NICs (comm/run.ts CollectiveSession) leaves DeepEP's
    // closed form the rest of the NIC; closed-form runs already priced it as a share of the system's rate.
    const scaleOut = scaleOutBandwidth(system);
    const links = {
      scaleUpBytesPerS: system.scaleUp.provisionedPerGpu * system.spec.scaleUp.protocolEfficiency,
      scaleOutBytesPerS: Math.max(0.1 * scaleOut, scaleOut - this.session.backgroundPerGpu),
      gpuId: kernelGpuId(system.spec.gpu),
      memorySemantics: system.spec.scaleUp.memorySemantics,
    };
    return deepEpS(mode, direction, traffic, links, sms);
  }

  /**
   * The fabric's floor under a dispatch or combine, which DeepEP's kernels cannot beat: the same bytes as NCCL-class
   * all-to-alls at the run's fidelity (the flow engine sees contention a closed form misses). One dispatch or combine
   * of `tokens` tokens per GPU, `bytesPerCopy` per copy. Inside one scale-up domain, an
   * all-to-all of k copies each. Across domains, hierarchically as DeepEP's normal kernels run it: each token crosses
   * the scale-out once per remote node holding one of its experts (R copies, training/node-limited-routing.ts), to the
   * same-index GPU there, and fans out over the scale-up; the two run side by side, the slower setting the time.
   * Example, DeepSeek-V3 on EP 32 over 4 nodes: R = 4 x 0.90 x 3/4 = 2.7 scale-out copies per token instead of 7.
   */
  private expertAllToAll(tokens: number, bytesPerCopy: number): number {
    if (this.model.family !== 'moe') return 0;
    const k = this.model.moe.expertsPerToken;
    const domain = Math.min(this.session.system.spec.scaleUp.domainSize, this.gpus);
    const nodes = Math.ceil(this.gpus / domain);
    if (nodes <= 1) return this.comm('alltoall', this.group, tokens * k * bytesPerCopy);
    const copies = scaleOutCopiesPerToken(nodes, this.shape.epNodeLimit ?? nodes, this.model.moe.experts / nodes, k);
    const rail = this.group.filter((r) => r % domain === 0);
    const rails = this.comm('alltoall', rail, (tokens * copies * bytesPerCopy * nodes) / (nodes - 1));
    const local = this.comm('alltoall', this.group.slice(0, domain), tokens * k * bytesPerCopy);
    return Math.max(rails, local);
  }

  /**
   * One collective on the replica's GPUs, priced once per size: rounded to 1 KiB in the closed form, to a quarter octave
   * (at most 9% off) when the flow engine runs it, so an hour of serving asks it for a few dozen sizes.
   */
  private comm(op: 'allreduce' | 'alltoall', group: number[], perRankBytes: number): number {
    const size = this.fidelity === 'flow' ? quarterOctave(perRankBytes) : Math.max(1024, Math.round(perRankBytes / 1024) * 1024);
    const key = `${op}|${group.length}|${size}`;
    const hit = this.commCache.get(key);
    if (hit !== undefined) return hit;
    // nccl-tests sizes: an all-reduce's buffer, an all-to-all's per-rank buffer (its n pieces together).
    const seconds =
      runCollective(this.session, { op, group, bytes: size, algorithm: 'auto', fidelity: this.fidelity, launch: false, computeBeforeS: 0 }).timeUs * 1e-6;
    this.commCache.set(key, seconds);
    return seconds;
  }
}

/** Attention kernels a step launches per layer: one for its decodes, one for its prefill chunks. */
const attentionKernels = (load: StepLoad): number => (load.decodes > 0 ? 1 : 0) + (load.prefillTokens > 0 ? 1 : 0);

/** The nearest size 2^(k/4) of at least 1 KiB, in whole bytes. */
export const quarterOctave = (bytes: number): number => Math.round(2 ** (Math.round(Math.log2(Math.max(1024, bytes)) * 4) / 4));
