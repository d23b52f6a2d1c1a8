/** The parallel plan of a training run: TP, PP (+VPP), DP/ZeRO, CP, EP, batch, precision, recomputation, checked against model and system. */

import type { TransformerModel } from '../models/types.js';
import { ConfigError } from '../system/errors.js';
import type { System } from '../system/system.js';

export type Precision = 'bf16' | 'fp8';
export type Recompute = 'none' | 'selective' | 'full';

/** What a user gives; dp is derived when omitted. */
export interface PlanInput {
  readonly tp: number;
  readonly pp: number;
  readonly vpp?: number;
  readonly dp?: number;
  readonly cp?: number;
  readonly ep?: number;
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
  /**
   * Dropout on the attention probabilities and after each block (GPT-2/3 recipes: 0.1), which keeps 1-byte masks for
   * the backward pass; off by default (Llama and Nemotron train without it).
   */
  readonly dropout?: boolean;
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
  readonly dropout: boolean;
  readonly microbatches: number;
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
  const layersPerStage = stageLayers(model, pp, vpp);
  if (vpp > 1 && pp === 1) throw new ConfigError(['--vpp'], 'interleaving (VPP > 1) needs PP > 1');
  const perReplica = tp * pp * cp;
  if (system.gpus % perReplica !== 0) throw new ConfigError(['--gpus'], `${system.gpus} GPUs are not a multiple of TP x PP x CP = ${perReplica}`);
  const dp = positive('--dp', input.dp, system.gpus / perReplica);
  if (tp * pp * dp * cp !== system.gpus) {
    throw new ConfigError(['--dp'], `TP ${tp} x PP ${pp} x DP ${dp} x CP ${cp} = ${tp * pp * dp * cp} GPUs, but the system has ${system.gpus}`);
  }
  checkExperts(model, ep, dp * cp);
  if (seq % cp !== 0) throw new ConfigError(['--cp'], `CP ${cp} does not divide the sequence of ${seq} tokens`);
  if (gbs % (mbs * dp) !== 0) throw new ConfigError(['--gbs'], `global batch ${gbs} is not a multiple of micro-batch ${mbs} x DP ${dp} = ${mbs * dp}`);
  const microbatches = gbs / (mbs * dp);
  if (vpp > 1 && microbatches % pp !== 0) {
    throw new ConfigError(['--gbs'], `interleaved 1F1B needs micro-batches (${microbatches}) to be a multiple of PP ${pp}`);
  }
  const zero = input.zero ?? 1;
  if (![0, 1, 2, 3].includes(zero)) throw new ConfigError(['--zero'], `expected 0, 1, 2 or 3, received ${zero}`);
  const gradientBytes = input.gradientBytes ?? 4;
  const masterWeightBytes = input.masterWeightBytes ?? 4;
  for (const [field, value] of [
    ['gradientBytes', gradientBytes],
    ['masterWeightBytes', masterWeightBytes],
  ] as const) {
    if (value !== 2 && value !== 4) throw new ConfigError([field], `expected 2 or 4, received ${value}`);
  }
  return {
    tp,
    pp,
    vpp,
    dp,
    cp,
    ep,
    mbs,
    gbs,
    seq,
    precision: input.precision ?? 'bf16',
    recompute: input.recompute ?? 'selective',
    zero,
    sequenceParallel: input.sequenceParallel ?? tp > 1,
    attention: input.attention ?? 'flash',
    tpOverlap: input.tpOverlap ?? false,
    dpOverlap: input.dpOverlap ?? true,
    ppOverlap: input.ppOverlap ?? true,
    gradientBytes,
    masterWeightBytes,
    dropout: input.dropout ?? false,
    microbatches,
    layersPerStage,
    gpus: system.gpus,
  };
}

/**
 * Layers on the busiest stage. PP x VPP must divide the layers, or (without interleaving) the layers plus two: the
 * first and last stage then hold one layer fewer to make room for the embedding and the output head, as Llama 3
 * trained 126 layers on 16 stages (Llama 3 paper, section 3.3.2; Megatron's account-for-embedding split).
 */
function stageLayers(model: TransformerModel, pp: number, vpp: number): number {
  if (model.layers % (pp * vpp) === 0) return model.layers / pp;
  if (vpp === 1 && pp > 2 && (model.layers + 2) % pp === 0) return (model.layers + 2) / pp;
  throw new ConfigError(
    [vpp > 1 ? '--vpp' : '--pp'],
    `PP ${pp}${vpp > 1 ? ` x VPP ${vpp}` : ''} does not divide the ${model.layers} layers of ${model.id}${vpp === 1 && pp > 2 ? ` (nor ${model.layers + 2}, with the first and last stage one layer short)` : ''}`,
  );
}

function checkExperts(model: TransformerModel, ep: number, dpcp: number): void {
  if (model.family !== 'moe') {
    if (ep > 1) throw new ConfigError(['--ep'], `EP ${ep} needs a mixture-of-experts model; ${model.id} is dense`);
    return;
  }
  const experts = model.moe.experts;
  if (ep > experts) throw new ConfigError(['--ep'], `EP ${ep} is larger than the ${experts} experts of ${model.id}`);
  if (experts % ep !== 0) throw new ConfigError(['--ep'], `EP ${ep} does not divide the ${experts} experts of ${model.id}`);
  if (dpcp % ep !== 0) throw new ConfigError(['--ep'], `EP ${ep} does not divide DP x CP = ${dpcp}: expert groups are carved from data-parallel ranks`);
}

/** GPU rank of (tp, cp, dp, pp) coordinates in Megatron order: TP fastest, then CP, DP, PP. */
export function rankOf(plan: ParallelPlan, c: { tp: number; cp: number; dp: number; pp: number }): number {
  return ((c.pp * plan.dp + c.dp) * plan.cp + c.cp) * plan.tp + c.tp;
}
