/** What kernels cost beyond the roofline: each GEMM's fixed cost by GPU generation and precision, the share of the rates NVFP4 GEMMs reach, and the gap between dependent kernels of a serving step. */

import { type GpuGeneration, generationOf } from '../hardware/generations.js';
import type { Precision } from './types.js';

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

/**
 * How block-scaled GEMMs (FP8 with 1 x 128 scales, NVFP4, W8A8 INT8) combine their math and their operand reads: time
 * = (compute^p + memory^p)^(1/p) with this p, where BF16 GEMMs take the slower of the two (p = Infinity). Their
 * kernels load a scale per block and fold each block's partial sums into FP32 accumulators on the CUDA cores (DeepGEMM's
 * two-level accumulation), work that waits on the same pipeline stages as the operand loads, so near the ridge
 * (compute ~ memory) neither side hides the other: at the ridge a kernel takes 2^(1/2.75) = 1.29 x either side; far
 * from it (1 : 5) 1.004 x the slower.
 * FITTED on the development set's kernel cases of GEMMs and MoE layers (validation/cases.json, set dev, kernel-gemm-*,
 * kernel-moe-*, kernel-deepgemm-*: 13 rows, DeepGEMM's published H800 grouped rates among them), the p of least median
 * |error| on a grid, with the grouped-GEMM constants that depend on it (GROUPED_GEMM_EFFICIENCY fused-moe, MOE_FIXED_S)
 * refitted at each p by their own rules: Infinity (max) 11.7%, 4 10.2%, 3.5 7.7%, 3 4.5%, 2.75 2.9%, 2.5 4.0%, 2.25
 * 5.0%, 2 6.1% (4.0% once DeepGEMM's peak is refitted too, 1.2 -> 1.18).
 * Checked, never fitted, on the held-back kernel cases of the same kinds (14.1% -> 10.7%; DeepGEMM masked 4 x 256
 * down-projection +14.1% -> -3.9%) and on the measured GEMM tables (shared/kernels/aiconfigurator
 * gemm/trtllm/1.3.0rc20/gemm_perf, m > 64, median |log error| before -> after: Hopper fp8_block 18.7% -> 17.4% over
 * 41,112 rows, Blackwell fp8_block 14.6% -> 14.0% over 82,224, nvfp4 25.3% -> 24.6% over 82,840; their bf16 rows show no
 * loss at the ridge, which is why BF16 keeps the max). INT8 takes it as it takes FP8's floor, an assumption.
 * Not refitted when the fused modules' width loss became the worse of it and the saturation, fitted on EP and TP rows
 * (GROUPED_GEMM_EFFICIENCY): the same dev rows read 3.0% -> 2.95% at 2.75.
 */
export const BLOCK_SCALED_OVERLAP_P = 2.75;

/**
 * What NVFP4 GEMM kernels reach of the model's rates (measured-kernels curve, served at TRAINING_TENSOR_EFFICIENCY), per
 * Blackwell GPU: `compute` on compute-bound rows (m > 2048), `stream` on the weight reads of memory-bound rows
 * (m <= 16). FITTED on the measured kernel tables (shared/kernels/aiconfigurator, gemm/trtllm/1.3.0rc20/gemm_perf.parquet,
 * nvfp4 rows; scripts/calibrate-kernels.ts gemm): each value is the share at which the median error of its rows is zero.
 * b200_sxm 7,572 compute-bound rows -> 0.50, 6,384 memory-bound -> 0.42; gb200 7,387 -> 0.48, 6,384 -> 0.46;
 * b300_sxm 6,547 -> 0.32, 6,384 -> 0.47. The FP4 dense peaks are the datasheets' (9, 10 and 15 PFLOP/s) and the one
 * published FP4 GEMM benchmark (GB200, 7.6 PFLOP/s: the GEMM plateau) ran a bare kernel; the serving engines' NVFP4
 * GEMMs, with their block-scale handling, reach about half of that. MXFP4 runs the same tensor cores: it takes NVFP4's.
 */
export const FP4_GEMM_SHARE: Readonly<Record<string, { readonly compute: number; readonly stream: number }>> = {
  b200: { compute: 0.5, stream: 0.42 },
  gb200: { compute: 0.48, stream: 0.46 },
  b300: { compute: 0.32, stream: 0.47 },
  // Its own rows, taken where they read as b300_sxm's do under B300's shares (m > 2048 -18%, m <= 16 -2%): at B200's
  // shares they read -34% and +1%, so 0.5 x 0.66 / 0.82 and 0.42 x 1.01 / 0.98.
  gb300: { compute: 0.4, stream: 0.43 },
};

/** A GPU's FP4 GEMM shares: its own fit, else B200's (the first Blackwell part). */
export const fp4GemmShare = (gpuId: string) => FP4_GEMM_SHARE[gpuId] ?? (FP4_GEMM_SHARE.b200 as { compute: number; stream: number });

export function gemmFloorS(gpuId: string, precision: Precision): number {
  return GEMM_FLOOR_S[generationOf(gpuId)][precision];
}

/**
 * Seconds between two dependent kernels of a serving step that a kernel benchmark does not see: a step runs some ten
 * different kernels a layer one after another (norms, projections, attention, the MLP or the experts, the TP
 * all-reduces, the EP dispatch and combine), each waiting for the one before to drain before its first block starts,
 * where a benchmark times one kernel back to back with itself. Paid once per kernel a serving step prices
 * (serving/step-cost.ts); training's layer times (training/layer-time.ts) are fitted on whole training steps and keep
 * theirs in their efficiencies.
 * FITTED, one value for every GPU and engine, on the development set's inference rows (validation/cases.json, set dev:
 * Azure's static batches on A100, H100 and H200, NIM's Llama-3.3-70B on two H100s, DeepSeek's profile and production
 * decode, InferSim's H800 rows): the value that minimises their median |error| over 0 to 8 us in 0.5 us steps
 * (0: 13.0%, 2: 8.7%, 3: 7.4%, 3.5: 6.8%, 4: 5.7%, 4.5: 5.9%, 5: 6.8%, 6: 8.3%). Checked on the held-back rows, never
 * fitted on them: 23.5% -> 14.5%. Consistent with the AIConfigurator model's 3 us fixed cost per memory-bound op
 * (ai-dynamo/aiconfigurator systems/*.yaml, mem_empirical_constant_latency) on top of its measured kernels.
 * Engines that launch with programmatic dependent launch and fuse their decode kernels (TensorRT-LLM's min-latency
 * DeepSeek path) pay less: the held-back B200 min-latency row reads 40% slow with it (its TRTLLM-gen MoE
 * backend also pays neither the CUTLASS module's per-expert cost nor its GEMM floors).
 * Checked again by the same rule when the measured kernel tables joined the GEMM plateaus (compute/measurements.ts) and
 * the front end's CPU time joined each request (serving/host-cpu.ts): dev 3.5: 6.1%, 4: 5.8%, 4.5: 6.2%, 5: 7.4%: the
 * fit stands (held back, never fitted: 12.0% at 4 us). Again when the plateaus took out their ramp in k
 * (TRAINING_TENSOR_EFFICIENCY 0.82): 3: 7.2%, 3.5: 6.6%, 4: 6.5%, 4.5: 6.9%, 5: 7.3%: it stands (held back 10.7%).
 * Again when the MoE modules' fixed part became one per expert a GPU holds (compute/grouped-gemm.ts MOE_PER_EXPERT_S),
 * with FP4's attention format and expert TP expressed: 0: 11.7%, 2: 9.0%, 3: 7.7%, 3.5: 7.7%, 4: 7.5%, 4.5: 7.6%, 5:
 * 7.1%, 5.5: 7.8%, 6: 8.5%, 8: 10.3%: 4 -> 5 us (held back, never fitted: 8.2% -> 6.9%).
 */
export const KERNEL_GAP_S = 5e-6;
