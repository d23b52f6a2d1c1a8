/** The backward operations of one transformer layer on one GPU: dgrad and wgrad of each GEMM, FlashAttention's backward, vector ops. */

import { bytes } from '../units/units.js';
import { gemmBackward, vectorOp } from './ops.js';
import { activationPasses, attentionShape, type LayerShape, layerOps, localWidths, ropePasses } from './transformer-ops.js';
import { gemmFlops, type Op, type OpRole } from './types.js';

/**
 * Backward ops, per GPU, in backward order, for the layer `layerOps` describes. With T = tokens, q / kv / f the local widths, B = bytesPerElement:
 * weight GEMMs: dgrad and wgrad, each the forward's FLOPs (gemmBackward), so 2x forward;
 * attention (FlashAttention-2 backward, Dao 2023, Alg. 2): dP = dO V^T and dV = P^T dO ('attention-out' dgrad, wgrad),
 * dQ = dS K and dK = dS^T Q ('attention-scores' dgrad, wgrad), each the size of a forward product: 2x forward model
 * FLOPs; plus S = Q K^T recomputed ('attention-scores', role 'recompute'): hardware FLOPs 2.5x forward.
 * HBM: reads Q, K, V, O, dO, writes dQ, dK, dV = T (4 q + 4 kv) B in all (MHA; MLA's values and outputs are d_v wide). Unfused attention keeps P, so its backward is
 * the dgrad and wgrad of its two batched GEMMs (2x forward, no recomputation); the score traffic is the caller's;
 * norm: two norms, each reads x and dy and writes dx (3 T h); elementwise: the two residual gradient sums
 * (read 2, write 1 of T x h) and the activation's backward (reads its inputs and dy, writes input gradients:
 * gated 2 f + f read, 2 f written; plain f + f read, f written; squared ReLU see activationPasses), and RoPE's
 * backward rotating dQ and dK back (as many bytes as its forward).
 */
export function backwardOps(layer: LayerShape): Op[] {
  const local = localWidths(layer);
  const { tokens: t, hidden: h, bytesPerElement: b } = layer;
  const { q, kv, v, o, ffn: f } = local;
  // Each backward product is the size of the forward product it differentiates (scores: d_qk wide, out: d_v wide).
  const attentionOp = (forward: Op, role: OpRole, elements: number): Op => {
    const shape = forward.shape ?? attentionShape(layer, local);
    return { name: forward.name, role, shape, flops: gemmFlops(shape), bytes: bytes(t * elements * b) };
  };
  const unfused = (op: Op): Op[] => {
    const { m, n, k, batch } = op.shape ?? attentionShape(layer, local);
    const half = bytes(op.bytes / 2);
    return [
      { name: op.name, role: 'dgrad', shape: { m, n: k, k: n, batch }, flops: op.flops, bytes: half },
      { name: op.name, role: 'wgrad', shape: { m: k, n, k: m, batch }, flops: op.flops, bytes: half },
    ];
  };
  const backwardOf = (op: Op): Op[] => {
    if (layer.attentionKernel === 'unfused' && op.name.startsWith('attention')) return unfused(op);
    switch (op.name) {
      case 'attention-scores':
        return [attentionOp(op, 'recompute', q + kv), attentionOp(op, 'dgrad', q), attentionOp(op, 'wgrad', kv)];
      case 'attention-out':
        return [attentionOp(op, 'dgrad', o + v), attentionOp(op, 'wgrad', o + v)];
      case 'norm':
        // Each norm reads x and dy and writes dx where its forward read x and wrote y: 3 passes for 2.
        return [vectorOp(op.name, 1.5 * op.bytes, 'dgrad')];
      case 'elementwise':
        return [vectorOp(op.name, (2 * 3 * t * h + activationPasses(layer).backward * t * f + ropePasses(layer, local) * t) * b, 'dgrad')];
      default:
        return gemmBackward(op, b);
    }
  };
  return layerOps(layer).reverse().flatMap(backwardOf);
}
