/**
 * How a published inference case maps to serving runs: steady-state rates of a replica (profiles), benchmarks run
 * request by request (static batches, closed and open loops), and ratios of two such runs (speedups). Types only.
 */

import type { FormatId } from '../compute/formats.js';
import type { MoeBackend } from '../serving/engines.js';
import type { EpBalance } from '../serving/ep-balance.js';
import type { OffloadTier, ReplicaShape } from '../serving/replica-shape.js';

/** A replica's steady-state rate: one decode or prefill iteration at a given load, or the decode batch within a TPOT. */
export interface SteadyRun {
  readonly kind: 'decode' | 'prefill' | 'decode-at-tpot';
  readonly key?: string;
  readonly preset: string;
  /** GPUs of the system built from the preset (whole deployment units); the replica takes the first tp x dpAttention. */
  readonly gpus: number;
  readonly model: string;
  readonly shape: ReplicaShape;
  /** decode: requests per attention group; prefill: prompt tokens per attention group. */
  readonly perGroup?: number;
  /** decode: the batch per attention group is as many requests as the replica's KV cache holds (an engine sized to fill it). */
  readonly fillKv?: boolean;
  /** decode: the context each request reads; prefill: the prompt length. */
  readonly tokens: number;
  readonly tpotS?: number;
  /** The published figure's unit: per GPU, or per 8-GPU node. */
  readonly per: 'gpu' | 'node';
  /** The serving engine whose share of GPU memory sizes the KV cache (engines.ts); default vLLM's. */
  readonly engine?: 'vllm' | 'sglang' | 'trtllm';
  /**
   * Hold off the GPU the fewest layers in this tier that leave KV cache for the step's tokens (serve's --weight-offload
   * without --offload-layers; serving/weight-offload.ts), where the source offloads without saying how many.
   */
  readonly offloadToFit?: OffloadTier;
}

/** What a benchmark reports: TTFT or time per output token at p50 or as means (ms), output tokens/s over all GPUs, per GPU or per user. */
export type BenchmarkMetric =
  | 'output-tokens-per-s'
  | 'output-tokens-per-s-per-gpu'
  | 'output-tokens-per-s-per-user'
  | 'ttft-ms'
  | 'tpot-ms'
  | 'ttft-mean-ms'
  | 'tpot-mean-ms';

/**
 * static-batch: `batch` requests at once; closed-loop: `batch` clients; open-loop: `requests` Poisson arrivals at
 * `rateRps` (Infinity: all at once).
 */
export interface BenchmarkRun {
  readonly kind: 'static-batch' | 'closed-loop' | 'open-loop';
  readonly key?: string;
  readonly preset: string;
  readonly gpus: number;
  readonly model: string;
  readonly tp: number;
  /** Number format of weights and GEMM inputs, and of the KV cache (default BF16). */
  readonly precision: FormatId;
  readonly kvPrecision?: FormatId;
  readonly batch: number;
  readonly rateRps?: number;
  readonly requests?: number;
  readonly input: number;
  readonly output: number;
  /** Attention data-parallel groups, experts over the replica, engine limits (the serve defaults otherwise). */
  readonly dpAttention?: number;
  readonly ep?: boolean;
  /** GPUs each routed expert's width splits over under `ep` (serve's --moe-tp); default 1. */
  readonly moeTp?: number;
  /** The attention projections' number format where the checkpoint keeps them wider than `precision`. */
  readonly attentionPrecision?: FormatId;
  /** How evenly routed tokens land on the EP ranks (serving/ep-balance.ts); default an expert load balancer's. */
  readonly epBalance?: EpBalance;
  readonly maxSequences?: number;
  readonly tokenBudget?: number;
  /** The serving engine the source ran (engines.ts; its memory share, admission and limits), and a memory share it set. */
  readonly engine?: 'vllm' | 'sglang' | 'trtllm';
  readonly gpuMemoryUtilization?: number;
  /** The MoE backend the source ran where it names one (serve's --moe-backend); default the engine's. */
  readonly moeBackend?: MoeBackend;
  /** Multi-token prediction: k draft tokens a step, each accepted with this chance (speculation.ts). */
  readonly mtp?: { readonly draftTokens: number; readonly acceptance: number };
  readonly metric: BenchmarkMetric;
}

/** A published ratio (a speedup): the figure of one run over the same figure of another. */
export interface RatioRun {
  readonly kind: 'ratio';
  readonly key?: string;
  readonly of: SteadyRun | BenchmarkRun;
  readonly over: SteadyRun | BenchmarkRun;
}

export type InferenceExpression = SteadyRun | BenchmarkRun | RatioRun;

export type InferenceCaseExpression = { readonly runs: readonly InferenceExpression[] } | { readonly skip: string };
