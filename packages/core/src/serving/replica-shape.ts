/** What a replica is and what one of its iterations does: how it spreads the model (TP, attention-DP, EP, formats, the engine's settings) and the load of one step. Types only. */

import type { FormatId } from '../compute/formats.js';
import type { MoeKernels } from '../compute/grouped-gemm.js';
import type { EngineMemory } from './engines.js';
import type { EpBalance } from './ep-balance.js';
import type { Speculation } from './speculation.js';

/** How a replica spreads the model: TP inside each attention group, attention-DP groups side by side, experts over EP. */
export interface ReplicaShape {
  readonly tp: number;
  /** Attention data-parallel groups of TP GPUs each; the replica holds tp x dpAttention GPUs. */
  readonly dpAttention: number;
  /**
   * GPUs the routed experts spread over: 1 (experts split by TP like the dense MLP), all of the replica's, or, with
   * expertTp, the replica's GPUs over expertTp.
   */
  readonly ep: number;
  /**
   * GPUs each routed expert's width splits over when ep > 1 (expert tensor parallelism, TensorRT-LLM's
   * moe_tensor_parallel_size); default 1. Above 1 the replica is one attention group: every GPU holds the group's tokens
   * after attention, runs its experts' share of their width, and the layer's TP all-reduce sums the experts' outputs, so
   * nothing is dispatched.
   */
  readonly expertTp?: number;
  /** The number format of weights and GEMM inputs (numberFormats): its tensor rate and bytes. */
  readonly precision: FormatId;
  /**
   * The number format of the attention projections (QKV or MLA's down and up projections, the output projection) where
   * it differs from `precision`: NVFP4 DeepSeek checkpoints quantize the MLP and experts and keep attention in BF16.
   * Default `precision`.
   */
  readonly attentionPrecision?: FormatId;
  /** Bytes per KV-cache element: 2 (BF16), 1 (FP8, INT8), 0.5625 (NVFP4). */
  readonly kvBytesPerElement: number;
  /**
   * Two-batch overlap (SGLang --enable-two-batch-overlap; DeepSeek's dual micro-batch): the iteration runs as two
   * halves whose communication hides behind each other's compute, so it takes the slower of the two, not their sum.
   */
  readonly overlap?: boolean;
  /**
   * How evenly routed tokens land on the EP ranks (ep-balance.ts): placed by an expert load balancer (default, as wide-EP
   * deployments run), in order with none, or perfectly (what DeepSeek's profiles simulate).
   */
  readonly epBalance?: EpBalance;
  /**
   * Tokens a GPU dispatches at most in one low-latency call (DeepEP's num_max_dispatch_tokens_per_rank): its buffers
   * take experts x tokens x 2 messages each way of HBM beside the KV cache (deepep.ts lowLatencyBufferBytes). Default
   * none reserved.
   */
  readonly dispatchTokensPerRank?: number;
  /** Nodes a token's experts may span (DeepSeek-V3's group-limited routing: 4); default: any. */
  readonly epNodeLimit?: number;
  /**
   * SMs DeepEP's normal (prefill) dispatch and combine kernels run on, taken from compute while they overlap it
   * (default PREFILL_COMM_SMS, the 24 of DeepSeek's inference profile); the low-latency (decode) kernels wait on a receive hook and take none.
   */
  readonly commSms?: number;
  /** Speculative decoding: each decode step drafts k tokens and verifies them in one pass (speculation.ts). */
  readonly speculation?: Speculation;
  /** The serving engine's share of HBM for weights and KV cache (engines.ts); default vLLM's 0.92 of the whole. */
  readonly memory?: EngineMemory;
  /**
   * The expert kernels under wide EP (engines.ts): DeepGEMM-class grouped GEMMs in the masked and contiguous layouts
   * (default), the framework's fused MoE module (TensorRT-LLM's CUTLASS MoE), or TensorRT-LLM's min-latency module
   * (TRTLLM-gen, FP4 experts).
   */
  readonly moeKernels?: MoeKernels;
  /**
   * The engine's CPU time an iteration (engines.ts): added to the GPU's, or, overlapped, hidden behind it but for what
   * exceeds it. Default none.
   */
  readonly stepOverhead?: { readonly seconds: number; readonly overlapped: boolean };
  /** Seconds between two dependent kernels of a step (engines.ts); default KERNEL_GAP_S. */
  readonly kernelGapS?: number;
  /**
   * Layers whose weights live off the GPU and stream in before each use (weight-offload.ts): in host memory over the
   * GPUs' host links, or in the system's CXL pool; prefetched while the layers before them compute. Default none.
   */
  readonly weightOffload?: WeightOffload;
}

/** Where offloaded weights live and how many layers' worth (weight-offload.ts). */
export interface WeightOffload {
  readonly tier: OffloadTier;
  /** Layers whose weights (a MoE layer's routed experts, a dense layer's whole weights) are held off the GPU. */
  readonly layers: number;
}

/** Host memory over each GPU's host link (PCIe or NVLink-C2C), or the system's CXL memory pool. */
export const OFFLOAD_TIERS = ['dram', 'cxl'] as const;
export type OffloadTier = (typeof OFFLOAD_TIERS)[number];

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
  /** Prompt chunks among the prefill tokens (each on one attention group); default: spread over every group. */
  readonly prefillChunks?: number;
  /** Sequences that emit a token this iteration (decodes and prompts whose last chunk ran): the output head's rows. */
  readonly sampled: number;
}
