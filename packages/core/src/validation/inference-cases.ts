/**
 * How each published inference case maps to a serving run: steady-state rates of a replica (profiles), static batches
 * and closed-loop concurrency (benchmarks). The upstream development set and the first held-back cases; the held-back
 * cases of number formats, MTP and supernodes are in holdout-inference-cases.ts. Data only; the model is serving/.
 */

import type { ReplicaShape } from '../serving/step-cost.js';
import type { InferenceCaseExpression, InferenceExpression, SteadyRun } from './inference-expression.js';

/**
 * DeepSeek's serving (open-infra-index day 6; profile-data): H800 nodes, FP8 experts, MLA attention data-parallel
 * (TP 1), EP over all the unit's GPUs with two micro-batches overlapping communication and compute; experts placed by
 * EPLB in production.
 */
const deepseek = (gpus: number): ReplicaShape => ({ tp: 1, dpAttention: gpus, ep: gpus, precision: 'fp8', kvBytesPerElement: 2, overlap: true });

/** DeepSeek's profiles: "we simulate an absolutely balanced MoE routing strategy for profiling" (profile-data README). */
const deepseekProfile = (gpus: number): ReplicaShape => ({ ...deepseek(gpus), epBalance: 'perfect' });
/**
 * DeepSeek's decode profile verifies one MTP draft per request: SGLang, reproducing it (lmsys.org/blog/2025-05-05-
 * large-scale-ep), doubled its batch "to maintain the same workload for GroupedGeMM" and slowed its attention to "the
 * same time as in DeepSeek's profile, accurately reflecting the slowdown caused by MTP's attention mechanism". The
 * quoted rate counts the tokens a step at the blog's own assumed 60% acceptance, against which it sets its simulated-MTP
 * figure (17,373 per node, "6.6% below DeepSeek's profile").
 */
const deepseekProfileMtp = (gpus: number): ReplicaShape => ({ ...deepseekProfile(gpus), speculation: { method: 'mtp', draftTokens: 1, acceptance: 0.6 } });

/**
 * Azure AI-benchmarking-guide LLM runs: a static batch of `batch` requests of 128 input and 8 output tokens; the figure
 * is output tokens per second (8 x batch over the batch's time). Engine unstated: continuous batching of the whole
 * batch at once. 405B runs in FP8 (810 GB of BF16 weights exceed 8 x 80 GB); the rest in BF16.
 */
function azure(preset: string, rows: readonly [string, string, number, number][]): InferenceCaseExpression {
  return {
    runs: rows.map(([key, model, tp, batch]) => ({
      kind: 'static-batch',
      key,
      preset,
      gpus: 8,
      model,
      tp,
      precision: model === 'llama3.1-405b' ? 'fp8' : 'bf16',
      batch,
      input: 128,
      output: 8,
      metric: 'output-tokens-per-s',
    })),
  };
}

const nim = (key: string, batch: number, metric: 'ttft-ms' | 'tpot-ms' | 'output-tokens-per-s'): InferenceExpression => ({
  kind: 'closed-loop',
  key,
  preset: 'hgx-h100',
  gpus: 8,
  model: 'llama3-70b',
  tp: 2,
  precision: 'fp8',
  kvPrecision: 'fp8',
  batch,
  input: 5000,
  output: 500,
  metric,
});

/**
 * TensorRT-LLM 0.14's online serving table (Triton backend, BF16, 500 requests of fixed lengths at each rate, INF all
 * at once): mean TTFT and inter-token latency at every rate, output tokens/s where the load saturates (32/s and INF).
 * Arrivals are taken as Poisson (the table does not say); TensorRT-LLM's defaults (engines.ts) otherwise.
 */
function trtllmOnline(preset: string, model: string, tp: number, pairs: readonly [number, number][]): InferenceCaseExpression {
  const rates = [2, 4, 8, 16, 32, Number.POSITIVE_INFINITY];
  const run = (
    input: number,
    output: number,
    rate: number,
    field: string,
    metric: 'ttft-mean-ms' | 'tpot-mean-ms' | 'output-tokens-per-s',
  ): InferenceExpression => ({
    kind: 'open-loop',
    key: `${input}_${output}_qps${Number.isFinite(rate) ? rate : 'INF'}_${field}`,
    ...{ preset, gpus: 8, model, tp, precision: 'bf16', batch: 500, requests: 500, rateRps: rate, input, output, metric, engine: 'trtllm' },
  });
  return {
    runs: pairs.flatMap(([input, output]) =>
      rates.flatMap((rate) => [
        run(input, output, rate, 'mean_ttft_ms', 'ttft-mean-ms'),
        run(input, output, rate, 'mean_itl_ms', 'tpot-mean-ms'),
        ...(rate >= 32 ? [run(input, output, rate, 'output_tok_per_s', 'output-tokens-per-s')] : []),
      ]),
    ),
  };
}

/**
 * SGLang's DeepSeek-V3 decode on 9 H100 nodes (lmsys.org/blog/2025-05-05-large-scale-ep): EP 72, two-batch overlap,
 * 256 requests per GPU of 2,000 tokens, per GPU. The node the GB200 NVL72 cases compare with.
 */
export const SGLANG_H100_DECODE: SteadyRun = {
  ...{ kind: 'decode', preset: 'hgx-h100', gpus: 72, model: 'deepseek-v3' },
  ...{ shape: deepseek(72), perGroup: 256, tokens: 2000, per: 'gpu' },
};

/** SGLang's DeepSeek-V3 prefill on 4 H100 nodes (the same blog): EP 32, two-batch overlap, 16,384 tokens a GPU of `tokens`-token prompts, per node. */
const sglangH100Prefill = (tokens: number, epBalance?: 'perfect'): SteadyRun => ({
  ...{ kind: 'prefill', preset: 'hgx-h100', gpus: 32, model: 'deepseek-v3' },
  ...{ shape: { ...deepseek(32), ...(epBalance ? { epBalance } : {}) }, perGroup: 16384, tokens, per: 'node' },
});

/** Its 2,000-token prompts per GPU: the prefill the GB200 NVL72 cases compare with. */
export const SGLANG_H100_PREFILL_2K: SteadyRun = { ...sglangH100Prefill(2000), per: 'gpu' };

/** That decode at `perGroup` requests a GPU, with two-batch overlap or without; per node. */
const sglangH100Decode = (perGroup: number, overlap: boolean): SteadyRun => ({
  ...SGLANG_H100_DECODE,
  ...{ shape: { ...deepseek(72), overlap }, perGroup, per: 'node' },
});

/** The blog's simulated MTP: 128 requests a GPU of 4,000 context, one draft verified a step at 60% acceptance. */
const sglangH100SimulatedMtp = (overlap: boolean): SteadyRun => ({
  ...sglangH100Decode(128, overlap),
  ...{ shape: { ...deepseek(72), overlap, speculation: { method: 'mtp', draftTokens: 1, acceptance: 0.6 } }, tokens: 4000 },
});

export const INFERENCE_CASES: Readonly<Record<string, InferenceCaseExpression>> = {
  'inf-trtllm014-serve-llama31-70b-h100-tp4': trtllmOnline('hgx-h100', 'llama3-70b', 4, [
    [467, 256],
    [202, 214],
  ]),
  'inf-trtllm014-serve-llama31-8b-h200-tp1': trtllmOnline('hgx-h200', 'llama3-8b', 1, [[467, 256]]),
  'inf-trtllm-blog-dsr1-h200-maxtput': {
    // DeepSeek-R1 (DeepSeek-V3's architecture) on 8 H200s: attention data-parallel over 8 ranks, experts over all 8, FP8;
    // 1,024 clients of 1,024 in / 2,048 out, at most 128 sequences and 1,151 tokens per rank per iteration, 80% of the
    // memory the weights leave for KV (kv_cache_free_gpu_mem_fraction 0.8); no load balancer in its options.
    runs: [
      {
        kind: 'closed-loop',
        key: 'per_gpu_output_tok_per_s',
        ...{ preset: 'hgx-h200', gpus: 8, model: 'deepseek-v3', tp: 1, dpAttention: 8, ep: true, epBalance: 'none', precision: 'fp8' },
        ...{ batch: 1024, input: 1024, output: 2048, maxSequences: 8 * 128, tokenBudget: 8 * 1151, metric: 'output-tokens-per-s-per-gpu' },
        ...{ engine: 'trtllm', gpuMemoryUtilization: 0.8 },
      },
    ],
  },
  'inf-sglang-h100-pd-largeep': {
    // SGLang's DeepSeek-V3 on H100 nodes with DeepEP and two-batch overlap, each phase measured alone: decode on 9 nodes
    // (EP 72) at 256 requests per GPU of 2,000 tokens; prefill on 4 nodes (EP 32) at 16,384 tokens per GPU of 4K prompts,
    // and of 1K and 2K prompts (the blog gives the batch for 4K only: the same 16,384 tokens a GPU, an assumption); the
    // 4K run again with its simulated perfect expert balance ("random expert selection following group-limited routing").
    runs: [
      { ...SGLANG_H100_DECODE, key: 'decode_2K_bs256_output_tok_per_s_per_node', per: 'node' },
      ...(
        [
          ['prefill_1K_input_tok_per_s_per_node', 1000, undefined],
          ['prefill_2K_input_tok_per_s_per_node', 2000, undefined],
          ['prefill_4K_input_tok_per_s_per_node', 4096, undefined],
          ['prefill_4K_perfectEPLB_sim_tok_per_s_per_node', 4096, 'perfect'],
        ] as const
      ).map(([key, tokens, epBalance]) => ({ ...sglangH100Prefill(tokens, epBalance), key })),
    ],
  },
  'inf-sglang-h100-largeep-tbo-ablation': {
    // The same decode with two-batch overlap and without, at 256 and 32 tokens a GPU of 2,000 context, and at 128
    // sequences of 4,000 context verifying one MTP draft each (the blog's simulated MTP at its assumed 60% acceptance).
    runs: [
      { ...SGLANG_H100_DECODE, key: 'tbo_256_output_tok_per_s_per_node', per: 'node' },
      { kind: 'ratio', key: 'tbo_speedup_256_tokens', of: sglangH100Decode(256, true), over: sglangH100Decode(256, false) },
      { kind: 'ratio', key: 'tbo_speedup_32_tokens', of: sglangH100Decode(32, true), over: sglangH100Decode(32, false) },
      { ...sglangH100SimulatedMtp(true), key: 'simmtp_128_tbo_output_tok_per_s_per_node' },
      { ...sglangH100SimulatedMtp(false), key: 'simmtp_128_notbo_output_tok_per_s_per_node' },
    ],
  },
  'inf-deepseek-profile-decode': {
    runs: [{ kind: 'decode', preset: 'hgx-h800', gpus: 128, model: 'deepseek-v3', shape: deepseekProfileMtp(128), perGroup: 128, tokens: 4096, per: 'node' }],
  },
  'inf-deepseek-profile-prefill': {
    runs: [{ kind: 'prefill', preset: 'hgx-h800', gpus: 32, model: 'deepseek-v3', shape: deepseekProfile(32), perGroup: 16384, tokens: 4096, per: 'node' }],
  },
  'inf-infersim-h800-deepseekv3': {
    runs: [
      // DeepSeek's profile figures, quoted.
      {
        kind: 'prefill',
        key: 'prefill',
        preset: 'hgx-h800',
        gpus: 32,
        model: 'deepseek-v3',
        shape: deepseekProfile(32),
        perGroup: 16384,
        tokens: 4096,
        per: 'gpu',
      },
      {
        kind: 'decode',
        key: 'decode',
        preset: 'hgx-h800',
        gpus: 128,
        model: 'deepseek-v3',
        shape: deepseekProfileMtp(128),
        perGroup: 128,
        tokens: 4096,
        per: 'gpu',
      },
    ],
  },
  'inf-deepseek-prod-decode': {
    // EP144 over 18 nodes at the published 4,989 tokens of KV per output token and 20-22 tokens/s per user (TPOT 1/21 s).
    runs: [{ kind: 'decode-at-tpot', preset: 'hgx-h800', gpus: 144, model: 'deepseek-v3', shape: deepseek(144), tokens: 4989, tpotS: 1 / 21, per: 'node' }],
  },
  'inf-deepseek-prod-prefill': {
    skip: 'the production prefill figure mixes 56% cache hits over prompts whose lengths are not published',
  },
  'inf-deepseekv3-report-deploy': { skip: 'a deployment unit size (GPUs), not a measured rate' },
  'inf-al128-claims': { skip: "vendor claims about a CXL pool's effect; the CXL study (studies/cxl-kv-cache.yaml) compares them" },
  'inf-azure-H100': azure('hgx-h100', [
    ['Llama3_8B_bs64', 'llama3-8b', 1, 64],
    ['Llama3_70B_ws8_bs16', 'llama3-70b', 8, 16],
    ['Llama3_70B_ws8_bs32', 'llama3-70b', 8, 32],
    ['Llama3_70B_ws8_bs64', 'llama3-70b', 8, 64],
    ['Llama3_405B_ws8_bs32', 'llama3.1-405b', 8, 32],
  ]),
  'inf-azure-H200': azure('hgx-h200', [
    ['Llama3_8B_bs64', 'llama3-8b', 1, 64],
    ['Llama3_70B_ws8_bs16', 'llama3-70b', 8, 16],
    ['Llama3_70B_ws8_bs32', 'llama3-70b', 8, 32],
    ['Llama3_70B_ws8_bs64', 'llama3-70b', 8, 64],
    ['Llama3_405B_ws8_bs96', 'llama3.1-405b', 8, 96],
  ]),
  'inf-azure-A100': azure('dgx-a100', [
    ['Llama3_8B_bs64_fp16', 'llama3-8b', 1, 64],
    ['Llama3_70B_ws8_bs16', 'llama3-70b', 8, 16],
    ['Llama3_70B_ws8_bs32', 'llama3-70b', 8, 32],
    ['Llama3_70B_ws8_bs64', 'llama3-70b', 8, 64],
  ]),
  'inf-nim-llama33-70b-2xh100': {
    // Llama-3.3-70B has Llama-3-70B's shapes. Closed loop at concurrency 1 and 50, TP 2, FP8 weights and KV cache (NIM's
    // TensorRT-LLM FP8 profiles).
    runs: [
      nim('c1_ttft_ms', 1, 'ttft-ms'),
      nim('c1_itl_ms', 1, 'tpot-ms'),
      nim('c50_ttft_ms', 50, 'ttft-ms'),
      nim('c50_itl_ms', 50, 'tpot-ms'),
      nim('c50_tokens_per_sec', 50, 'output-tokens-per-s'),
    ],
  },
};
