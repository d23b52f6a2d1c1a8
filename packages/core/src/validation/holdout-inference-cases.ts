/**
 * How the held-back serving cases of number formats, multi-token prediction, wide expert parallelism and supernode
 * against node map to serving runs: GB200 NVL72 and CloudMatrix384 against H100 and B200 nodes. Data only.
 */

import type { FormatId } from '../compute/formats.js';
import type { MoeBackend } from '../serving/engines.js';
import { acceptanceFor } from '../serving/speculation.js';
import type { ReplicaShape } from '../serving/step-cost.js';
import { SGLANG_H100_DECODE, SGLANG_H100_PREFILL_2K } from './inference-cases.js';
import type { BenchmarkRun, InferenceCaseExpression, SteadyRun } from './inference-expression.js';

/**
 * SGLang's DeepSeek decode on GB200 NVL72 (lmsys.org GB200 blogs, parts I and II): 48 GPUs of the rack's NVLink domain,
 * attention data-parallel over all, experts over all (DeepEP low-latency over NVLink), no two-batch overlap (part I
 * turns it off on NVL72), 2,000-token contexts, per GPU.
 */
function nvl72Decode(precision: FormatId, kvBytesPerElement: number, batch: number | 'fill-kv', attentionPrecision: FormatId): SteadyRun {
  const shape: ReplicaShape = { tp: 1, dpAttention: 48, ep: 48, precision, kvBytesPerElement, attentionPrecision };
  return {
    ...{ kind: 'decode', preset: 'gb200-nvl72', gpus: 72, model: 'deepseek-v3', shape, tokens: 2000, per: 'gpu', engine: 'sglang' },
    ...(batch === 'fill-kv' ? { fillKv: true } : { perGroup: batch }),
  };
}

/**
 * SGLang's DeepSeek prefill instances on GB200 NVL72 (lmsys.org GB200 part II, 'Scaling Down by Offloading'): `gpus`
 * ranks, attention data-parallel over all, experts over all, the fewest layers in Grace memory that leave KV for the
 * step's prompts (weights prefetched over NVLink-C2C); 2,000-token prompts, 16,384 tokens a GPU, per GPU.
 */
function nvl72Prefill(precision: FormatId, kvBytesPerElement: number, attentionPrecision: FormatId, gpus: number): SteadyRun {
  const shape: ReplicaShape = { tp: 1, dpAttention: gpus, ep: gpus, precision, kvBytesPerElement, attentionPrecision };
  return {
    ...{ kind: 'prefill', preset: 'gb200-nvl72', gpus: 72, model: 'deepseek-v3', shape, perGroup: 16384, tokens: 2000, per: 'gpu' },
    ...{ engine: 'sglang', offloadToFit: 'dram' },
  };
}

/**
 * TensorRT-LLM's DeepSeek-R1 at batch 1 on eight GPUs (tech blog 1; best-practice guide's min-latency runs): TP 8, one
 * request of 1,024 in and 2,048 out at a time, output tokens/s per user; MTP with k drafts at `tokensPerStep` accepted
 * tokens a step (none without); experts EP x TP (moeTp) as each run sets them; NVFP4 runs keep attention in BF16 (the blog's
 * precision table); the MoE backend where the run names one.
 */
function minLatency(preset: string, precision: FormatId, mtp?: { k: number; tokensPerStep: number }, moeTp?: number, moeBackend?: MoeBackend): BenchmarkRun {
  return {
    ...{ kind: 'closed-loop', preset, gpus: 8, model: 'deepseek-v3', tp: 8, precision, batch: 1, maxSequences: 1, engine: 'trtllm' },
    ...(moeBackend === undefined ? {} : { moeBackend }),
    ...(precision === 'nvfp4' ? { attentionPrecision: 'bf16' } : {}),
    ...(moeTp === undefined ? {} : { ep: true, moeTp }),
    ...{ input: 1024, output: 2048, metric: 'output-tokens-per-s-per-user' },
    ...(mtp ? { mtp: { draftTokens: mtp.k, acceptance: acceptanceFor(mtp.tokensPerStep, mtp.k) } } : {}),
  };
}

/**
 * TensorRT-LLM max-throughput on 8 B200s (best-practice guide): NVFP4 DeepSeek-R1, attention data-parallel over 8
 * ranks, experts over all 8, closed loop of fixed 1,024 / 2,048-token requests; the engine limits are per rank, and
 * kv_cache_free_gpu_mem_fraction the share of what the weights leave for KV; its options set no expert load balancer.
 */
function b200MaxThroughput(kvPrecision: FormatId, concurrency: number, batchPerRank: number, tokensPerRank: number, kvFreeFraction: number): BenchmarkRun {
  return {
    ...{ kind: 'closed-loop', key: 'per_gpu_output_tok_per_s', preset: 'hgx-b200', gpus: 8, model: 'deepseek-v3', tp: 1, dpAttention: 8, ep: true },
    epBalance: 'none',
    // NVIDIA's NVFP4 DeepSeek-R1 checkpoints quantize the MoE layers' linear operators and keep attention in BF16.
    ...{ precision: 'nvfp4', attentionPrecision: 'bf16', kvPrecision, batch: concurrency, input: 1024, output: 2048 },
    ...{ maxSequences: 8 * batchPerRank, tokenBudget: 8 * tokensPerRank, metric: 'output-tokens-per-s-per-gpu' },
    ...{ engine: 'trtllm', gpuMemoryUtilization: kvFreeFraction },
  };
}

/**
 * CloudMatrix-Infer's DeepSeek-R1 in INT8 (arXiv 2506.12708): each Ascend 910C (two dies) one GPU of the preset;
 * attention data-parallel, experts over all of the instance's NPUs, micro-batch overlap; decode with one MTP draft
 * accepted 70% of the time (1.7 tokens a step).
 */
const cloudMatrix = (npus: number, decode: boolean): ReplicaShape => ({
  ...{ tp: 1, dpAttention: npus, ep: npus, precision: 'int8', kvBytesPerElement: 2, overlap: true },
  ...(decode ? { speculation: { method: 'mtp', draftTokens: 1, acceptance: 0.7 } } : {}),
});

const cloudMatrixDecode = (key: string, perGroup: number): SteadyRun => ({
  ...{ kind: 'decode', key, preset: 'cloudmatrix384', gpus: 384, model: 'deepseek-v3', shape: cloudMatrix(160, true) },
  ...{ perGroup, tokens: 4096, per: 'gpu' },
});

/** TensorRT-LLM tech blog 1's autoregressive MTP layers on 8 B200s: k drafts and the tokens a step each yielded. */
const BLOG1_MTP: readonly [number, number][] = [
  [1, 1.92],
  [2, 2.58],
  [3, 2.82],
  [4, 2.99],
  [5, 3.01],
];

export const HOLDOUT_INFERENCE_CASES: Readonly<Record<string, InferenceCaseExpression>> = {
  'inf-sglang-gb200-nvl72-pd-largeep-decode': {
    // Part I: FP8 experts, BF16 attention and KV; the batch is not published: sized to fill the KV cache, as part II
    // says its runs were.
    runs: [
      { ...nvl72Decode('fp8', 2, 'fill-kv', 'bf16'), key: 'decode_2K_output_tok_per_s_per_gpu' },
      { kind: 'ratio', key: 'speedup_vs_h100_per_gpu', of: nvl72Decode('fp8', 2, 'fill-kv', 'bf16'), over: SGLANG_H100_DECODE },
    ],
  },
  'inf-sglang-gb200-nvl72-fp4-decode': {
    // Part II: NVFP4 experts with FP8 attention and KV at the published 1,408 requests per GPU; and the original
    // precision (FP8 experts, BF16 attention and KV) at a batch that fills the KV cache.
    runs: [
      { ...nvl72Decode('nvfp4', 1, 1408, 'fp8'), key: 'lowprec_decode_2K_output_tok_per_s_per_gpu' },
      { ...nvl72Decode('fp8', 2, 'fill-kv', 'bf16'), key: 'highprec_decode_2K_output_tok_per_s_per_gpu' },
      { kind: 'ratio', key: 'lowprec_decode_speedup_vs_h100', of: nvl72Decode('nvfp4', 1, 1408, 'fp8'), over: SGLANG_H100_DECODE },
      // The same section: 768 requests per rank instead of 1,408 'reduces performances by roughly one tenth'.
      { kind: 'ratio', key: 'lowprec_decode_bs768_over_bs1408', of: nvl72Decode('nvfp4', 1, 768, 'fp8'), over: nvl72Decode('nvfp4', 1, 1408, 'fp8') },
    ],
  },
  'inf-sglang-gb200-nvl72-fp4-prefill': {
    // Part II's prefill instances: 2 GB200s in NVFP4 (FP8 attention and KV), 4 in the original precision, each holding
    // the weights by offloading some layers to Grace memory; 2,000-token prompts at the H100 blog's 16,384 tokens a GPU
    // (part II follows its setup; an assumption, as for the H100 1K and 2K rows).
    runs: [
      { ...nvl72Prefill('nvfp4', 1, 'fp8', 2), key: 'lowprec_prefill_2K_input_tok_per_s_per_gpu' },
      { ...nvl72Prefill('fp8', 2, 'bf16', 4), key: 'highprec_prefill_2K_input_tok_per_s_per_gpu' },
      { kind: 'ratio', key: 'lowprec_prefill_speedup_vs_h100', of: nvl72Prefill('nvfp4', 1, 'fp8', 2), over: SGLANG_H100_PREFILL_2K },
    ],
  },
  'inf-trtllm-dsr1-b200-maxtput-fp4-fp8kv': { runs: [b200MaxThroughput('fp8', 7168, 896, 2048, 0.93)] },
  'inf-trtllm-dsr1-b200-maxtput-fp4-bf16kv': { runs: [b200MaxThroughput('bf16', 3072, 384, 1536, 0.85)] },
  'inf-trtllm-dsr1-b200-minlatency-mtp': {
    // MTP 3 on a real dataset whose acceptance the guide does not give: tech blog 1's 2.82 tokens a step for MTP 3.
    // Experts EP 2 x TP 4 as the guide runs them (TensorRT-LLM's moe_tensor_parallel_size 4), on its MoE backend TRTLLM.
    runs: [{ ...minLatency('hgx-b200', 'nvfp4', { k: 3, tokensPerStep: 2.82 }, 4, 'trtllm-gen'), key: 'per_user_output_tok_per_s' }],
  },
  'inf-trtllm-dsr1-h200-minlatency-mtp': {
    // Experts EP 4 x TP 2 as the guide runs them.
    runs: [{ ...minLatency('hgx-h200', 'fp8', { k: 3, tokensPerStep: 2.82 }, 2), key: 'per_user_output_tok_per_s' }],
  },
  'inf-trtllm-blog1-b200-mtp-speedup': {
    // Tokens/s per user with k MTP layers over the same without MTP, at each k's published acceptance.
    runs: BLOG1_MTP.map(([k, tokensPerStep]) => ({
      kind: 'ratio',
      key: `mtp${k}_speedup`,
      of: minLatency('hgx-b200', 'nvfp4', { k, tokensPerStep }),
      over: minLatency('hgx-b200', 'nvfp4'),
    })),
  },
  'inf-cloudmatrix384-dsr1-int8-decode': {
    // EP320 over 320 dies: 160 NPUs; 96 requests per NPU within 50 ms TPOT, 8 within 15 ms; 4K of KV each.
    runs: [cloudMatrixDecode('bs96_output_tok_per_s_per_npu', 96), cloudMatrixDecode('bs8_output_tok_per_s_per_npu', 8)],
  },
  'inf-cloudmatrix384-dsr1-int8-prefill': {
    // One prefill instance of 16 NPUs, 4K prompts, 16K tokens per NPU: the paper's perfectly balanced figure, and its
    // figure with the real expert load balancer.
    runs: [
      {
        ...{ kind: 'prefill', key: 'perfect_eplb_input_tok_per_s_per_npu', preset: 'cloudmatrix384', gpus: 384, model: 'deepseek-v3' },
        ...{ shape: { ...cloudMatrix(16, false), epBalance: 'perfect' }, perGroup: 16384, tokens: 4096, per: 'gpu' },
      },
      {
        ...{ kind: 'prefill', key: 'default_input_tok_per_s_per_npu', preset: 'cloudmatrix384', gpus: 384, model: 'deepseek-v3' },
        ...{ shape: cloudMatrix(16, false), perGroup: 16384, tokens: 4096, per: 'gpu' },
      },
    ],
  },
  'inf-deepseekv3-report-mtp-speedup': {
    skip:
      'the batch, context and hardware behind the 1.8x are not published, and an MTP speedup runs from nearly the tokens ' +
      'a step (memory-bound decode) down to about 1 (compute-bound): no one run stands for it',
  },
};
