/** Serving attention kernels as measured: decode attention's fixed floor, and prefill attention's utilization ramp in the keys each query reads. */

import type { GpuSpec } from '../hardware/types.js';
import { bytes, flops } from '../units/units.js';
import { type GpuGeneration, generationOf } from './kernel-floors.js';
import { opsTime } from './roofline.js';

/**
 * The constants of the serving attention kernels. `decodeFloorS`: seconds a decode attention kernel takes beyond its
 * roofline (launch, the split-KV reduction, writing the new token's K and V); `prefillKeysHalf`: keys per query at which a
 * prefill (FlashAttention-class) kernel reaches half its utilization, utilization x keys / (keys + half), since short
 * sequences give each query tile a short main loop and too few tiles for the SMs.
 */
export interface AttentionKernels {
  readonly decodeFloorS: Readonly<Record<GpuGeneration, Readonly<Record<AttentionKind, number>>>>;
  readonly prefillFloorS: Readonly<Record<GpuGeneration, number>>;
  readonly prefillKeysHalf: Readonly<Record<AttentionKind, number>>;
}

/** Decode kernels differ by attention kind: GQA/MHA (one pass per KV head) and MLA (every head over one latent). */
export type AttentionKind = 'gqa' | 'mla';

/**
 * Fitted by scripts/calibrate-kernels.ts on the measured attention tables (shared/kernels/aiconfigurator
 * <gpu>/attention/trtllm/1.3.0rc20/generation_attention_perf and context_attention_perf, <gpu>/mla/trtllm/1.3.0rc20/
 * generation_mla_perf and context_mla_perf; full attention, BF16, at least 8 heads a GPU):
 * decode floors, the median of measured minus the roofline over decode rows reading at most 4,096 KV tokens in all:
 * h100_sxm and h200_sxm GQA 10.1 us (21,840 rows), MLA 14.4 us (1,540); b200_sxm, gb200, b300_sxm GQA 11.6 us (32,292),
 * MLA 10.6 us (2,310). Prefill floors, the same over prefill rows of at most 64 tokens: Hopper 16.5 us (3,288 rows),
 * Blackwell 14.8 us (4,608). Keys half-points, the grid value whose median log error over the prefill rows of 513 to
 * 8,192 tokens is nearest zero: GQA 1,024 (53,708 rows), MLA 512 (1,850).
 */
export const ATTENTION_KERNELS: AttentionKernels = {
  decodeFloorS: { hopper: { gqa: 10.1e-6, mla: 14.4e-6 }, blackwell: { gqa: 11.6e-6, mla: 10.6e-6 } },
  prefillFloorS: { hopper: 16.5e-6, blackwell: 14.8e-6 },
  prefillKeysHalf: { gqa: 1024, mla: 512 },
};

/** The roofline alone: no floor, no ramp (what the model priced before the measured kernels). */
export const ROOFLINE_ATTENTION: AttentionKernels = {
  decodeFloorS: { hopper: { gqa: 0, mla: 0 }, blackwell: { gqa: 0, mla: 0 } },
  prefillFloorS: { hopper: 0, blackwell: 0 },
  prefillKeysHalf: { gqa: 0, mla: 0 },
};

/** Attention work of one kernel on one GPU: its FLOPs and the KV-cache bytes it reads. */
export interface AttentionWork {
  readonly flops: number;
  readonly kvBytes: number;
}

/**
 * Decode attention: the floor plus the slower of its FLOPs at `utilization` of dense BF16 peak and its KV reads at HBM
 * speed. Example, H100, 64 requests at 4,096 context, 8 KV heads of 128 (BF16): 64 x 4096 x 4 KiB = 1.07 GB read ->
 * 370 us; its FLOPs, 2 x 64 x 4096 x 64 heads x 256 = 8.6 GFLOP, take 15 us at 580 TFLOP/s: memory-bound, 370 us + floor.
 */
export function decodeAttentionS(
  work: AttentionWork,
  kind: AttentionKind,
  gpu: GpuSpec,
  utilization: number,
  kernels: AttentionKernels = ATTENTION_KERNELS,
): number {
  return floorPlusRoofline(work, gpu, kernels.decodeFloorS[generationOf(gpu.id)][kind], utilization);
}

/**
 * Prefill attention: its floor plus FLOPs at `utilization` x keys / (keys + prefillKeysHalf[kind]) of dense BF16 peak, or
 * its KV reads if slower.
 * `keysPerQuery`: the keys an average query attends to (a whole causal prompt of s tokens: (s + 1) / 2).
 */
export function prefillAttentionS(
  work: AttentionWork,
  kind: AttentionKind,
  keysPerQuery: number,
  gpu: GpuSpec,
  utilization: number,
  kernels: AttentionKernels = ATTENTION_KERNELS,
): number {
  const ramp = keysPerQuery / (keysPerQuery + kernels.prefillKeysHalf[kind]);
  return floorPlusRoofline(work, gpu, kernels.prefillFloorS[generationOf(gpu.id)], utilization * ramp);
}

/** An attention kernel's floor plus the slower of its FLOPs at `utilization` of dense BF16 peak and its KV reads; 0 for no work. */
function floorPlusRoofline(work: AttentionWork, gpu: GpuSpec, floorS: number, utilization: number): number {
  if (work.flops <= 0 && work.kvBytes <= 0) return 0;
  const computeS = work.flops / ((gpu.peak.bf16 ?? 0) * utilization);
  const memoryS = opsTime([{ flops: flops(0), bytes: bytes(work.kvBytes) }], gpu, 'bf16');
  return floorS + Math.max(computeS, memoryS);
}
