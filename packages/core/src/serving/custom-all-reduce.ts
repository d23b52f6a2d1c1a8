/** The serving frameworks' own all-reduce for tensor-parallel groups inside one NVLink domain (TensorRT-LLM's and vLLM's custom all-reduce): a fixed latency and a bandwidth per group size, fitted on measured tables. */

import { type GpuGeneration, measuredGenerationOf } from '../hardware/generations.js';

/** Group sizes the measured tables cover; a larger TP group falls back to NCCL. */
export type CustomAllReduceSize = 2 | 4 | 8;

/**
 * A custom all-reduce's two algorithms (TensorRT-LLM allReduceFusionKernels, vLLM custom_all_reduce.cuh): one-shot, each
 * GPU reads every peer's whole buffer and sums it, (n - 1) S bytes read in one step; two-shot, a reduce-scatter then
 * an all-gather over the peers, 2 (n - 1)/n S bytes in two steps. The framework runs the faster.
 */
export interface CustomAllReduceCost {
  /** Seconds of a small one-shot all-reduce: launch, the flag handshake with every peer. */
  readonly oneShotLatencyS: number;
  /** The two-shot's fixed seconds: two steps, two handshakes, and its own launch. */
  readonly twoShotLatencyS: number;
  /** Peer bytes a GPU reads per second over NVLink. */
  readonly bytesPerS: number;
}

/**
 * Fitted by scripts/calibrate-kernels.ts on the measured custom all-reduce tables (shared/kernels/aiconfigurator
 * <gpu>/comm/trtllm/1.3.0rc20/custom_allreduce_perf.parquet, BF16, message_size in elements), per generation and group
 * size: one-shot latency the median of rows up to 16 KiB; bandwidth the median of (n - 1) S / (time - latency) over rows
 * of 64 to 512 KiB; two-shot latency the median of time - 2 (n - 1)/n S / bandwidth over rows of 4 to 16 MiB.
 */
export const CUSTOM_ALL_REDUCE: Readonly<Record<GpuGeneration, Readonly<Record<CustomAllReduceSize, CustomAllReduceCost>>>> = {
  hopper: {
    2: { oneShotLatencyS: 2.77e-6, twoShotLatencyS: 8.78e-6, bytesPerS: 309.0e9 },
    4: { oneShotLatencyS: 3.06e-6, twoShotLatencyS: 22.01e-6, bytesPerS: 329.3e9 },
    8: { oneShotLatencyS: 3.42e-6, twoShotLatencyS: 24.31e-6, bytesPerS: 291.5e9 },
  },
  blackwell: {
    2: { oneShotLatencyS: 4.6e-6, twoShotLatencyS: 4.6e-6, bytesPerS: 473.5e9 },
    4: { oneShotLatencyS: 4.8e-6, twoShotLatencyS: 29.37e-6, bytesPerS: 707.4e9 },
    8: { oneShotLatencyS: 5.42e-6, twoShotLatencyS: 37.63e-6, bytesPerS: 824.3e9 },
  },
};

/**
 * Seconds of a custom all-reduce of a `bytes` buffer over `gpus` GPUs of one NVLink domain, the faster of one-shot and
 * two-shot, or undefined where the tables cover no such group or GPU generation (then NCCL prices it: the peer-read
 * bandwidth is NVLink 4 and 5's, and A100s or other vendors' parts have their own). Example: 8 H100s, 64 decodes x 8,192
 * hidden x 2 B = 1 MiB: one-shot reads 7 MiB of peers, two-shot 1.75 MiB in two steps.
 */
export function customAllReduceS(gpus: number, bytes: number, gpuId: string): number | undefined {
  const generation = measuredGenerationOf(gpuId);
  if (generation === undefined || (gpus !== 2 && gpus !== 4 && gpus !== 8)) return undefined;
  const cost = CUSTOM_ALL_REDUCE[generation][gpus];
  const oneShot = cost.oneShotLatencyS + ((gpus - 1) * bytes) / cost.bytesPerS;
  const twoShot = cost.twoShotLatencyS + (2 * (gpus - 1) * bytes) / gpus / cost.bytesPerS;
  return Math.min(oneShot, twoShot);
}
