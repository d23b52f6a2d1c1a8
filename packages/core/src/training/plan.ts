/** The parallel plan of a training run: TP, PP (+VPP), DP/ZeRO, CP, EP, batch, precision, recomputation, checked against model and system. */

import { ConfigError } from '../base/errors.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { pipelineSchedules } from './pipeline/registry.js';
import { resolveChunkLayers, stageLayersOf } from './stages.js';

export type Precision = 'bf16' | 'fp8';
export type Recompute = 'none' | 'selective' | 'full';

/**
 * What selective recomputation redoes in the backward pass instead of keeping its output (Megatron-Core's
 * recompute_modules): 'core-attention' the attention core (Megatron's selective recomputation, the default);
 * 'norm' every RMSNorm / LayerNorm; 'mla-up-proj' MLA's query and key/value up-projections; 'activation' the MLP
 * activation (SwiGLU), whose input is kept instead. DeepSeek-V3 recomputes norm, mla-up-proj and activation
 * (DeepSeek-V3 technical report, sections 3.2.3 and 3.3.3).
 */
export type RecomputeModule = 'core-attention' | 'norm' | 'mla-up-proj' | 'activation';
export const RECOMPUTE_MODULES: readonly RecomputeModule[] = ['core-attention', 'norm', 'mla-up-proj', 'activation'];

/** What a user gives; dp is derived when omitted. */
export interface PlanInput {
  readonly tp: number;
  readonly pp: number;
  readonly vpp?: number;
  readonly dp?: number;
  readonly cp?: number;
  readonly ep?: number;
  /**
   * Expert tensor parallelism: how many GPUs split each expert's FFN (default TP, as the dense MLP). Below TP, Megatron-
   * Core's MoE parallel folding carves the expert groups from all TP x CP x DP ranks: with ETP 1 every GPU runs whole
   * experts on its sequence-parallel share of the tokens, and the expert all-to-all spans the TP ranks too.
   */
  readonly etp?: number;
  /** Micro-batch size in sequences. */
  readonly mbs: number;
  /** Global batch size in sequences. */
  readonly gbs: number;
  readonly seq: number;
  readonly precision?: Precision;
  readonly recompute?: Recompute;
  readonly zero?: 0 | 1 | 2 | 3;
  /** Megatron sequence parallelism with TP (default on when tp > 1). */
  readonly sequenceParallel?: boolean;
  /**
   * Attention kernel: 'flash' (FlashAttention, scores never leave SRAM; the default) or 'unfused' (scores written to
   * and read from HBM, as frameworks did before FlashAttention, 2022).
   */
  readonly attention?: AttentionKernel;
  /**
   * Overlap tensor-parallel all-gather / reduce-scatter with the GEMMs they feed (Megatron-Core / Transformer Engine
   * userbuffers, `tp_comm_overlap`); off by default: the collectives then sit on the critical path.
   */
  readonly tpOverlap?: boolean;
  /**
   * Overlap the data-parallel gradient reduction with the last micro-batch's backward and the parameter all-gather
   * with the first forward (Megatron-Core overlap_grad_reduce / overlap_param_gather, NeMo overlap_grad_sync /
   * overlap_param_sync; the default). False: all-reduce after the pipeline flush, as Megatron-LM's local DDP did
   * until 2023 (megatron/training.py: allreduce_gradients() after forward_backward_func).
   */
  readonly dpOverlap?: boolean;
  /**
   * Overlap the interleaved schedule's pipeline sends with compute (Megatron-Core overlap_p2p_comm, set by NeMo's
   * pipelined configs; the default). False: every send blocks, as in Megatron-LM 2021.
   */
  readonly ppOverlap?: boolean;
  /**
   * Bytes per element of the main-gradient buffer, which the data-parallel reduction moves: 4 (FP32 main gradients,
   * the default: Megatron-LM forces accumulate_allreduce_grads_in_fp32 with BF16, and apex DistributedFusedAdam's
   * grad_sync_dtype defaults to its FP32 state) or 2 (FP16 training, or grad_sync_dtype bf16).
   */
  readonly gradientBytes?: 2 | 4;
  /**
   * Bytes the optimizer keeps per parameter for its FP32 master copy: 4 (the default), or 2 where it stores only the
   * 16 low-order bits that the BF16 weights lack (apex DistributedFusedAdam store_param_remainders, which NeMo sets for
   * BF16 models: nemo/collections/nlp/models/language_modeling/megatron_base_model.py).
   */
  readonly masterWeightBytes?: 2 | 4;
  /** Bytes per element of each Adam moment, m and v: 4 (FP32, the default) or 2 (BF16: DeepSeek-V3, section 3.3.3). */
  readonly momentBytes?: 2 | 4;
  /**
   * Dropout on the attention probabilities and after each block (GPT-2/3 recipes: 0.1), which keeps 1-byte masks for
   * the backward pass; off by default (Llama and Nemotron train without it).
   */
  readonly dropout?: boolean;
  /** What recompute 'selective' redoes (default ['core-attention']); see RecomputeModule. */
  readonly recomputeModules?: readonly RecomputeModule[];
  /** Pipeline schedule, an id of `pipelineSchedules` (default '1f1b', or 'interleaved' with vpp > 1). */
  readonly schedule?: string;
  /**
   * Interleaved schedule: micro-batches that run through one chunk before a device moves to its next (Megatron-Core
   * microbatch_group_size_per_vp_stage, the tunable N of the Llama 3 paper, section 3.3.2); default pp (depth-first).
   * Fewer keep fewer activations in flight and wait more at chunk changes.
   */
  readonly microbatchGroup?: number;
  /**
   * Transformer layers on each pipeline stage, first to last (length pp), or with interleaving on each chunk in
   * virtual-stage order (length pp x vpp), summing to the model's layers; default: an even split, or the first and last
   * chunk one layer short where only that divides (see stages.ts).
   */
  readonly stageLayers?: readonly number[];
  /** Count the input embedding as a layer of the first chunk in the split (Megatron account_for_embedding_in_pipeline_split). */
  readonly accountForEmbedding?: boolean;
  /** Count the output layer and loss as a layer of the last chunk (Megatron account_for_loss_in_pipeline_split). */
  readonly accountForLoss?: boolean;
  /**
   * Share of each layer's saved activations kept in host memory between its forward and backward, in [0, 1)
   * (Megatron-Core / Transformer Engine activation CPU offloading: offloading n of a stage's L layers is n / L; the
   * fine-grained module offloading picks tensors instead); default 0. The copies ride the GPU's host link beside compute.
   */
  readonly offloadActivations?: number;
  /**
   * Fused token permutation around the experts (Megatron-Core moe_permute_fusion, Transformer Engine's permute and
   * unpermute kernels): 7 + 8 passes over the routed tokens instead of 9 + 11 (compute/moe-dispatch-ops.ts); default on.
   */
  readonly permuteFusion?: boolean;
  /**
   * Multi-token prediction depth D (DeepSeek-V3, section 2.2): D extra modules on the last stage, each a transformer
   * layer of the model's last kind, a 2h -> h projection and a pass through the shared output head and loss; default 0.
   */
  readonly mtpDepth?: number;
  /**
   * Node-limited expert routing: each token goes to experts on at most this many nodes, crossing the scale-out network
   * once per node and fanning out over the scale-up network there (DeepSeek-V3 M = 4, section 3.2.2). Default: none,
   * each routed copy crosses as its own all-to-all message.
   */
  readonly epNodeLimit?: number;
  /**
   * Streaming multiprocessors the expert all-to-all kernels occupy while they overlap computation in a DualPipe pair
   * (DeepSeek-V3: 20 of an H800's 132, section 3.2.2: "only 20 SMs are sufficient"); default 20.
   */
  readonly commSms?: number;
}

export type AttentionKernel = 'flash' | 'unfused';

/** Every field set; `microbatches` per pipeline per iteration. */
export interface ParallelPlan {
  readonly tp: number;
  readonly pp: number;
  readonly vpp: number;
  readonly dp: number;
  readonly cp: number;
  readonly ep: number;
  /** GPUs splitting each expert's FFN: TP (no folding) or a divisor of it. */
  readonly etp: number;
  readonly mbs: number;
  readonly gbs: number;
  readonly seq: number;
  readonly precision: Precision;
  readonly recompute: Recompute;
  readonly zero: 0 | 1 | 2 | 3;
  readonly sequenceParallel: boolean;
  readonly attention: AttentionKernel;
  readonly tpOverlap: boolean;
  readonly dpOverlap: boolean;
  readonly ppOverlap: boolean;
  readonly gradientBytes: 2 | 4;
  readonly masterWeightBytes: 2 | 4;
  readonly momentBytes: 2 | 4;
  readonly dropout: boolean;
  readonly recomputeModules: readonly RecomputeModule[];
  readonly schedule: string;
  /** Transformer layers on each pipeline stage (with VPP, over all of its chunks). */
  readonly stageLayers: readonly number[];
  /** Transformer layers on each chunk, in virtual-stage order (chunk c of stage s is virtual stage c pp + s). */
  readonly chunkLayers: readonly number[];
  /** Share of saved activations offloaded to host memory (0: none). */
  readonly offloadActivations: number;
  readonly permuteFusion: boolean;
  readonly mtpDepth: number;
  /** Nodes a token's experts may span; null: routing is not node-limited. */
  readonly epNodeLimit: number | null;
  readonly commSms: number;
  readonly microbatches: number;
  /** Micro-batches per chunk turn of the interleaved schedule (pp unless set). */
  readonly microbatchGroup: number;
  /** Transformer layers on the busiest pipeline stage. */
  readonly layersPerStage: number;
  readonly gpus: number;
}

const positive = (field: string, value: number | undefined, fallback?: number): number => {
  const v = value ?? fallback;
  if (v === undefined || !Number.isInteger(v) || v < 1) throw new ConfigError([field], `expected a positive whole number, received ${value}`);
  return v;
};

/**
 * Resolves and checks a plan. Rank order (Megatron's default) is TP fastest, then CP, then DP, then PP: TP groups
 * are consecutive ranks, so with TP <= domain size they stay inside a scale-up domain. EP groups are carved from
 * DP x CP ranks of the same TP rank (Megatron-Core expert parallelism).
 */
export function resolvePlan(model: TransformerModel, system: System, input: PlanInput): ParallelPlan {
  const tp = positive('--tp', input.tp);
  const pp = positive('--pp', input.pp);
  const vpp = positive('--vpp', input.vpp, 1);
  const cp = positive('--cp', input.cp, 1);
  const ep = positive('--ep', input.ep, 1);
  const mbs = positive('--mbs', input.mbs);
  const gbs = positive('--gbs', input.gbs);
  const seq = positive('--seq', input.seq);
  if (model.heads % tp !== 0) throw new ConfigError(['--tp'], `TP ${tp} does not divide the ${model.heads} attention heads of ${model.id}`);
  if (model.kvHeads % tp !== 0 && tp % model.kvHeads !== 0) {
    throw new ConfigError(['--tp'], `TP ${tp} neither divides nor is a multiple of the ${model.kvHeads} KV heads of ${model.id}`);
  }
  if (vpp > 1 && pp === 1) throw new ConfigError(['--vpp'], 'interleaving (VPP > 1) needs PP > 1');
  const chunkLayers = resolveChunkLayers(model, pp, vpp, input.stageLayers, {
    ...(input.accountForEmbedding === undefined ? {} : { embedding: input.accountForEmbedding }),
    ...(input.accountForLoss === undefined ? {} : { loss: input.accountForLoss }),
  });
  const stageLayers = stageLayersOf(chunkLayers, pp);
  const perReplica = tp * pp * cp;
  if (system.gpus % perReplica !== 0) throw new ConfigError(['--gpus'], `${system.gpus} GPUs are not a multiple of TP x PP x CP = ${perReplica}`);
  const dp = positive('--dp', input.dp, system.gpus / perReplica);
  if (tp * pp * dp * cp !== system.gpus) {
    throw new ConfigError(['--dp'], `TP ${tp} x PP ${pp} x DP ${dp} x CP ${cp} = ${tp * pp * dp * cp} GPUs, but the system has ${system.gpus}`);
  }
  const etp = positive('--etp', input.etp, tp);
  if (tp % etp !== 0) throw new ConfigError(['--etp'], `ETP ${etp} does not divide TP ${tp}: expert tensor groups are carved from tensor-parallel ranks`);
  checkExperts(model, ep, etp, tp * dp * cp);
  if (seq % cp !== 0) throw new ConfigError(['--cp'], `CP ${cp} does not divide the sequence of ${seq} tokens`);
  if (gbs % (mbs * dp) !== 0) throw new ConfigError(['--gbs'], `global batch ${gbs} is not a multiple of micro-batch ${mbs} x DP ${dp} = ${mbs * dp}`);
  const microbatches = gbs / (mbs * dp);
  const schedule = pipelineSchedules.get(input.schedule ?? (vpp > 1 ? 'interleaved' : '1f1b'));
  const microbatchGroup = positive('--microbatch-group', input.microbatchGroup, pp);
  if (input.microbatchGroup !== undefined && schedule.id !== 'interleaved') {
    throw new ConfigError(['--microbatch-group'], `micro-batch groups belong to the interleaved schedule (VPP > 1), not ${schedule.id}`);
  }
  schedule.check({ pp, vpp, microbatches, microbatchGroup });
  const zero = input.zero ?? 1;
  if (![0, 1, 2, 3].includes(zero)) throw new ConfigError(['--zero'], `expected 0, 1, 2 or 3, received ${zero}`);
  return {
    ...{ tp, pp, vpp, dp, cp, ep, etp, mbs, gbs, seq, zero, microbatches, microbatchGroup, stageLayers, chunkLayers, schedule: schedule.id },
    precision: input.precision ?? 'bf16',
    recompute: input.recompute ?? 'selective',
    sequenceParallel: input.sequenceParallel ?? tp > 1,
    attention: input.attention ?? 'flash',
    tpOverlap: input.tpOverlap ?? false,
    dpOverlap: input.dpOverlap ?? true,
    ppOverlap: input.ppOverlap ?? true,
    dropout: input.dropout ?? false,
    ...resolveExtras(model, system, input, ep, tp),
    layersPerStage: Math.max(...stageLayers),
    gpus: system.gpus,
  };
}

/** The precisions, recomputation modules, multi-token prediction and expert-routing options, checked. */
function resolveExtras(model: TransformerModel, system: System, input: PlanInput, ep: number, tp: number) {
  const gradientBytes = input.gradientBytes ?? 4;
  const masterWeightBytes = input.masterWeightBytes ?? 4;
  const momentBytes = input.momentBytes ?? 4;
  for (const [field, value] of [
    ['gradientBytes', gradientBytes],
    ['masterWeightBytes', masterWeightBytes],
    ['momentBytes', momentBytes],
  ] as const) {
    if (value !== 2 && value !== 4) throw new ConfigError([field], `expected 2 or 4, received ${value}`);
  }
  const recomputeModules = input.recomputeModules ?? ['core-attention'];
  for (const module of recomputeModules) {
    if (!RECOMPUTE_MODULES.includes(module)) throw new ConfigError(['--recompute-modules'], `'${module}' is not one of ${RECOMPUTE_MODULES.join(', ')}`);
  }
  const mtpDepth = nonNegative('--mtp-depth', input.mtpDepth ?? 0);
  const epNodeLimit = input.epNodeLimit === undefined ? null : positive('--ep-node-limit', input.epNodeLimit);
  if (epNodeLimit !== null && model.family !== 'moe') {
    throw new ConfigError(['--ep-node-limit'], `node-limited routing needs a mixture-of-experts model; ${model.id} is dense`);
  }
  const domain = system.spec.scaleUp.domainSize;
  const perNode = Math.max(1, Math.floor(domain / tp));
  if (epNodeLimit !== null && ep <= perNode) {
    throw new ConfigError(['--ep-node-limit'], `EP ${ep} fits in one ${domain}-GPU scale-up domain: there are no nodes to limit`);
  }
  if (epNodeLimit !== null && ep % perNode !== 0) {
    throw new ConfigError(['--ep-node-limit'], `node-limited routing needs EP ${ep} to span whole nodes of ${perNode} EP ranks each`);
  }
  const commSms = nonNegative('--comm-sms', input.commSms ?? DEFAULT_COMM_SMS);
  const offloadActivations = input.offloadActivations ?? 0;
  if (!(offloadActivations >= 0 && offloadActivations < 1)) {
    throw new ConfigError(['--offload-activations'], `expected a share of the activations in [0, 1), received ${offloadActivations}`);
  }
  const permuteFusion = input.permuteFusion ?? true;
  return {
    gradientBytes,
    masterWeightBytes,
    momentBytes,
    recomputeModules: [...recomputeModules],
    mtpDepth,
    epNodeLimit,
    commSms,
    offloadActivations,
    permuteFusion,
  };
}

/** SMs of DeepSeek-V3's overlapped all-to-all kernels (technical report section 3.2.2), the one published figure. */
export const DEFAULT_COMM_SMS = 20;

const nonNegative = (field: string, value: number): number => {
  if (!Number.isInteger(value) || value < 0) throw new ConfigError([field], `expected a whole number >= 0, received ${value}`);
  return value;
};

/** Experts divide over EP; EP x ETP groups tile the TP x DP x CP ranks of a stage (Megatron-Core MoE parallel folding). */
function checkExperts(model: TransformerModel, ep: number, etp: number, ranks: number): void {
  if (model.family !== 'moe') {
    if (ep > 1) throw new ConfigError(['--ep'], `EP ${ep} needs a mixture-of-experts model; ${model.id} is dense`);
    return;
  }
  const experts = model.moe.experts;
  if (ep > experts) throw new ConfigError(['--ep'], `EP ${ep} is larger than the ${experts} experts of ${model.id}`);
  if (experts % ep !== 0) throw new ConfigError(['--ep'], `EP ${ep} does not divide the ${experts} experts of ${model.id}`);
  if (ranks % (ep * etp) !== 0) {
    throw new ConfigError(['--ep'], `EP ${ep} x ETP ${etp} does not divide TP x DP x CP = ${ranks}: expert groups are carved from a stage's ranks`);
  }
}

/** GPU rank of (tp, cp, dp, pp) coordinates in Megatron order: TP fastest, then CP, DP, PP. */
export function rankOf(plan: ParallelPlan, c: { tp: number; cp: number; dp: number; pp: number }): number {
  return ((c.pp * plan.dp + c.dp) * plan.cp + c.cp) * plan.tp + c.tp;
}
