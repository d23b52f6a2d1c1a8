/** Fixed costs every GEMM kernel pays whatever its size (launch, prologue, the activation quantization of FP8 and FP4 inputs), by GPU generation and precision, and how small-m GEMMs tile. */

import type { Precision } from './types.js';

/** Tensor-core generations the measured kernel tables separate: Hopper (H100, H200, H800, H20) and Blackwell (B200, GB200, B300). */
export type GpuGeneration = 'hopper' | 'blackwell';

/** Each catalogue GPU's generation; GPUs outside these (A100, other vendors) take Hopper's floors, an assumption. */
const GENERATIONS: Readonly<Record<string, GpuGeneration>> = {
  'h100-sxm': 'hopper',
  h200: 'hopper',
  h800: 'hopper',
  h20: 'hopper',
  b200: 'blackwell',
  gb200: 'blackwell',
  b300: 'blackwell',
};

export const generationOf = (gpuId: string): GpuGeneration => GENERATIONS[gpuId] ?? 'hopper';

/** The GPU's generation where the measured tables cover it, else undefined (a fitted bandwidth does not carry over). */
export const measuredGenerationOf = (gpuId: string): GpuGeneration | undefined => GENERATIONS[gpuId];

/**
 * Seconds a GEMM takes beyond its roofline whatever its shape: the median over a table's small rows (m <= 64,
 * n k <= 2^20: roofline under 1 us) of measured minus the ideal roofline, from the measured kernel tables
 * (shared/kernels/aiconfigurator, gemm/trtllm/1.3.0rc20/gemm_perf.parquet, one whole node, CUDA graphs, clocks locked):
 * bf16 rows: h100_sxm 2.97, h200_sxm 3.04 us -> Hopper 3.0; b200_sxm 2.41, gb200 2.48, b300_sxm 2.18 -> Blackwell 2.4.
 * fp8_block rows (1 x 128 block-scaled FP8, as DeepSeek-V3's checkpoints and DeepGEMM-class kernels run, the
 * activation's quantization kernel included): h100_sxm 4.83, h200_sxm 4.81 -> 4.8; b200_sxm 5.93, gb200 5.81,
 * b300_sxm 5.46 -> 5.8. The tables' per-tensor `fp8` rows sit at 12-14 us: they quantize with a dynamic amax
 * reduction each call, which a deployment with calibrated static scales does not run, so they are not the FP8 floor.
 * fp4: nvfp4 rows, b200_sxm 7.45, gb200 7.09, b300_sxm 7.63 -> 7.4 (Hopper has no FP4 unit).
 * int8: the tables hold no INT8 rows; W8A8 quantizes its activations per token as block FP8 does, so it takes FP8's
 * floor, an assumption.
 */
export const GEMM_FLOOR_S: Readonly<Record<GpuGeneration, Readonly<Record<Precision, number>>>> = {
  hopper: { bf16: 3.0e-6, fp8: 4.8e-6, fp4: 7.4e-6, int8: 4.8e-6 },
  blackwell: { bf16: 2.4e-6, fp8: 5.8e-6, fp4: 7.4e-6, int8: 5.8e-6 },
};

export function gemmFloorS(gpuId: string, precision: Precision): number {
  return GEMM_FLOOR_S[generationOf(gpuId)][precision];
}
