/**
 * How each published inference case maps to a serving run: steady-state rates of a replica (profiles), static batches
 * and closed-loop concurrency (benchmarks). Data only; the model is serving/.
 */

import type { ReplicaShape } from '../serving/step-cost.js';

export type InferenceExpression =
  | {
      readonly kind: 'decode' | 'prefill' | 'decode-at-tpot';
      readonly key?: string;
      readonly preset: string;
      readonly gpus: number;
      readonly model: string;
      readonly shape: ReplicaShape;
      /** decode: requests per attention group; prefill: prompt tokens per attention group. */
      readonly perGroup?: number;
      /** decode: the context each request reads; prefill: the prompt length. */
      readonly tokens: number;
      readonly tpotS?: number;
      /** The published figure's unit: per GPU, or per 8-GPU node. */
      readonly per: 'gpu' | 'node';
    }
  | {
      readonly kind: 'static-batch' | 'closed-loop';
      readonly key: string;
      readonly preset: string;
      readonly gpus: number;
      readonly model: string;
      readonly tp: number;
      readonly precision: 'bf16' | 'fp8';
      /** KV-cache element bytes (default 2). */
      readonly kvBytes?: 1 | 2;
      readonly batch: number;
      readonly input: number;
      readonly output: number;
      /** closed-loop: which figure, TTFT / time per output token (p50, ms) or output tokens/s over all GPUs. */
      readonly metric: 'output-tokens-per-s' | 'ttft-ms' | 'tpot-ms';
    };

export type InferenceCaseExpression = { readonly runs: readonly InferenceExpression[] } | { readonly skip: string };

/**
 * DeepSeek's serving (open-infra-index day 6; profile-data): H800 nodes, FP8 experts, MLA attention data-parallel
 * (TP 1), EP over all the unit's GPUs with two micro-batches overlapping communication and compute.
 */
const deepseek = (gpus: number): ReplicaShape => ({ tp: 1, dpAttention: gpus, ep: gpus, precision: 'fp8', kvBytesPerElement: 2, overlap: true });

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
  kvBytes: 1,
  batch,
  input: 5000,
  output: 500,
  metric,
});

export const INFERENCE_CASES: Readonly<Record<string, InferenceCaseExpression>> = {
  'inf-deepseek-profile-decode': {
    runs: [{ kind: 'decode', preset: 'hgx-h800', gpus: 128, model: 'deepseek-v3', shape: deepseek(128), perGroup: 128, tokens: 4096, per: 'node' }],
  },
  'inf-deepseek-profile-prefill': {
    runs: [{ kind: 'prefill', preset: 'hgx-h800', gpus: 32, model: 'deepseek-v3', shape: deepseek(32), perGroup: 16384, tokens: 4096, per: 'node' }],
  },
  'inf-infersim-h800-deepseekv3': {
    runs: [
      { kind: 'prefill', key: 'prefill', preset: 'hgx-h800', gpus: 32, model: 'deepseek-v3', shape: deepseek(32), perGroup: 16384, tokens: 4096, per: 'gpu' },
      { kind: 'decode', key: 'decode', preset: 'hgx-h800', gpus: 128, model: 'deepseek-v3', shape: deepseek(128), perGroup: 128, tokens: 4096, per: 'gpu' },
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
  'inf-al128-claims': { skip: "vendor claims about a CXL pool's effect; the shipped CXL scenario (examples/) compares them" },
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
