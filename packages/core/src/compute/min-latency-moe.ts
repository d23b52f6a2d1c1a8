/** TensorRT-LLM's min-latency MoE backend (TRTLLM-gen, Blackwell, FP4): one MoE layer's expert side as a fixed cost, the weights of the experts its tokens touch streamed from HBM, and their math. */

import type { GpuSpec } from '../hardware/types.js';

/**
 * Seconds the min-latency MoE module takes whatever its load: routing, the fused expert kernels' launch and ramp, the
 * finalize. FITTED with TRTLLM_GEN_STREAM_SHARE on the measured MoE tables (shared/kernels/aiconfigurator
 * b200_sxm and gb200 moe/trtllm/1.3.0rc20/moe_perf.parquet, kernel_source moe_torch_flow_min_latency, nvfp4, balanced
 * routing, experts spread by EP alone or split by TP alone, up to 8 tokens per expert: 4,332 rows): for each share on a
 * 0.02 grid the fixed cost that is the median residual, the pair of least median |log error|: 0.74 and 17.7 us, 0.177
 * (0.68: 0.184, 0.72: 0.181, 0.76: 0.177, 0.80: 0.179); `scripts/calibrate-kernels.ts moe-min-latency` refits it.
 * Checked, never fitted, on the same tables' experts EP x TP at once (serve --moe-tp), up to 8 tokens per expert:
 * median |log error| 0.123 over 7,110 rows (under 1 token per expert -3%, 1-8 tokens -14% to -17% median), where the
 * CUTLASS module's price reads +80% to +106% slow. Experts split by TP alone read +14% to +36%, spread by EP alone -3%
 * to -18%.
 */
export const TRTLLM_GEN_FIXED_S = 17.7e-6;

/** Share of HBM bandwidth the module streams its touched experts' weights at. FITTED with TRTLLM_GEN_FIXED_S (above). */
export const TRTLLM_GEN_STREAM_SHARE = 0.74;

/**
 * Share of the GPU's dense FP4 rate the module's math reaches. FITTED on the same tables' rows with more than 8 tokens
 * per expert (EP alone or TP alone, 4,848 rows), once the two constants above are fitted: the share whose median log
 * error is zero (by bisection), the three refitted in turn twice. The kernel is built for latency and its math scales
 * poorly: those rows keep a median |log error| of 0.556 (TP rows slow, EP rows fast), so throughput deployments are
 * better priced with the CUTLASS module (--moe-backend cutlass), as TensorRT-LLM's guides run them.
 */
export const TRTLLM_GEN_COMPUTE_SHARE = 0.138;

/** One GPU's part of an MoE layer under the min-latency backend. */
export interface MinLatencyMoeLoad {
  /** Tokens the layer routes on the GPU's expert group (every token of the replica its attention serves). */
  readonly tokens: number;
  readonly experts: number;
  readonly expertsPerToken: number;
  readonly localExperts: number;
  /** Copies the GPU's experts take over the mean, for the hottest rank (ep-balance.ts). */
  readonly imbalance: number;
  readonly hidden: number;
  /** One expert's intermediate width on this GPU (split by expert TP). */
  readonly expertFfn: number;
  readonly gated: boolean;
  readonly bytesPerElement: number;
  readonly ep: number;
}

/**
 * Seconds of one MoE layer's experts on one GPU: TRTLLM_GEN_FIXED_S, the weights of the local experts the tokens touch
 * (E_local (1 - (1 - k / E)^T) of them) at TRTLLM_GEN_STREAM_SHARE of HBM bandwidth, and their FLOPs at the GPU's FP4
 * GEMM rate at TRTLLM_GEN_COMPUTE_SHARE, added: the kernel does not hide
 * one behind the other at these sizes.
 * Example: DeepSeek-V3 on B200, EP 2 x TP 4, 4 tokens: 15 of 128 local experts touched, 3 x 7,168 x 512 x 0.5625 B
 * each = 94 MB at 0.74 x 8 TB/s = 15.9 us, 0.35 GFLOP at 0.138 x 9 PFLOP/s = 0.3 us, plus 17.7 us: 34 us (the table: 36.8 us).
 */
export function minLatencyMoeS(load: MinLatencyMoeLoad, gpu: GpuSpec, constants: MinLatencyMoeConstants = TRTLLM_GEN): number {
  const work = minLatencyMoeWork(load);
  const fp4 = gpu.peak.fp4 ?? 0;
  const computeS = fp4 > 0 ? work.flops / (fp4 * constants.computeShare) : 0;
  return constants.fixedS + work.weightBytes / (gpu.hbmBandwidth * constants.streamShare) + computeS;
}

/** The module's three constants, as minLatencyMoeS takes them (the calibration script prices its grid with others). */
export interface MinLatencyMoeConstants {
  readonly fixedS: number;
  readonly streamShare: number;
  readonly computeShare: number;
}

/** The coded constants (above). */
export const TRTLLM_GEN: MinLatencyMoeConstants = {
  fixedS: TRTLLM_GEN_FIXED_S,
  streamShare: TRTLLM_GEN_STREAM_SHARE,
  computeShare: TRTLLM_GEN_COMPUTE_SHARE,
};

/** What the module streams and computes for a load: the touched experts' weight bytes and its FLOPs. */
function minLatencyMoeWork(load: MinLatencyMoeLoad): { readonly weightBytes: number; readonly flops: number } {
  const { tokens, experts, expertsPerToken: k, localExperts, hidden, expertFfn } = load;
  const matrices = load.gated ? 3 : 2;
  const touched = Math.min(localExperts, Math.max(1, localExperts * (1 - (1 - k / experts) ** tokens)));
  const copies = ((tokens * k) / load.ep) * (1 + load.imbalance);
  const flops = copies * 2 * matrices * hidden * expertFfn;
  return { weightBytes: touched * matrices * hidden * expertFfn * load.bytesPerElement, flops };
}
