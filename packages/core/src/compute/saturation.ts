/** How far below its plateau a GEMM runs for its shape: partial tiles, too few tiles for the SMs, a short main loop. */

import type { GemmShape } from './types.js';

/**
 * Output tile edge of the kernels modelled, elements. 128 x 128 is the common Hopper/Ampere cuBLAS and CUTLASS
 * tile (NVIDIA Deep Learning Performance Guide, 'Matrix Multiplication Background': tile and wave quantization).
 */
export const GEMM_TILE = 128;

/**
 * Main-loop depth at which a tile spends as long in its fixed prologue and epilogue (pipeline fill, writing C)
 * as in multiply-accumulate, in elements of k: efficiency ramps as k / (k + GEMM_K_HALF).
 * Fitted on the Azure cuBLASLt size series (cases.json spec-meas-Azure_*), each series with its own plateau,
 * least squares on log rate (every cube there has >= 4096 tiles, so only this ramp acts):
 * H100 FP8 8192/16384/32768^3 = 1290.1/1377.3/1382.2 TFLOP/s -> 847; H200 FP8 1300.6/1366.3/1349.5 -> 475;
 * A100 FP16 8192/16384^3 = 253.7/256.5 -> 183; GB200 FP4 7535.6/7627.6 -> 202. Median (202 + 475) / 2 = 338, taken as 340.
 * A ramp in total FLOPs, flops / (flops + F_half), fitted on the same series (F_half ~ 4e10) would put MAMF's best
 * shapes, which are small in FLOPs (2048 x 2048 x 13312 = 1.1e11 on H100), at 74% of the plateau they define; in k
 * (4096 to 14336 there) they sit 2-8% below it.
 */
export const GEMM_K_HALF = 340;

/**
 * The same half-point per precision, from the same fits: a lower precision finishes each tile's multiply-accumulate
 * sooner, so its fixed prologue and epilogue weigh more and the ramp reaches further in k. 16-bit: the A100 FP16
 * series (183); FP8: median of the H100 and H200 FP8 series (847, 475 -> 661); FP4: the GB200 series (202); INT8: FP8's, the same
 * tensor cores at the same rate (no INT8 series in the data).
 */
export const GEMM_K_HALF_BY_PRECISION: Readonly<Record<'bf16' | 'fp8' | 'fp4' | 'int8', number>> = { bf16: 183, fp8: 661, fp4: 202, int8: 661 };

/**
 * Streaming multiprocessors (compute units on AMD), each running one output tile at a time. Keyed by `gpus` id;
 * a GPU missing here is assumed to have DEFAULT_COMPUTE_UNITS.
 */
export const computeUnits: Readonly<Record<string, number>> = {
  'a100-80g': 108, // NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020)
  'h100-sxm': 132, // cases.json spec-NVIDIA_H100_SXM conditions
  h200: 132, // same GH100 configuration as H100 SXM (NVIDIA H200 datasheet: identical compute)
  h800: 132, // H100 SXM compute, as hardware/gpus.ts assumes
  b200: 148, // 2 dies x 74 SMs (NVIDIA Blackwell architecture technical brief, secondary reports)
  gb200: 148, // taken equal to B200 (same die)
  b300: 160, // NVIDIA technical blog 'Inside NVIDIA Blackwell Ultra' (2025)
  gb300: 160, // the same die
  mi300x: 304, // 1216 matrix cores / 4 per CU (cases.json spec-AMD_MI300X conditions; AMD CDNA 3 white paper)
};

/** H100 SXM's SM count, assumed for GPUs that publish none (H20, Ascend 910C, T-Head PPU). */
export const DEFAULT_COMPUTE_UNITS = 132;

export function computeUnitsOf(gpuId: string): number {
  return computeUnits[gpuId] ?? DEFAULT_COMPUTE_UNITS;
}

/**
 * padding x occupancy x ramp, each in (0, 1]:
 * padding = m n / (tiles' area): edge tiles compute their full 128 x 128 (m = 16 tokens uses 16/128 of each tile);
 * occupancy = min(1, tiles / SMs): a GEMM with fewer tiles than SMs leaves SMs idle. Past one full wave, persistent
 * and stream-K kernels balance the tail, so no ceil(tiles / SMs) wave penalty: MAMF's H100 FP8 best shape,
 * 1024 x 9216 (576 tiles = 4.4 waves on 132 SMs), runs at the maximum, which a hard wave count would cut by 13%;
 * ramp = k / (k + GEMM_K_HALF).
 * Worked example, MoE expert GEMM on H100 with 16 tokens, h = 4096 -> f = 4096: padding 16/128 = 0.125,
 * tiles 1 x 32 = 32 of 132 SMs -> 0.242, ramp 4096/4436 = 0.923: 0.028 of the plateau.
 */
export function gemmSaturation(shape: GemmShape, units: number, kHalf: number = GEMM_K_HALF): number {
  const { m, n, k } = shape;
  const batch = shape.batch ?? 1;
  if (!(m > 0 && n > 0 && k > 0 && batch > 0)) throw new RangeError(`GEMM shape needs positive m, n, k, batch; got ${JSON.stringify(shape)}`);
  const rowTiles = Math.ceil(m / GEMM_TILE);
  const colTiles = Math.ceil(n / GEMM_TILE);
  const padding = (m * n) / (rowTiles * colTiles * GEMM_TILE * GEMM_TILE);
  const occupancy = Math.min(1, (batch * rowTiles * colTiles) / units);
  return padding * occupancy * (k / (k + kHalf));
}

/**
 * Output rows of the narrowest tile a GEMM kernel picks for a small m: Hopper's warpgroup MMA is 64 rows tall, and
 * TensorRT-LLM and cuBLAS run m <= 64 either on 64-row tiles or with A and B swapped so m becomes the tile's narrow
 * side; 128-row tiles (GEMM_TILE) waste up to 127/128 of each tile at m = 1. A structural choice, checked on the
 * measured GEMM tables (shared/kernels/aiconfigurator <gpu>/gemm/trtllm/1.3.0rc20/gemm_perf.parquet, bf16 and fp8_block
 * rows): with it, split-K and GEMM_FLOOR_S the median error of the m <= 64 rows on h100_sxm goes from +31-34% (BF16)
 * and +9-15% (FP8) to -2 to -7% (scripts/calibrate-kernels.ts gemm).
 */
export const GEMM_SMALL_M_TILE = 64;

/**
 * Main-loop depth, elements of k, below which a kernel does not split k further: a GEMM with fewer output tiles than SMs
 * splits its k loop over several CTAs (split-K, stream-K: Osama et al., PPoPP 2023) and adds the partial sums, so a
 * memory-bound m = 16, n = 1024, k = 65536 GEMM streams its weights from every SM, not from the 8 its tiles cover.
 * A structural choice checked on the same tables: without splitting, the 90th percentile error of the h100_sxm BF16
 * m <= 16 rows is +493%; with it, +42%.
 */
export const GEMM_SPLIT_K_DEPTH = 512;

/**
 * gemmSaturation as the measured kernels run it: tiles GEMM_SMALL_M_TILE rows tall where m fits in one, and a k loop
 * split over the SMs its tiles leave idle (each slice at least GEMM_SPLIT_K_DEPTH deep; the ramp then acts on a slice).
 * Worked example, H100 (132 SMs), m = 16, n = 1024, k = 65536: padding 16/64 = 0.25; 8 tiles split 16 ways (132 / 8 ->
 * 17, at most 65536 / 512 = 128) -> occupancy 128 / 132 = 0.97; ramp 4096 / (4096 + 183) = 0.96: 0.23 of the plateau,
 * where gemmSaturation gives 0.125 x 8/132 x 0.997 = 0.0076.
 */
export function kernelSaturation(shape: GemmShape, units: number, kHalf: number = GEMM_K_HALF): number {
  const { m, n, k } = shape;
  const batch = shape.batch ?? 1;
  if (!(m > 0 && n > 0 && k > 0 && batch > 0)) throw new RangeError(`GEMM shape needs positive m, n, k, batch; got ${JSON.stringify(shape)}`);
  // The contiguous layout aligns each expert's segment to a full tile, so its rows never take the small tile.
  const tileM = m <= GEMM_SMALL_M_TILE && shape.layout !== 'contiguous' ? GEMM_SMALL_M_TILE : GEMM_TILE;
  const rowTiles = Math.ceil(m / tileM);
  const colTiles = Math.ceil(n / GEMM_TILE);
  const padding = (m * n) / (rowTiles * colTiles * tileM * GEMM_TILE);
  const tiles = batch * rowTiles * colTiles;
  const splits = tiles >= units ? 1 : Math.max(1, Math.min(Math.ceil(units / tiles), Math.floor(k / GEMM_SPLIT_K_DEPTH)));
  const occupancy = Math.min(1, (tiles * splits) / units);
  const slice = k / splits;
  return padding * occupancy * (slice / (slice + kHalf));
}
