/** Serving attention kernels as measured: decode attention's fixed floor, and prefill attention's utilization ramp in the keys each query reads. */

import { type GpuGeneration, generationOf, measuredGenerationOf } from '../hardware/generations.js';
import type { GpuSpec } from '../hardware/types.js';
import { kernelGpuId } from '../hardware/types.js';
import { bytes, flops } from '../units/units.js';
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
  /** MLA decode's tensor work per measured generation (absent: the caller's utilization, heads as they are). */
  readonly mlaDecode: Readonly<Partial<Record<GpuGeneration, MlaDecodeKernel>>>;
}

/** The number format an MLA decode kernel reads its latent KV cache in (and, on Blackwell, multiplies in). */
export type MlaKvFormat = 'bf16' | 'fp8';

/**
 * How MLA decode kernels spend their tensor cores: every request's query heads (128 for DeepSeek-V3 at TP 1) share one
 * latent KV, so at large batch the kernel is compute-bound. `headTile`: heads one MMA tile holds; a GPU's heads are
 * padded up to it (TP 8 leaves 16 heads that cost a tile's work). `utilization`: the share of dense BF16 peak reached at
 * long context, per KV format (FP8 KV runs FP8 MMAs on Blackwell, above BF16 peak); `contextHalf`: the context per
 * request at which half of it is reached (each request's split-KV reduction and Q load cost a fixed share).
 */
export interface MlaDecodeKernel {
  readonly headTile: number;
  readonly utilization: Readonly<Record<MlaKvFormat, number>>;
  readonly contextHalf: Readonly<Record<MlaKvFormat, number>>;
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
 * MLA decode (generation_mla_perf, decode rows of b x ctx >= 16K, with the floors above): the head tile is the one, of
 * 64 and 128, whose fit explains the rows of 8-64 heads (median |log error| Hopper 64: 0.075 against 0.468 for 128, so a
 * 16-head GPU costs as 64; Blackwell 128: 0.206 against 0.229); per KV
 * format, the utilization (steps of 0.01) and context half-point (0-1,024) of least median |log error| over the
 * 128-head rows (186 per generation and format on Hopper, 279 on Blackwell): Hopper BF16 0.65 at 384 (median |log
 * error| 0.046; 0.072 over all heads), FP8 0.75 at 512 (0.051; 0.073); Blackwell BF16 0.56 at 256 (0.079; 0.136), FP8
 * 1.12 at 1,024 (0.091; 0.206). Against FlashMLA's published 580 of 989 TFLOP/s without padding or ramp, the rows read
 * 0.085 / 0.204 / 0.237 / 0.252.
 */
export const ATTENTION_KERNELS: AttentionKernels = {
  decodeFloorS: { hopper: { gqa: 10.1e-6, mla: 14.4e-6 }, blackwell: { gqa: 11.6e-6, mla: 10.6e-6 } },
  prefillFloorS: { hopper: 16.5e-6, blackwell: 14.8e-6 },
  prefillKeysHalf: { gqa: 1024, mla: 512 },
  mlaDecode: {
    hopper: { headTile: 64, utilization: { bf16: 0.65, fp8: 0.75 }, contextHalf: { bf16: 384, fp8: 512 } },
    blackwell: { headTile: 128, utilization: { bf16: 0.56, fp8: 1.12 }, contextHalf: { bf16: 256, fp8: 1024 } },
  },
};

/** The roofline alone: no floor, no ramp (what the model priced before the measured kernels). */
export const ROOFLINE_ATTENTION: AttentionKernels = {
  decodeFloorS: { hopper: { gqa: 0, mla: 0 }, blackwell: { gqa: 0, mla: 0 } },
  prefillFloorS: { hopper: 0, blackwell: 0 },
  prefillKeysHalf: { gqa: 0, mla: 0 },
  mlaDecode: {},
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
  return floorPlusRoofline(work, gpu, kernels.decodeFloorS[generationOf(kernelGpuId(gpu))][kind], utilization);
}

/**
 * An MLA decode kernel's FLOPs and utilization on `gpu`: `heads` padded to the measured kernels' tile, and their
 * utilization at each request's `contextPerRequest` tokens, where the tables cover the GPU's generation; else the
 * FLOPs as they are at `utilization`.
 * Example: DeepSeek-V3 at TP 1 on a GB200, BF16 KV at 2,000 tokens a request: 0.56 x 2000 / 2256 = 0.50 of BF16 peak.
 */
export function mlaDecodeWork(
  flopsPerHead: number,
  heads: number,
  contextPerRequest: number,
  kv: MlaKvFormat,
  gpu: GpuSpec,
  utilization: number,
  kernels: AttentionKernels = ATTENTION_KERNELS,
): { readonly flops: number; readonly utilization: number } {
  const generation = measuredGenerationOf(kernelGpuId(gpu));
  const kernel = generation === undefined ? undefined : kernels.mlaDecode[generation];
  if (!kernel) return { flops: flopsPerHead * heads, utilization };
  const ramp = contextPerRequest / (contextPerRequest + kernel.contextHalf[kv]);
  return { flops: flopsPerHead * Math.max(heads, kernel.headTile), utilization: kernel.utilization[kv] * ramp };
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
  return floorPlusRoofline(work, gpu, kernels.prefillFloorS[generationOf(kernelGpuId(gpu))], utilization * ramp);
}

/** An attention kernel's floor plus the slower of its FLOPs at `utilization` of dense BF16 peak and its KV reads; 0 for no work. */
function floorPlusRoofline(work: AttentionWork, gpu: GpuSpec, floorS: number, utilization: number): number {
  if (work.flops <= 0 && work.kvBytes <= 0) return 0;
  const computeS = work.flops / ((gpu.peak.bf16 ?? 0) * utilization);
  const memoryS = opsTime([{ flops: flops(0), bytes: bytes(work.kvBytes) }], gpu, 'bf16');
  return floorS + Math.max(computeS, memoryS);
}
