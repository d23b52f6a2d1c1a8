/**
 * Named calibration constants of the training model, each fitted once on the dev set (cases.json)
 * and used unchanged for every system and case, and the efficiency curve they make of the compute model's default.
 */

import { DEFAULT_EFFICIENCY_CURVE, type EfficiencyCurve, efficiencyCurves } from '../compute/efficiency.js';
import { fp4GemmShare } from '../compute/kernel-floors.js';
import { kernelGpuId } from '../hardware/types.js';

/**
 * The fraction of their benchmarked tensor throughput (the MAMF and Azure GEMM series behind the efficiency curve,
 * the FlashAttention papers' kernel rates) that GEMM and attention kernels sustain inside a training step, where
 * cuBLAS picks kernels by heuristic rather than a sweep's best, clocks settle under a mixed power load and launches
 * leave gaps. Fitted, one value for every case, on all 36 expressible cases.json training rows (train-megatron-t1-*,
 * train-megatron-t2-*, train-nemo2407-h100-*, train-deepseekv3-*) once the rest of the training and communication
 * model was in place (BF16 output head, unfused loss, squared-ReLU and RoPE traffic, the frameworks' overlap and
 * gradient precision, NCCL's channel rings and protocols, DualPipe): least squares of log(predicted / published),
 * whose mean crosses zero at ~0.845 (+0.039 at 0.9, +0.010 at 0.86, -0.005 at 0.84). At 0.85: median |error| 4.0%,
 * worst 12.3%, mean log error +0.003. On the measured-kernels curve (each GEMM's launch floor, small-m tiles, split-K:
 * compute/kernel-floors.ts, saturation.ts) the 37 dev rows read median |error| 4.2%, mean log error +0.004 at 0.85:
 * the fit stands, so the constant is unchanged. Training's expert GEMMs stay plain batched GEMMs at this efficiency
 * (Megatron-Core's grouped GEMMs are what these rows ran), not serving's grouped-GEMM families (grouped-gemm.ts).
 * Checked again when the measured kernel tables joined the plateaus at production clocks (compute/measurements.ts
 * TABLE_CLOCK_FACTOR: H200 BF16 and FP8, GB200 FP8 from the tables; B200, B300 and GB300 measured for the first time)
 * and the H800 took the H100's measurements (its die): on the same 37 dev rows the mean log error crosses zero at 0.846
 * (-0.43% at 0.84, +0.32% at 0.85): the fit stood.
 * REFITTED when each plateau became its benchmark's rate over the ramp in k at the benchmark's own depth, as the ramp
 * was fitted (compute/efficiency.ts fractionOf; plateaus 1-11% higher): the crossing moves to 0.816 (+1.07% at 0.83,
 * +0.30% at 0.82, -0.48% at 0.81), 0.82 the nearest: median |error| 4.3% over the 37 dev rows.
 */
export const TRAINING_TENSOR_EFFICIENCY = 0.82;

/**
 * Software cost of one ZeRO-3 bucket collective in DeepSpeed (2021) beyond what NCCL moves: the parameter hooks,
 * partition bookkeeping, buffer allocation and stream synchronisation of each fetch or gradient reduce, seconds.
 * With NCCL's multi-NIC rings the Megatron Table 2 ZeRO-3 rows (train-megatron-t2-ZeRO-3-*) run 14-44 s per
 * iteration slower than their communication allows; divided by their bucket collectives (7,334 per iteration for
 * 175B, 22,244 for 530B) that is 1.1-3.0 ms each; the median, 2 ms, serves all six (within 15%).
 */
export const ZERO3_BUCKET_OVERHEAD_S = 2e-3;

const kernels = efficiencyCurves.get(DEFAULT_EFFICIENCY_CURVE);

/** The default efficiency curve with tensor work scaled by TRAINING_TENSOR_EFFICIENCY; HBM traffic as benchmarked. */
export const inTraining: EfficiencyCurve = {
  ...kernels,
  id: `${kernels.id}-in-training`,
  description: `${kernels.description} Tensor rates times TRAINING_TENSOR_EFFICIENCY (${TRAINING_TENSOR_EFFICIENCY}).`,
  gemm: (shape, gpu, precision) => kernels.gemm(shape, gpu, precision) * TRAINING_TENSOR_EFFICIENCY,
  plateau: (gpu, precision) => kernels.plateau(gpu, precision) * TRAINING_TENSOR_EFFICIENCY,
};

/**
 * Training's layer kernels: inTraining, with NVFP4 GEMMs at the bare kernel's plateau as FP8's are. FP4_GEMM_SHARE
 * (compute/kernel-floors.ts) is fitted on serving's NVFP4 GEMM rows, each of which quantizes its BF16 activations
 * inside the timed call; a training step runs Transformer Engine's quantization as kernels of their own, priced apart
 * (layer-time.ts CAST_BYTES_PER_ELEMENT), so its GEMMs take the plateau the published FP4 GEMM benchmark gives (GB200
 * 7,628 of 10,000 TFLOP/s; efficiency.ts), as its FP8 GEMMs take the published FP8 benchmarks'. An assumption until a
 * training NVFP4 GEMM is measured: the held-back Megatron-Bridge NVFP4 rows check it.
 */
export const inTrainingLayers: EfficiencyCurve = {
  ...inTraining,
  id: `${inTraining.id}-layers`,
  description: `${inTraining.description} NVFP4 GEMMs at the bare kernel's plateau: quantization is priced as its own kernels.`,
  gemm: (shape, gpu, precision) => inTraining.gemm(shape, gpu, precision) / (precision === 'fp4' ? fp4GemmShare(kernelGpuId(gpu)).compute : 1),
  gemmStreamShare: () => 1,
};
