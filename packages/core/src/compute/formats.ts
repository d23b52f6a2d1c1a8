/** Number formats a model's weights, activations and KV cache are held in: the tensor-core rate each runs at and the bytes each element takes, block scales included. */

import { createRegistry, type RegistryEntry } from '../registry/registry.js';
import type { Precision } from './types.js';

export interface NumberFormat extends RegistryEntry {
  /** The tensor throughput its GEMMs run at (`GpuSpec.peak`); a GPU without it cannot run the format. */
  readonly tensor: Precision;
  /** Bytes one element takes in HBM, its share of the block scales included. */
  readonly bytesPerElement: number;
}

/**
 * The one list of formats every command, sweep and form offers (training takes the ones its recipes cover).
 * Worked example: NVFP4 holds 16 FP4 values (8 bytes) and one FP8 E4M3 scale (1 byte) per block: 9 / 16 = 0.5625
 * bytes an element, so a 70B model's weights take 39.4 GB, not 35; MXFP4's 32-element blocks with one E8M0 scale take
 * 17 / 32 = 0.53125.
 */
export const numberFormats = createRegistry<NumberFormat>('number format', [
  {
    id: 'bf16',
    description: 'BF16: 2 bytes an element, the 16-bit tensor rate',
    source: 'bfloat16 (Google Brain); every GPU in the catalogue',
    tensor: 'bf16',
    bytesPerElement: 2,
  },
  {
    id: 'fp8',
    description: 'FP8 (E4M3): 1 byte an element, the FP8 tensor rate; per-tensor or 128-element block scales (negligible bytes)',
    source: 'Micikevicius et al., FP8 Formats for Deep Learning, arXiv 2209.05433; DeepSeek-V3 1x128 / 128x128 block scaling',
    tensor: 'fp8',
    bytesPerElement: 1,
  },
  {
    id: 'nvfp4',
    description: 'NVFP4: 4-bit E2M1 values with one FP8 E4M3 scale per 16 (and one FP32 per tensor): 0.5625 bytes an element, the FP4 tensor rate',
    source: "NVIDIA, 'Introducing NVFP4 for Efficient and Accurate Low-Precision Inference' (2025): 16-value micro-blocks, E4M3 block scale",
    tensor: 'fp4',
    bytesPerElement: 0.5 + 1 / 16,
  },
  {
    id: 'mxfp4',
    description: 'MXFP4: 4-bit E2M1 values with one E8M0 (power-of-two) scale per 32: 0.53125 bytes an element, the FP4 tensor rate',
    source: 'Open Compute Project, OCP Microscaling Formats (MX) Specification v1.0 (2023): 32-element blocks, 8-bit shared exponent',
    tensor: 'fp4',
    bytesPerElement: 0.5 + 1 / 32,
  },
  {
    id: 'int8',
    description: 'INT8 (W8A8, SmoothQuant-style per-channel and per-token scales): 1 byte an element, the INT8 tensor rate',
    source: 'Xiao et al., SmoothQuant, ICML 2023; CloudMatrix-Infer INT8 serving of DeepSeek-R1 (Zuo et al., arXiv 2506.12708)',
    tensor: 'int8',
    bytesPerElement: 1,
  },
]);

export type FormatId = 'bf16' | 'fp8' | 'nvfp4' | 'mxfp4' | 'int8';
export const FORMAT_IDS = numberFormats.ids as readonly FormatId[];

/** Other names a command takes for a format: `fp4` is NVFP4, the FP4 recipe Blackwell serving stacks ship (TensorRT-LLM, vLLM and SGLang NVFP4 checkpoints). */
export const FORMAT_ALIASES: Readonly<Record<string, FormatId>> = { fp4: 'nvfp4' };

/** The format `id` names (a registry lookup; unknown ids are refused with the list). */
export const formatOf = (id: string): NumberFormat => numberFormats.get(id);
