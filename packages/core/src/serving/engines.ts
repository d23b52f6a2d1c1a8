/**
 * Serving engines: the share of GPU memory each takes, how it admits a request against its KV cache, its batch limits
 * and its CPU overheads, each default with where it comes from. One registry; `serve`, `capacity` and sweeps read it.
 */

import type { MoeKernels } from '../compute/grouped-gemm.js';
import { KERNEL_GAP_S } from '../compute/kernel-floors.js';
import type { GpuSpec } from '../hardware/types.js';
import type { TransformerModel } from '../models/types.js';
import { createRegistry, type RegistryEntry } from '../registry/registry.js';
import type { Seconds } from '../units/units.js';
import { FRONT_END_CPU } from './host-cpu.js';

/**
 * How much HBM holds weights and KV cache: `share` of the whole GPU (vLLM gpu_memory_utilization, SGLang
 * mem_fraction_static), or of what the weights leave free (TensorRT-LLM free_gpu_memory_fraction).
 * Example: Llama-3-70B on TP 4 H100s (85.5 GB usable, 35.3 GB of weights a GPU): vLLM's 0.92 of the whole leaves
 * 0.92 x 85.5 - 35.3 = 43.4 GB of KV a GPU; TensorRT-LLM's 0.9 of the free leaves 0.9 x (85.5 - 35.3) = 45.2 GB.
 */
export interface EngineMemory {
  readonly share: number;
  readonly of: 'total' | 'free';
}

/**
 * When a prompt not yet started may start:
 * - `watermark`: when all of it fits with `share` of the cache left free (vLLM); running requests grow into the rest
 *   and the newest is preempted when they outgrow it.
 * - `reserve`: when it fits beside a reservation for every running request's tokens still to come, each counted up to
 *   `clipTokens` and times a ratio that starts at `initialRatio`, falls by (initial - min) / `decaySteps` an iteration
 *   to `minRatio`, and starts again at `initialRatio` after a preemption (SGLang's new_token_ratio). A ratio of 1 that
 *   never falls, unclipped, is TensorRT-LLM's GUARANTEED_NO_EVICT: a request starts only if it can run to its end.
 */
export type AdmissionPolicy =
  | { readonly kind: 'watermark'; readonly share: number }
  | { readonly kind: 'reserve'; readonly initialRatio: number; readonly minRatio: number; readonly decaySteps: number; readonly clipTokens: number };

/** The batch limits an engine starts with: requests running at once, new tokens an iteration. */
export interface EngineLimits {
  /** vLLM max_num_seqs, SGLang max_running_requests, TensorRT-LLM max_batch_size. */
  readonly maxSeqs: number;
  /** vLLM max_num_batched_tokens, SGLang chunked_prefill_size, TensorRT-LLM max_num_tokens. */
  readonly tokenBudget: number;
}

/** What an engine's defaults depend on: the GPU, the replica's TP and experts, and (for limits) the KV cache it got. */
export interface EngineContext {
  readonly gpu: GpuSpec;
  readonly tp: number;
  readonly ep: boolean;
  /** Attention data-parallel groups of the replica (default 1): engines whose limits are per DP rank scale by it. */
  readonly dpAttention?: number;
}

/**
 * A per-rank limit as the replica holds it: vLLM runs each data-parallel rank as its own engine core with its own
 * scheduler and limits (docs: Data Parallel Deployment); TensorRT-LLM's max_batch_size and max_num_tokens are per rank
 * under attention DP (best-practice guide for DeepSeek-R1: "--max_batch_size: Max batch size in each rank"). SGLang's are
 * global (server_args.py divides chunked_prefill_size and max_running_requests by the DP size).
 */
const perRank = (c: EngineContext, limits: EngineLimits): EngineLimits => {
  const dp = c.dpAttention ?? 1;
  return { maxSeqs: limits.maxSeqs * dp, tokenBudget: limits.tokenBudget * dp };
};

export interface ServingEngine extends RegistryEntry {
  memory(c: EngineContext): EngineMemory;
  limits(c: EngineContext, kvTokens: number, model: TransformerModel): EngineLimits;
  readonly admission: AdmissionPolicy;
  /**
   * The kernels its experts run by default: DeepGEMM-class grouped GEMMs fed by DeepEP under wide EP, or its own fused
   * MoE module; `--moe-backend` picks another (MOE_BACKENDS).
   */
  readonly moeKernels: MoeKernels;
  /**
   * CPU time an iteration's scheduling takes (forming the batch, allocating blocks, preparing inputs, sampling's
   * bookkeeping); with `overlapScheduling` it runs while the GPU computes the previous batch and costs only what
   * exceeds the GPU's time. No engine publishes a figure a step: 0 unless set.
   */
  readonly stepOverheadS: Seconds;
  readonly overlapScheduling: boolean;
  /**
   * Gap between two dependent kernels of a step (compute/kernel-floors.ts KERNEL_GAP_S, fitted on the development set
   * for every engine alike: none publishes its own). A stack that launches each kernel programmatically dependent on the
   * last and fuses its decode kernels pays less; `--kernel-gap` sets it.
   */
  readonly kernelGapS: Seconds;
  /**
   * Tokens a rank dispatches at most in one DeepEP low-latency call under wide EP, what its buffers are sized for
   * (deepep.ts lowLatencyBufferBytes); none for an engine whose all-to-all is not DeepEP's.
   */
  readonly lowLatencyDispatchTokens?: number;
}

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/**
 * vLLM's batch limits for its OpenAI server by the GPU's memory (EngineArgs.get_batch_defaults): 1,024 sequences and
 * 16,384 tokens from 160 GiB, 1,024 and 8,192 from 70 GiB (A100 aside), 256 and 2,048 below.
 */
function vllmLimits(gpu: GpuSpec): EngineLimits {
  if (gpu.hbmUsable >= 160 * GIB) return { maxSeqs: 1024, tokenBudget: 16_384 };
  if (gpu.hbmUsable >= 70 * GIB && !/A100/.test(gpu.name)) return { maxSeqs: 1024, tokenBudget: 8192 };
  return { maxSeqs: 256, tokenBudget: 2048 };
}

/** SGLang's chunked_prefill_size by GPU memory (memory_hook.py): 4,096 below 60 GB, 8,192 below 160 GB, 16,384 above. */
function sglangChunk(gpu: GpuSpec): number {
  const gb = gpu.hbmUsable / 1e9;
  return gb < 20 ? 2048 : gb < 60 ? 4096 : gb < 160 ? 8192 : 16_384;
}

/**
 * SGLang's mem_fraction_static when not set (memory_hook.py handle_gpu_memory_settings), in MiB: it reserves
 * 512 + 1.5 x max(chunk, 2,048) + 1,024 x TP / 8, the CUDA graphs (2 per decode batch size up to 256, or 512 from TP 4,
 * and 8 per prefill graph: 58 at an 8K chunk, 74 at 16K) and 2,048 more with DeepEP; at least 10 GiB on a GPU over
 * 60 GiB; the rest of the GPU is the share, to three places.
 * Example: H100 (81,559 MiB) at TP 1: 512 + 12,288 + 128 + 512 + 464 = 13,904 reserved: (81,559 - 13,904) / 81,559 = 0.830.
 */
function sglangMemory(c: EngineContext): EngineMemory {
  const mib = c.gpu.hbmUsable / MIB;
  const chunk = sglangChunk(c.gpu);
  const decodeGraphs = mib < 20 * 1024 ? 8 : c.tp >= 4 || mib >= 160 * 1024 ? 512 : 256;
  const prefillGraphs = chunk >= 16_384 ? 74 : 58;
  let reserved = 512 + 1.5 * Math.max(chunk, 2048) + (c.tp / 8) * 1024 + 2 * decodeGraphs + 8 * prefillGraphs + (c.ep ? 2048 : 0);
  if (mib > 60 * 1024) reserved = Math.max(reserved, 10 * 1024);
  return { share: Math.round(((mib - reserved) / mib) * 1000) / 1000, of: 'total' };
}

/** vLLM's share, the default engine's: 92% of the whole GPU. */
export const DEFAULT_MEMORY: EngineMemory = { share: 0.92, of: 'total' };

export const engines = createRegistry<ServingEngine>('serving engine', [
  {
    id: 'vllm',
    description:
      'vLLM (V1 engine): 92% of HBM for weights and KV; a new prompt starts when all of it fits, newest preempted first; 1,024 sequences and 8,192 tokens an iteration on an 80-141 GB GPU',
    source:
      'vllm-project/vllm: vllm/config/cache.py@002f10e0 CacheConfig.gpu_memory_utilization = 0.92 (0.9 before); ' +
      'vllm/v1/core/kv_cache_manager.py@003df296 allocate_slots (the whole prompt, watermark 0.0); vllm/v1/core/sched/scheduler.py ' +
      'preempts self.running.pop(); vllm/engine/arg_utils.py@002f10e0 get_batch_defaults; async scheduling on by default (vllm/config/vllm.py@000fc94b)',
    memory: () => DEFAULT_MEMORY,
    limits: (c) => perRank(c, vllmLimits(c.gpu)),
    // vllm/envs.py VLLM_MOE_DP_CHUNK_SIZE (256): the DeepEP low-latency manager's max_num_tokens, chunk by chunk.
    lowLatencyDispatchTokens: 256,
    admission: { kind: 'watermark', share: 0 },
    // vLLM's expert-parallel deployment runs DeepEP's all-to-all with DeepGEMM's grouped kernels (docs: Expert Parallel Deployment).
    moeKernels: 'deepgemm',
    stepOverheadS: 0 as Seconds,
    overlapScheduling: true,
    kernelGapS: KERNEL_GAP_S as Seconds,
  },
  {
    id: 'sglang',
    description:
      'SGLang: the GPU less a reserve for buffers and CUDA graphs (0.83 of an H100 at TP 1); a new request starts when it fits beside 0.7 of what the running ones will still write (falling to 0.098 over 600 iterations); 8,192-token chunks',
    source:
      'sgl-project/sglang: python/sglang/srt/environ.py@0003215c (init new-token ratio 0.7, min factor 0.14, decay steps 600, ' +
      'clip 4,096); managers/schedule_policy.py@00550cd1 PrefillAdder; arg_groups/memory_hook.py@031ed82d (mem_fraction_static, ' +
      'chunked_prefill_size); model_runner.py@001ccef0 max_running_requests; overlap schedule on (fields/schedule.py@001b8862)',
    memory: sglangMemory,
    limits: (c, kvTokens, model) => ({
      // max_running_requests: half the KV tokens, at most the request pool (512 a context's worth of tokens, 2,048 to 4,096).
      maxSeqs: Math.max(1, Math.min(Math.floor(kvTokens / 2), Math.min(Math.max(Math.floor((kvTokens / model.maxSeq) * 512), 2048), 4096))),
      tokenBudget: sglangChunk(c.gpu),
    }),
    admission: { kind: 'reserve', initialRatio: 0.7, minRatio: 0.7 * 0.14, decaySteps: 600, clipTokens: 4096 },
    // SGLANG_DEEPEP_NUM_MAX_DISPATCH_TOKENS_PER_RANK (128 unless set; its large-EP guides raise it with the batch).
    lowLatencyDispatchTokens: 128,
    // SGLang's large-scale EP: DeepEP (--moe-a2a-backend deepep) and DeepGEMM (LMSYS, 2025-05-05).
    moeKernels: 'deepgemm',
    stepOverheadS: 0 as Seconds,
    overlapScheduling: true,
    kernelGapS: KERNEL_GAP_S as Seconds,
  },
  {
    id: 'trtllm',
    description:
      'TensorRT-LLM (trtllm-serve): 90% of the memory the weights leave for KV; a request starts only when its whole output fits (GUARANTEED_NO_EVICT), so nothing is preempted; 2,048 requests, 8,192 tokens',
    source:
      'NVIDIA/TensorRT-LLM: tensorrt_llm/commands/serve.py@4c05a748 (--kv_cache_free_gpu_memory_fraction 0.9, ' +
      'GUARANTEED_NO_EVICT, max_batch_size and max_num_tokens from BuildConfig: 2,048 and 8,192); _torch/pyexecutor/_util.py@d8ae02ca ' +
      '(the fraction of what weights and the profiled peak leave); llm_args.py@fcd3f316 disable_overlap_scheduler = False',
    memory: () => ({ share: 0.9, of: 'free' }),
    limits: (c) => perRank(c, { maxSeqs: 2048, tokenBudget: 8192 }),
    admission: { kind: 'reserve', initialRatio: 1, minRatio: 1, decaySteps: 1, clipTokens: Number.POSITIVE_INFINITY },
    // TensorRT-LLM's MoE backend defaults to its CUTLASS fused module (llm_args.py MoeConfig backend 'CUTLASS'), what the
    // measured moe_perf tables time.
    moeKernels: 'fused-moe',
    stepOverheadS: 0 as Seconds,
    overlapScheduling: true,
    kernelGapS: KERNEL_GAP_S as Seconds,
  },
]);

export const DEFAULT_ENGINE = 'vllm';

/**
 * The MoE backends `--moe-backend` names, and the kernels each runs: DeepGEMM-class grouped GEMMs fed by DeepEP (vLLM's
 * and SGLang's wide EP), TensorRT-LLM's CUTLASS fused module (its default), TensorRT-LLM's TRTLLM-gen min-latency
 * module (its `moe_config.backend: TRTLLM`, Blackwell, FP4 experts).
 */
export const MOE_BACKENDS = { deepgemm: 'deepgemm', cutlass: 'fused-moe', 'trtllm-gen': 'trtllm-gen' } as const satisfies Record<string, MoeKernels>;
export type MoeBackend = keyof typeof MOE_BACKENDS;

/** An engine's settings as a run uses them: its defaults, with what the arguments set instead. */
export interface EngineSettings {
  readonly engine: ServingEngine;
  readonly memory: EngineMemory;
  readonly moeKernels: MoeKernels;
  readonly stepOverhead: { readonly seconds: number; readonly overlapped: boolean };
  /**
   * The front end's time on a request before its prompt may be scheduled: a fixed part and a part per prompt token. By
   * default the CPU work of the chat template and tokenization (host-cpu.ts frontEndS), which every engine's front end
   * runs with the same tokenizer library; `--request-overhead` sets a fixed time instead.
   */
  readonly requestOverhead: { readonly fixedS: number; readonly perPromptTokenS: number };
  readonly kernelGapS: Seconds;
  /** The batch limits, once the KV cache the memory share leaves is known. */
  limits(kvTokens: number, model: TransformerModel): EngineLimits;
}

/** The settings the arguments ask for: `engine` (default vLLM) with `gpuMemoryUtilization`, overheads and limits that override it. */
export function engineSettings(
  a: {
    readonly engine?: string;
    readonly gpuMemoryUtilization?: number;
    readonly stepOverhead?: Seconds;
    readonly requestOverhead?: Seconds;
    readonly kernelGap?: Seconds;
    readonly moeBackend?: MoeBackend;
    readonly maxSeqs?: number;
    readonly tokenBudget?: number;
  },
  c: EngineContext,
): EngineSettings {
  const engine = engines.get(a.engine ?? DEFAULT_ENGINE);
  const memory = engine.memory(c);
  return {
    engine,
    memory: a.gpuMemoryUtilization === undefined ? memory : { share: a.gpuMemoryUtilization, of: memory.of },
    moeKernels: a.moeBackend === undefined ? engine.moeKernels : MOE_BACKENDS[a.moeBackend],
    stepOverhead: { seconds: a.stepOverhead ?? engine.stepOverheadS, overlapped: engine.overlapScheduling },
    requestOverhead:
      a.requestOverhead === undefined
        ? { fixedS: FRONT_END_CPU.perRequestS, perPromptTokenS: FRONT_END_CPU.perPromptTokenS }
        : { fixedS: a.requestOverhead, perPromptTokenS: 0 },
    kernelGapS: a.kernelGap ?? engine.kernelGapS,
    limits(kvTokens, model) {
      const own = engine.limits(c, kvTokens, model);
      return { maxSeqs: a.maxSeqs ?? own.maxSeqs, tokenBudget: a.tokenBudget ?? own.tokenBudget };
    },
  };
}

/** What an engine sets of a replica's shape (replica-shape.ts): its memory share, expert kernels, step overhead and kernel gap. */
export function engineShape(engine: EngineSettings): {
  readonly memory: EngineMemory;
  readonly moeKernels?: MoeKernels;
  readonly stepOverhead?: { readonly seconds: number; readonly overlapped: boolean };
  readonly kernelGapS?: number;
} {
  return {
    memory: engine.memory,
    ...(engine.moeKernels === 'deepgemm' ? {} : { moeKernels: engine.moeKernels }),
    ...(engine.stepOverhead.seconds > 0 ? { stepOverhead: engine.stepOverhead } : {}),
    ...(engine.kernelGapS === KERNEL_GAP_S ? {} : { kernelGapS: engine.kernelGapS }),
  };
}
