/** How MoE experts' grouped GEMMs fall short of dense ones, by kernel family (DeepGEMM-class masked and contiguous layouts, fused MoE modules), and the fixed cost of an MoE layer's routing and finalize kernels. */

import { type GpuGeneration, generationOf } from '../hardware/generations.js';
import type { GemmShape, GroupedLayout } from './types.js';

/**
 * Grouped-GEMM kernel families: 'deepgemm', the masked (decode) and contiguous (prefill) layouts DeepEP's dispatch feeds
 * (DeepGEMM, as SGLang and DeepSeek's own serving run wide EP); 'fused-moe', a framework's whole fused MoE module
 * (TensorRT-LLM's CUTLASS MoE, what the moe_perf tables time: routing, permutation, grouped GEMMs, finalize).
 */
export type GroupedFamily = 'deepgemm' | 'fused-moe';

/**
 * The kernels an MoE layer's experts run: a grouped-GEMM family, or TensorRT-LLM's min-latency module (TRTLLM-gen,
 * priced whole by compute/min-latency-moe.ts).
 */
export type MoeKernels = GroupedFamily | 'trtllm-gen';

export const familyOf = (layout: GroupedLayout): GroupedFamily => (layout === 'fused' ? 'fused-moe' : 'deepgemm');

/** A family's efficiency: peak x w / (w + widthHalf) of the dense rate for an expert of width w. */
export interface GroupedEfficiency {
  readonly peak: number;
  readonly widthHalf: number;
}

/**
 * The share of a dense GEMM's rate (the curve's plateau x saturation for the same shape) a grouped expert GEMM reaches,
 * peak x w / (w + widthHalf) for an expert of width w (the down-projection's k, the up-projection's n or k, whichever is
 * less): per-expert problems too small to pipeline well, uneven tile counts, the scale loads of block FP8, all weighing
 * more on narrow experts. Fitted by scripts/calibrate-kernels.ts:
 * deepgemm on DeepGEMM's published H800 grouped rates (deepseek-ai/DeepGEMM README, the dev kernel cases
 * kernel-deepgemm-*: contiguous 4 x 8192 up and down, masked 2 x 512 up and down and 4 x 256 up): peak 1.18 with no
 * width loss (median |log error| 0.029; 1.2 before the block-scaled GEMMs' partial overlap), more than 1 because serving
 * prices GEMMs at TRAINING_TENSOR_EFFICIENCY (0.82) of their benchmarks and DeepGEMM's grouped kernels reach the
 * benchmarks' rates (1.18 x 0.82 = 0.97); Blackwell
 * has no published rows and takes Hopper's, an assumption.
 * fused-moe on the measured MoE tables (shared/kernels/aiconfigurator <gpu>/moe/trtllm/1.3.0rc20/moe_perf.parquet,
 * fp8_block rows, balanced routing, more than 64 tokens per expert, experts spread by EP alone (moe_tp_size 1,
 * moe_ep_size > 1) or split by TP alone (moe_ep_size 1, moe_tp_size > 1): 2,214 Hopper rows of h100_sxm and h200_sxm,
 * 4,428 Blackwell rows of b200_sxm, gb200, b300_sxm, gb300), the peak for each grid half-point whose median log error
 * is zero, the half-point with the least median |log error| (0.127 Hopper, 0.170 Blackwell), with the block-scaled
 * GEMMs' partial overlap (BLOCK_SCALED_OVERLAP_P) and the width loss taken as the worse of it and the kernel's
 * saturation (groupedSaturation) and the fixed part per local expert (MOE_PER_EXPERT_S) in the model they are held
 * against: at DeepSeek-V3's width (2,048) 0.35 x and 0.48 x
 * the dense rate; its modules reach 25-45% of FP8 peak there, half of DeepGEMM's grouped rates at the same shapes.
 * (Before: EP rows alone, the loss a product with the saturation: 0.911 and 1.118 at 2,048, which priced experts split
 * by TP 8 (widths of 256) 2-4 x slow: H200, DeepSeek-V3 at 4 tokens, 315 us against the table's 138 us.)
 * Over every such row (27,702, 1-16k tokens) the module's median |error| goes 15.6% -> 9.8%; the H200 TP rows with 1-8
 * tokens per expert from +98% (f > 1024) and +280% (f <= 1024) to +8% and +5%. Checked, never fitted, on the tables'
 * experts EP x TP at once (serve --moe-tp): 47,142 rows, median |log error| 0.104.
 */
export const GROUPED_GEMM_EFFICIENCY: Readonly<Record<GroupedFamily, Readonly<Record<GpuGeneration, GroupedEfficiency>>>> = {
  deepgemm: { hopper: { peak: 1.18, widthHalf: 0 }, blackwell: { peak: 1.18, widthHalf: 0 } },
  'fused-moe': { hopper: { peak: 0.696, widthHalf: 2048 }, blackwell: { peak: 0.719, widthHalf: 1024 } },
};

/**
 * Seconds an MoE layer's expert side takes besides its grouped GEMMs and weight reads, per GPU generation: the routing
 * top-k, the sort and permutation of tokens into expert order, the activation's quantization and the finalize
 * (un-permute and weighted sum), each a small kernel; and (MOE_PER_EXPERT_S) a part for each expert the GPU holds.
 */
export const MOE_FIXED_S: Readonly<Record<GpuGeneration, number>> = { hopper: 7.5e-6, blackwell: 13.8e-6 };

/**
 * Seconds an MoE layer's expert module takes for each expert its GPU holds, touched or not: its grouped GEMMs visit every
 * local expert's problem (row count, tiles, scales) whether tokens reached it or not. The measured tables show it plainly
 * at one token: H200, DeepSeek-V3's experts, 32 local (EP 8) 40.1 us, 64 (EP 4 x TP 2) 50.6, 128 (EP 2 x TP 4) 71.2,
 * 256 (TP 8) 114.7: about 0.34 us an expert over a common 29 us. It is why experts split by TP, which hold every expert,
 * pay more than EP's at few tokens.
 * FITTED with MOE_FIXED_S on the moe_perf rows above (EP and TP alone) with under half a token per expert: for each
 * per-expert cost on a 0.01 us grid (0 to 1 us), the intercept the median residual of measured minus the model's ops,
 * the pair of least median |log error| (scripts/calibrate-kernels.ts moe): 1,386 Hopper rows 7.5 us + 0.17 us an
 * expert, 2,772 Blackwell rows 13.8 us + 0.29 us. (One constant before, on EP rows: 10.7 and 19.8 us; TP rows under
 * half a token per expert then read 20-60% fast, now -19% to +3%.)
 */
export const MOE_PER_EXPERT_S: Readonly<Record<GpuGeneration, number>> = { hopper: 0.17e-6, blackwell: 0.29e-6 };

/** An MoE layer's fixed expert-side cost on a GPU holding `localExperts` experts (MOE_FIXED_S plus MOE_PER_EXPERT_S each). */
export const moeFixedS = (gpuId: string, localExperts: number): number =>
  MOE_FIXED_S[generationOf(gpuId)] + MOE_PER_EXPERT_S[generationOf(gpuId)] * localExperts;

/** An expert's width as its GEMMs show it: the down-projection's k, or the up-projection's n (gated: 2 f); a backward GEMM's as its forward's. */
const expertWidth = (shape: GemmShape): number => shape.width ?? Math.min(shape.n, shape.k);

/** peak x w / (w + widthHalf) for the expert width of a grouped GEMM's shape. */
export const groupedEfficiencyAt = (peak: number, widthHalf: number, shape: GemmShape): number => {
  const w = expertWidth(shape);
  return (peak * w) / (w + widthHalf);
};

/**
 * A kernel's saturation (padding, occupancy, main-loop ramp: compute/saturation.ts) with its layout's grouped-GEMM loss:
 * the worse of the two for a grouped expert GEMM, the saturation alone for a dense one. The worse, not their product: an
 * expert whose few rows leave its tiles mostly padding streams its weights at the pace of its loads, and the short
 * per-expert pipelines that the grouped efficiency prices (fitted where experts get more than 64 rows) do not slow it
 * further. Held against the measured MoE tables' experts split by TP (moe_ep_size 1), with the constants refitted on EP
 * and TP rows either way: as a product, their H200 rows with 1-8 tokens per expert read +50% to +130% slow (widths of
 * 256 and less take the width loss on top of the padding); as the worse, -12% to +3% (scripts/calibrate-kernels.ts moe).
 */
export function groupedSaturation(saturation: number, shape: GemmShape, gpuId: string): number {
  if (!shape.layout) return saturation;
  const { peak, widthHalf } = GROUPED_GEMM_EFFICIENCY[familyOf(shape.layout)][generationOf(gpuId)];
  return peak * Math.min(saturation, groupedEfficiencyAt(1, widthHalf, shape));
}

/** The factor a GEMM's efficiency takes for its layout: its family's GROUPED_GEMM_EFFICIENCY for a grouped expert GEMM, else 1. */
export function groupedGemmEfficiency(shape: GemmShape, gpuId: string): number {
  if (!shape.layout) return 1;
  const { peak, widthHalf } = GROUPED_GEMM_EFFICIENCY[familyOf(shape.layout)][generationOf(gpuId)];
  return groupedEfficiencyAt(peak, widthHalf, shape);
}
