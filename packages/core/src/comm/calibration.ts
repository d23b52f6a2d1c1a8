/**
 * Named calibration constants of the communication model, each fitted once on the dev set
 * (cases.json) and used unchanged for every system and case.
 */

import { type GpuGeneration, measuredGenerationOf } from '../hardware/generations.js';
import { type GpuSpec, kernelGpuId } from '../hardware/types.js';

/**
 * Share of scale-up link bandwidth (after the link's own protocol efficiency) that NCCL-class collective
 * kernels turn into payload: copy engines, flags and chunk handshakes of the Simple protocol.
 * Fitted as the median of ring busbw / (raw per-direction bandwidth x 0.93) over the dev ring cases:
 * 8xH100 368/(450 x 0.93) = 0.879 (coll-8xH100-ring-effective, coll-8xH100-ar-ring-vs-nvls-scaling),
 * 8xA100 231.6/(300 x 0.93) = 0.830 (coll-azure-NDA100v4-ar-curve, 8G),
 * 8xB300 695/(900 x 0.93) = 0.830 (coll-8xB300-ar-nvls-onoff-2026, off),
 * 4xGB200 679.6/(900 x 0.93) = 0.812 (coll-azure-NDGB200v6-ar-4gpu, 8G). Median: 0.83.
 */
export const SCALE_UP_COLLECTIVE_EFFICIENCY = 0.83;

/**
 * In-switch reduction (NVLS) moves S(n+1)/n per GPU each way but runs below ring speed on the links: multimem
 * reductions and multicast stores cost extra. Fitted so that the per-GPU effective bandwidth B' in
 * t = S (n+1) / (n B') matches link-bound NVLS measurements, relative to the ring efficiency above:
 * 8xH100 B' = 308 GB/s (algbw 258-273 on 5-8 GPUs, coll-8xH100-ar-ring-vs-nvls-scaling) -> 308/(450 x 0.93 x 0.83) = 0.887;
 * 8xH800 busbw 215 -> B' = 138 (coll-8xH800-ar) -> 0.894. Blackwell rows (B200, B300) are bound by the switch's
 * reduction rate instead (hardware/switches.ts NVLINK5_SWITCH_REDUCTION_RATE) and are not in this fit.
 */
export const IN_SWITCH_EFFICIENCY = 0.887;

/**
 * Fixed cost of one collective call, on top of the protocol's own latencies (comm/protocols.ts): kernel launch
 * and the first synchronisation, seconds. Fitted on the 1 KB all-reduce points, which are pure latency:
 * 8xH100 NVLS 25.6 us, 8xH200 NVLS 29.9 us, 8xA100 44.8 us, 4xGB200 ring 15.4 us (cases.json *-ar-curve cases), as
 * the value (whole microseconds) that minimises the worst ratio of predicted to measured time. With NCCL's protocol
 * latencies at each generation's NVLINK_LATENCY_SCALE that is 10 us: H100 1.39x over, H200 1.19x, GB200 1.65x, A100
 * 1.64x under (at 15 us, the fit before the generation scale: GB200 1.97x over). The measured tables agree on Hopper:
 * an 8-GPU H100 1 KiB all-reduce takes 15.6 us under CUDA graphs (shared/kernels nccl_perf), Azure's 25.6 us without.
 */
export const COLLECTIVE_LAUNCH_S = 10e-6;

/**
 * NCCL's NVLink latencies (comm/protocols.ts: each call's base and each step's, per protocol) as a GPU generation
 * runs them: its kernels' flag polling and its NVLink and NVSwitch hops. NCCL's own table is one set for every
 * generation. FITTED on the measured NCCL tables (shared/kernels/aiconfigurator <gpu>/comm/nccl/2.29.2/nccl_perf, one
 * node, CUDA graphs, half precision, all-reduce, all-gather, reduce-scatter and all-to-all on 2-8 GPUs), on their rows of
 * at most 16 KiB, where latency is all there is: per generation the scale, in steps of 0.05, of least median |log error|
 * (scripts/calibrate-kernels.ts nccl; median |log error| as a ratio, at NCCL's table -> at the fit): Hopper (h100_sxm,
 * h200_sxm) 0.85, 144 rows, 14.0% -> 6.8%; Blackwell (b200_sxm, gb200) 1.4, 120 rows, 37.4% -> 5.3%. Blackwell's NVLink 5 hops are slower than Hopper's, as
 * its 200 Gb/s PAM4 lanes' forward error correction and a deeper switch pipeline would make them. GPUs the tables do
 * not cover (A100, other vendors) keep NCCL's table (1).
 */
export const NVLINK_LATENCY_SCALE: Readonly<Record<GpuGeneration, number>> = { hopper: 0.85, blackwell: 1.4 };

/** The GPU's generation's NVLINK_LATENCY_SCALE, 1 for a GPU the measured tables do not cover. */
export function scaleUpLatencyScale(gpu: GpuSpec): number {
  const generation = measuredGenerationOf(kernelGpuId(gpu));
  return generation === undefined ? 1 : NVLINK_LATENCY_SCALE[generation];
}
