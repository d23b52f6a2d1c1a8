/** How MoE experts' grouped GEMMs fall short of dense ones, and the fixed cost of an MoE layer's routing, permutation and finalize kernels. */

import { type GpuGeneration, generationOf } from './kernel-floors.js';
import type { GemmShape } from './types.js';

/**
 * The share of a dense GEMM's rate (the curve's plateau x saturation for the same shape) a grouped expert GEMM
 * reaches, peak x w / (w + widthHalf) for an expert of width w (its inner width f, the up-projection's n / 2 and the
 * down-projection's k): per-expert problems too small to pipeline well, uneven tile counts per expert, the scale loads
 * of block FP8, all weighing more on narrow experts. Fitted per generation on the measured MoE tables
 * (shared/kernels/aiconfigurator <gpu>/moe/trtllm/1.3.0rc20/moe_perf.parquet, fp8_block rows, moe_tp_size 1,
 * moe_ep_size > 1, balanced routing, more than 64 tokens per expert): see scripts/calibrate-kernels.ts.
 */
export const GROUPED_GEMM_EFFICIENCY: Readonly<Record<GpuGeneration, { readonly peak: number; readonly widthHalf: number }>> = {
  hopper: { peak: 0.79, widthHalf: 1536 },
  blackwell: { peak: 0.59, widthHalf: 256 },
};

/**
 * Seconds an MoE layer's expert side takes besides its grouped GEMMs and weight reads, per GPU generation: the routing
 * top-k, the sort and permutation of tokens into expert order, the activation's quantization and the finalize
 * (un-permute and weighted sum), each a small kernel. Fitted as the median of measured minus the model's grouped GEMMs
 * on the same moe_perf rows with under half a token per expert.
 */
export const MOE_FIXED_S: Readonly<Record<GpuGeneration, number>> = { hopper: 11.1e-6, blackwell: 19.8e-6 };

export const moeFixedS = (gpuId: string): number => MOE_FIXED_S[generationOf(gpuId)];

/** An expert's width as its GEMMs show it: the down-projection's k, or the up-projection's n (gated: 2 f). */
const expertWidth = (shape: GemmShape): number => Math.min(shape.n, shape.k);

/** peak x w / (w + widthHalf) for the expert width of a grouped GEMM's shape. */
export const groupedEfficiencyAt = (peak: number, widthHalf: number, shape: GemmShape): number => {
  const w = expertWidth(shape);
  return (peak * w) / (w + widthHalf);
};

/** The factor a GEMM's efficiency takes for its layout: GROUPED_GEMM_EFFICIENCY's for a grouped expert GEMM, else 1. */
export function groupedGemmEfficiency(shape: GemmShape, gpuId: string): number {
  if (!shape.layout) return 1;
  const { peak, widthHalf } = GROUPED_GEMM_EFFICIENCY[generationOf(gpuId)];
  return groupedEfficiencyAt(peak, widthHalf, shape);
}
