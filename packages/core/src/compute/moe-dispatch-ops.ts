/** The memory-bound work around a MoE layer's experts: the router's scores, and permuting tokens to and from expert order. */

import { bytes, flops } from '../units/units.js';
import { vectorOp } from './ops.js';
import type { Op } from './types.js';

/**
 * Passes over the routed-token tensor R (t tokens x k copies x h, BF16) that Megatron-Core's all-to-all token dispatcher
 * makes per MoE layer (megatron/core/transformer/moe/token_dispatcher.py, moe_utils.py), each a read or a write of R:
 * - permute: index_select of each token k times into expert order, read R + write R (2);
 * - sort_chunks_by_idxs, before the experts and back after them, when a GPU holds more than one expert: 2 + 2;
 * - unpermute: unfused, scale by the routing probabilities (read + write, 2) then scatter_add into the t x h output
 *   (read, 1); fused (moe_permute_fusion, Transformer Engine moe_unpermute), one read (1).
 * Backward, the same in reverse: the unpermute's gradient gathers R (2), scales it (2) and reduces it against the
 * expert outputs for the probabilities' gradient (2) unfused, or reads the gradient and the outputs and writes R fused
 * (3); the sorts 2 + 2; the permute's gradient adds R back into t x h (1).
 * Forward: unfused 2 + 4 + 3 = 9, fused 7; backward: unfused 6 + 4 + 1 = 11, fused 8. One expert per GPU skips the sorts.
 */
export const PERMUTE_PASSES = {
  unfused: { forward: 9, backward: 11 },
  fused: { forward: 7, backward: 8 },
} as const;
const SORT_PASSES = 4;

/**
 * HBM bytes per router score (t x E of them, FP32) per pass, counted on Megatron-Core's TopKRouter unfused: cast the
 * BF16 logits up (2 + 4), softmax (4 + 4), top-k read (4), the probabilities and routing map written (4 + 1), the
 * load-balancing loss's reads of the scores and map (5): 28 forward, as many backward (softmax and the loss's gradients).
 */
export const ROUTER_BYTES_PER_SCORE = 28;

export interface DispatchShape {
  /** Tokens of the micro-batch on this GPU. */
  readonly tokens: number;
  readonly hidden: number;
  readonly experts: number;
  readonly topK: number;
  /** Experts on this GPU; one skips the sorts by local expert. */
  readonly localExperts: number;
  readonly fused: boolean;
}

/**
 * The router's gate GEMM (t x E x h, its FLOPs; too small to shape a kernel, priced at the plateau) and its score
 * passes, and the token permutation's passes. Example, Qwen3-30B-A3B (h 2048, E 128, k 8) with 4,096 tokens and 16
 * experts per GPU, fused: R = 4096 x 8 x 2048 x 2 B = 134 MB; 7 R = 0.94 GB forward, 0.33 ms at an H100's 2.9 TB/s
 * (its expert GEMMs take ~0.6 ms in FP8).
 */
export function dispatchOps(shape: DispatchShape, pass: 'forward' | 'backward'): Op[] {
  const { tokens: t, hidden: h, experts: e, topK: k } = shape;
  const routed = t * k * h * 2;
  const passes = PERMUTE_PASSES[shape.fused ? 'fused' : 'unfused'][pass] - (shape.localExperts > 1 ? 0 : SORT_PASSES);
  const role = pass === 'forward' ? 'forward' : 'dgrad';
  const gate = 2 * t * e * h * (pass === 'forward' ? 1 : 2);
  return [
    { name: 'router', role, flops: flops(gate), bytes: bytes(ROUTER_BYTES_PER_SCORE * t * e + 2 * t * h) },
    vectorOp('moe-permute', passes * routed, role),
  ];
}
