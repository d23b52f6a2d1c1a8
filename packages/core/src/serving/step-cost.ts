/**
 * Time of one serving iteration on one replica: the same kernel model training uses (GEMMs, attention, grouped expert
 * GEMMs, token permutation, roofline with the measured efficiency curves) for a batch of new tokens reading a KV cache,
 * plus the tensor-parallel all-reduces and expert all-to-alls the network model prices for the replica's GPUs.
 */

import { scaleOutBandwidth } from '../comm/context.js';
import { parseGroup } from '../comm/group.js';
import { type CollectiveSession, type Fidelity, runCollective } from '../comm/run.js';
import { ATTENTION_KERNELS, type AttentionKernels, decodeAttentionS, prefillAttentionS } from '../compute/attention-kernels.js';
import { expertOps } from '../compute/expert-ops.js';
import { type FormatId, formatOf } from '../compute/formats.js';
import { type GroupedFamily, moeFixedS } from '../compute/grouped-gemm.js';
import { mlaProjectionOps } from '../compute/mla-ops.js';
import { dispatchOps } from '../compute/moe-dispatch-ops.js';
import { gemmOp, vectorOp } from '../compute/ops.js';
import { opsTime } from '../compute/roofline.js';
import { computeUnitsOf } from '../compute/saturation.js';
import type { GroupedLayout, Op } from '../compute/types.js';
import type { GpuSpec } from '../hardware/types.js';
import type { TransformerModel } from '../models/types.js';
import { degradedFabric } from '../system/system.js';
import { inTraining } from '../training/calibration.js';
import { scaleOutCopiesPerToken } from '../training/node-limited-routing.js';
import { DEFAULT_COMM_SMS } from '../training/plan-args.js';
import { customAllReduceS } from './custom-all-reduce.js';
import { type DeepEpMode, deepEpS, type EpDirection } from './deepep.js';
import type { EngineMemory } from './engines.js';
import { LoadCache } from './load-cache.js';
import { type Speculation, tokensPerStep } from './speculation.js';

/** How a replica spreads the model: TP inside each attention group, attention-DP groups side by side, experts over EP. */
export interface ReplicaShape {
  readonly tp: number;
  /** Attention data-parallel groups of TP GPUs each; the replica holds tp x dpAttention GPUs. */
  readonly dpAttention: number;
  /** GPUs the routed experts spread over: 1 (experts split by TP like the dense MLP) or all of the replica's. */
  readonly ep: number;
  /** The number format of weights and GEMM inputs (numberFormats): its tensor rate and bytes. */
  readonly precision: FormatId;
  /** Bytes per KV-cache element: 2 (BF16), 1 (FP8, INT8), 0.5625 (NVFP4). */
  readonly kvBytesPerElement: number;
  /**
   * Two-batch overlap (SGLang --enable-two-batch-overlap; DeepSeek's dual micro-batch): the iteration runs as two
   * halves whose communication hides behind each other's compute, so it takes the slower of the two, not their sum.
   */
  readonly overlap?: boolean;
  /** Nodes a token's experts may span (DeepSeek-V3's group-limited routing: 4); default: any. */
  readonly epNodeLimit?: number;
  /**
   * SMs DeepEP's normal (prefill) dispatch and combine kernels run on, taken from compute while they overlap it
   * (default DEFAULT_COMM_SMS, DeepSeek-V3's 20); the low-latency (decode) kernels wait on a receive hook and take none.
   */
  readonly commSms?: number;
  /** Speculative decoding: each decode step drafts k tokens and verifies them in one pass (speculation.ts). */
  readonly speculation?: Speculation;
  /** The serving engine's share of HBM for weights and KV cache (engines.ts); default vLLM's 0.92 of the whole. */
  readonly memory?: EngineMemory;
  /**
   * The expert kernels under wide EP (engines.ts): DeepGEMM-class grouped GEMMs in the masked and contiguous layouts
   * (default), or the framework's fused MoE module (TensorRT-LLM's CUTLASS MoE).
   */
  readonly moeKernels?: GroupedFamily;
  /**
   * The engine's CPU time an iteration (engines.ts): added to the GPU's, or, overlapped, hidden behind it but for what
   * exceeds it. Default none.
   */
  readonly stepOverhead?: { readonly seconds: number; readonly overlapped: boolean };
}

/** One iteration's work on the replica: decoding requests and prefill chunks, batched together. */
export interface StepLoad {
  /** Requests decoding one token each. */
  readonly decodes: number;
  /** Query-key pairs of those decodes: the sum of their contexts (times the queries each runs in a verify pass). */
  readonly decodeKvTokens: number;
  /** Tokens of KV cache the decodes read from HBM, when fewer than their pairs (a verify pass reads each context once); default decodeKvTokens. */
  readonly decodeKvReads?: number;
  /** Prompt tokens the iteration's prefill chunks compute. */
  readonly prefillTokens: number;
  /** Query-key pairs of those chunks: a chunk of c tokens after ctx cached ones forms c (ctx + (c + 1) / 2). */
  readonly prefillPairs: number;
  /** Sequences that emit a token this iteration (decodes and prompts whose last chunk ran): the output head's rows. */
  readonly sampled: number;
}

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
    const pairs = Math.round(load.prefillPairs / 4096);
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
    const tokens = load.decodes + load.prefillTokens;
    const time = (ops: readonly Op[]) => opsTime(ops, gpu, formatOf(shape.precision).tensor, inTraining);
    const moeLayers = model.family === 'moe' ? model.moe.moeLayers.length : 0;
    const attentionS = attentionTime(model, shape, load, gpu);
    // Per layer: the attention side (norms, projections, attention, dense MLP or shared experts) and the routed experts.
    const denseS = time(layerOps(model, shape, tokens, false)) + attentionS;
    const whole = this.moeParts(load);
    const head = gemmOp('proj', { m: Math.max(1, Math.ceil(load.sampled / shape.dpAttention)), n: Math.ceil(model.vocab / shape.tp), k: model.hidden }, 2);
    const perGroup = tokens / shape.dpAttention;
    const tpS = shape.tp > 1 ? 2 * this.tpAllReduce(perGroup * model.hidden * 2) : 0;
    // Two-batch overlap runs every kernel once per micro-batch, each on half the load: a decode half still reads all the
    // weights and pays every kernel's floor, so the halves are priced as such, not as half the whole batch's times.
    const half = shape.overlap && moeLayers > 0 ? this.moeParts(halfLoad(load)) : undefined;
    const moeLayerS = half
      ? twoBatchLayerS(half.sideS, half.expertS, half.dispatchS, half.combineS, gpu.id, whole.commSms)
      : whole.sideS + whole.expertS + whole.dispatchS + whole.combineS;
    const computeS = (model.layers - moeLayers) * denseS + moeLayers * (whole.sideS + whole.expertS) + time([head]);
    const commS = model.layers * tpS + moeLayers * (whole.dispatchS + whole.combineS);
    const seconds = (model.layers - moeLayers) * (denseS + tpS) + moeLayers * (moeLayerS + tpS) + time([head]);
    return { seconds, computeS, commS };
  }

  /**
   * One MoE layer's parts for a load: the attention side, the routed experts (grouped GEMMs in the contiguous layout when
   * the step prefills, masked when it only decodes, plus the layer's fixed routing cost), and DeepEP's dispatch and
   * combine (normal kernels on commSms SMs when the step prefills, low-latency kernels holding none when it only decodes).
   */
  private moeParts(load: StepLoad): { sideS: number; expertS: number; dispatchS: number; combineS: number; commSms: number } {
    const { model, shape } = this;
    const gpu = this.session.system.spec.gpu;
    const tokens = load.decodes + load.prefillTokens;
    const time = (ops: readonly Op[]) => opsTime(ops, gpu, formatOf(shape.precision).tensor, inTraining);
    const prefill = load.prefillTokens > 0;
    const commSms = prefill ? (shape.commSms ?? DEFAULT_COMM_SMS) : 0;
    if (model.family !== 'moe') return { sideS: 0, expertS: 0, dispatchS: 0, combineS: 0, commSms };
    const sideS = time(layerOps(model, shape, tokens, true)) + attentionTime(model, shape, load, gpu);
    // Wide EP feeds DeepGEMM-class kernels (contiguous layout when the step prefills, masked when it only decodes) unless
    // the engine runs its own fused MoE module; experts split by TP run a framework's fused MoE module.
    const layout = shape.ep <= 1 || shape.moeKernels === 'fused-moe' ? 'fused' : prefill ? 'contiguous' : 'masked';
    const expertS = time(expertSideOps(model, shape, tokens, layout)) + moeFixedS(gpu.id);
    if (shape.ep <= 1) return { sideS, expertS, dispatchS: 0, combineS: 0, commSms };
    // Dispatch in the precision of the expert GEMMs' inputs, combine in BF16.
    const mode = prefill ? 'normal' : 'low-latency';
    const perGpu = tokens / this.gpus;
    const dispatchS = Math.max(
      this.deepEp(mode, 'dispatch', perGpu, commSms),
      this.expertAllToAll(perGpu, model.hidden * formatOf(shape.precision).bytesPerElement),
    );
    const combineS = Math.max(this.deepEp(mode, 'combine', perGpu, commSms), this.expertAllToAll(perGpu, model.hidden * 2));
    return { sideS, expertS, dispatchS, combineS, commSms };
  }

  /**
   * A TP group's all-reduce of `bytes`: the frameworks' custom kernel where the group fits one scale-up domain and the
   * measured tables cover its size (serving/custom-all-reduce.ts), NCCL where that is faster or the only choice.
   */
  private tpAllReduce(bytes: number): number {
    const group = this.group.slice(0, this.shape.tp);
    const nccl = this.comm('allreduce', group, bytes);
    const system = this.session.system;
    // The custom kernel's fitted bandwidth assumes every NVLink up: a degraded fabric keeps NCCL's flow price.
    if (this.shape.tp > system.spec.scaleUp.domainSize || degradedFabric(system)) return nccl;
    return Math.min(nccl, customAllReduceS(this.shape.tp, bytes, system.spec.gpu.id) ?? nccl);
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
    const links = {
      scaleUpBytesPerS: system.scaleUp.provisionedPerGpu * system.spec.scaleUp.protocolEfficiency,
      scaleOutBytesPerS: scaleOutBandwidth(system),
      gpuId: system.spec.gpu.id,
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

/** One micro-batch of a two-batch-overlapped step: half of each of its figures. */
export function halfLoad(load: StepLoad): StepLoad {
  return {
    decodes: load.decodes / 2,
    decodeKvTokens: load.decodeKvTokens / 2,
    ...(load.decodeKvReads === undefined ? {} : { decodeKvReads: load.decodeKvReads / 2 }),
    prefillTokens: load.prefillTokens / 2,
    prefillPairs: load.prefillPairs / 2,
    sampled: load.sampled / 2,
  };
}

/** The nearest size 2^(k/4) of at least 1 KiB, in whole bytes. */
export const quarterOctave = (bytes: number): number => Math.round(2 ** (Math.round(Math.log2(Math.max(1024, bytes)) * 4) / 4));

/**
 * One layer's ops on one GPU for an iteration besides attention and the routed experts, per attention-DP group (its
 * share of the tokens): norms and residuals; QKV (or MLA's projections) and the output projection, weights split by
 * TP; the dense MLP (or an MoE layer's shared experts), split by TP.
 * Example, Llama-3-70B decode of 64 requests at 2K context on TP 8: the layer reads 1/8 of its 0.86 GB of BF16 weights
 * and 64 x 2048 x 2 x 8 x 128 x 2 B / 8 = 8.4 MB of KV: memory-bound, ~0.04 ms per layer on an H100.
 */
export function layerOps(model: TransformerModel, shape: ReplicaShape, tokens: number, moe: boolean): Op[] {
  const t = Math.max(1, Math.ceil(tokens / shape.dpAttention));
  const h = model.hidden;
  const tp = shape.tp;
  const b = formatOf(shape.precision).bytesPerElement;
  const ops: Op[] = [vectorOp('norm', 2 * 2 * t * h * 2), vectorOp('elementwise', 2 * 3 * t * h * 2)];
  const heads = Math.max(1, model.heads / tp);
  if (model.attention === 'mla') {
    ops.push(...mlaProjectionOps(model.mla, t, h, heads, b));
  } else {
    const kv = Math.max(1, model.kvHeads / tp) * model.headDim;
    ops.push(gemmOp('qkv', { m: t, n: heads * model.headDim + 2 * kv, k: h }, b));
  }
  const o = model.attention === 'mla' ? heads * model.mla.vHeadDim : heads * model.headDim;
  ops.push(gemmOp('proj', { m: t, n: h, k: o }, b));
  const gated = model.activation === 'swiglu';
  const mlp = (ffn: number) => {
    const f = Math.max(1, Math.ceil(ffn / tp));
    return [
      gemmOp('mlp-up', { m: t, n: (gated ? 2 : 1) * f, k: h }, b),
      vectorOp('elementwise', (gated ? 3 : 2) * t * f * 2),
      gemmOp('mlp-down', { m: t, n: h, k: f }, b),
    ];
  };
  if (!moe || model.family !== 'moe') return [...ops, ...mlp(model.ffn)];
  const { sharedExperts, expertFfn } = model.moe;
  if (sharedExperts > 0) ops.push(...mlp(sharedExperts * expertFfn));
  return ops;
}

/**
 * The routed-expert side of an MoE layer on one GPU: the router, the token permutation (none across GPUs: DeepEP-class
 * dispatch writes tokens in expert order as it moves them), and the grouped GEMMs of the experts the batch touches.
 */
export function expertSideOps(model: TransformerModel, shape: ReplicaShape, tokens: number, layout: GroupedLayout = 'masked'): Op[] {
  if (model.family !== 'moe') return [];
  const h = model.hidden;
  const b = formatOf(shape.precision).bytesPerElement;
  const gated = model.activation === 'swiglu';
  const { experts, expertsPerToken: k, expertFfn } = model.moe;
  const ops: Op[] = [];
  // The whole replica's tokens route to its experts: T x k copies over E experts, E / ep of them on each GPU, of which
  // the batch touches E (1 - (1 - k / E)^T) (DESIGN 4.6); each touched expert runs its copies through a grouped GEMM.
  const total = tokens;
  // EP that does not divide the experts holds ceil(E / ep) per GPU, the remainder redundant copies (DeepSeek's EP144).
  const local = Math.ceil(experts / shape.ep);
  const touched = Math.max(1, Math.round(local * (1 - (1 - k / experts) ** total)));
  const copiesPerGpu = (total * k) / shape.ep;
  const ffn = shape.ep > 1 ? expertFfn : Math.max(1, Math.ceil(expertFfn / shape.tp));
  const perGpuTokens = Math.max(1, Math.ceil(total / (shape.tp * shape.dpAttention)));
  const dispatch = dispatchOps({ tokens: perGpuTokens, hidden: h, experts, topK: k, localExperts: local, fused: true }, 'forward');
  ops.push(...(shape.ep > 1 ? dispatch.filter((op) => op.name === 'router') : dispatch));
  ops.push(...expertOps({ tokensPerExpert: copiesPerGpu / touched, hidden: h, expertFfn: ffn, gated, experts: touched, bytesPerElement: b, layout }));
  return ops;
}

/**
 * Share of dense BF16 peak serving attention kernels reach when compute-bound: FlashMLA, 580 TFLOP/s on an H800's 989
 * (deepseek-ai/FlashMLA README: "up to 3000 GB/s in memory-bound configuration and 580 TFLOPS in computation-bound
 * configuration on H800 SXM5"), 0.586; FlashAttention-3 reaches 0.75 on H100 (Shah et al., 2024), so this is the
 * conservative of the two. Serving engines ship these kernels; training rows of the dev set predate them
 * (FLASH_ATTENTION_UTILIZATION in training/layer-time.ts).
 */
export const SERVING_ATTENTION_UTILIZATION = 580 / 989;

/**
 * Attention of one layer on one GPU for the iteration, per attention-DP group, as the serving kernels run it
 * (compute/attention-kernels.ts): the decodes' kernel (floor, then the slower of its FLOPs and its KV-cache reads) and
 * the prefill chunks' (FLOPs at a utilization that ramps with the keys each query reads). Decodes read their whole
 * context; MLA decodes attend in the latent (weights absorbed: 2 (d_c + d_rope) + 2 d_c FLOPs per pair and head),
 * prefills decompress (2 (d_qk + d_v)); GQA 4 d_h. KV reads split over TP heads (KV heads fewer than TP are replicated).
 * Example: a Llama-3-70B decode of 64 requests at 2,048 context on TP 8 reads 64 x 2048 x 2 x 1 x 128 x 2 B = 67 MB per
 * layer and GPU: 23 us on an H100, plus the decode floor.
 */
export function attentionTime(
  model: TransformerModel,
  shape: ReplicaShape,
  load: StepLoad,
  gpu: GpuSpec,
  kernels: AttentionKernels = ATTENTION_KERNELS,
): number {
  const heads = Math.max(1, model.heads / shape.tp);
  const mla = model.attention === 'mla' ? model.mla : undefined;
  const decodeWidth = mla ? 2 * mla.kvLoraRank + mla.qkRopeHeadDim : 2 * model.headDim;
  const prefillWidth = mla ? mla.qkNopeHeadDim + mla.qkRopeHeadDim + mla.vHeadDim : 2 * model.headDim;
  const kvPerToken = (mla ? mla.kvLoraRank + mla.qkRopeHeadDim : 2 * Math.max(1, model.kvHeads / shape.tp) * model.headDim) * shape.kvBytesPerElement;
  const groups = shape.dpAttention;
  const decode = {
    flops: (2 * heads * load.decodeKvTokens * decodeWidth) / groups,
    kvBytes: ((load.decodeKvReads ?? load.decodeKvTokens) / groups) * kvPerToken,
  };
  const prefillReads = load.prefillTokens > 0 ? load.prefillPairs / load.prefillTokens : 0;
  const prefill = { flops: (2 * heads * load.prefillPairs * prefillWidth) / groups, kvBytes: (prefillReads / groups) * kvPerToken };
  const utilization = SERVING_ATTENTION_UTILIZATION;
  return (
    decodeAttentionS(decode, mla ? 'mla' : 'gqa', gpu, utilization, kernels) +
    prefillAttentionS(prefill, mla ? 'mla' : 'gqa', Math.max(1, prefillReads), gpu, utilization, kernels)
  );
}

/**
 * One MoE layer under two-batch overlap: the batch runs as two micro-batches, A and B, whose compute and communication
 * alternate in four slots per layer, [A attention | B combine], [A dispatch | B attention], [A experts | B dispatch],
 * [A combine | B experts], each as long as its slower half. The arguments are one micro-batch's times (half the load);
 * compute shares the GPU with the communication kernels, which hold `commSms` of its SMs (DeepSeek-V3 technical report,
 * section 3.2.2: 20 for prefill's normal kernels; decode's low-latency kernels wait on a receive hook and hold none,
 * deepseek-ai/DeepEP README).
 * Example: per micro-batch attention 6 ms, experts 5 ms, dispatch 3.5 ms, combine 6.5 ms (one layer's prefill on 32
 * H800s), SMs 132, 20 for communication: compute x 132 / 112 -> 7.1 and 5.9; slots max(7.1, 6.5) + max(3.5, 7.1) +
 * max(5.9, 3.5) + max(6.5, 5.9) = 26.6 ms, against 42 ms one after another.
 */
export function twoBatchLayerS(sideS: number, expertS: number, dispatchS: number, combineS: number, gpuId: string, commSms: number = DEFAULT_COMM_SMS): number {
  const sms = computeUnitsOf(gpuId);
  const slow = sms / Math.max(1, sms - commSms);
  const [a, e, d, c] = [sideS * slow, expertS * slow, dispatchS, combineS];
  return Math.max(a, c) + Math.max(d, a) + Math.max(e, d) + Math.max(c, e);
}
