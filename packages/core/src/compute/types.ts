/** Compute-model types: a GEMM's shape, the tensor precisions, and one operation's FLOPs and HBM traffic. */

import type { PeakCompute } from '../hardware/types.js';
import type { Bytes, Flops } from '../units/units.js';

/** A tensor-core number format with a dense peak in `GpuSpec.peak`. */
export type Precision = keyof PeakCompute;

/**
 * C[m x n] = A[m x k] B[k x n], `batch` independent problems of that shape in one kernel
 * (attention heads, or the experts of a grouped MoE GEMM); batch defaults to 1. FLOPs = 2 m n k batch.
 */
export interface GemmShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batch?: number;
  /**
   * A grouped GEMM over MoE experts (compute/grouped-gemm.ts): DeepGEMM-class layouts, 'masked', each expert's rows in
   * its own padded block (decode), or 'contiguous', the experts' rows end to end, each expert's segment aligned to a
   * full tile (prefill); or 'fused', inside a framework's fused MoE module. Absent: a plain or batched GEMM.
   */
  readonly layout?: GroupedLayout;
  /** A grouped GEMM's expert width, where its n and k do not show it (a weight gradient's k is the tokens); default min(n, k). */
  readonly width?: number;
}

export type GroupedLayout = 'masked' | 'contiguous' | 'fused';

/** What a layer does, by kind (q-down ... kv-up: MLA's projections); the same names serve the forward and the backward pass. */
export type OpName =
  | 'qkv'
  | 'q-down'
  | 'q-up'
  | 'kv-down'
  | 'kv-up'
  | 'attention-scores'
  | 'attention-out'
  | 'proj'
  | 'mlp-up'
  | 'mlp-down'
  | 'norm'
  | 'elementwise'
  | 'router'
  | 'moe-permute';

/**
 * Why an op runs: the forward product, the gradient with respect to its left operand (input, or Q and dP in
 * attention), the gradient with respect to its right operand (the weights, or K and V in attention), or
 * FlashAttention's recomputation of the scores in the backward pass (hardware FLOPs, not model FLOPs).
 */
export type OpRole = 'forward' | 'dgrad' | 'wgrad' | 'recompute';

/** The cost of one operation on one GPU: tensor FLOPs and the HBM bytes it reads and writes. */
export interface OpCost {
  readonly flops: number;
  readonly bytes: number;
  /** Present for matrix products: sets the size-dependent efficiency; absent ops run at the curve's plateau. */
  readonly shape?: GemmShape;
}

export interface Op extends OpCost {
  readonly name: OpName;
  readonly role: OpRole;
  /** Tensor-core FLOPs; vector ops (norms, activations, residual adds) count 0 as in model-FLOPs accounting. */
  readonly flops: Flops;
  /** Weights plus activations read and written in HBM. */
  readonly bytes: Bytes;
}

/** 2 m n k batch: one multiply and one add per term. */
export function gemmFlops(shape: GemmShape): Flops {
  return (2 * shape.m * shape.n * shape.k * (shape.batch ?? 1)) as Flops;
}
