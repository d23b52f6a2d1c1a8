/** The forward operations of one transformer layer on one GPU for one micro-batch: Megatron tensor parallelism, FlashAttention. */

import { ConfigError } from '../base/errors.js';
import { bytes } from '../units/units.js';
import { checkMla, type MlaShape, mlaElementwiseElements, mlaLatentNormElements, mlaProjectionOps } from './mla-ops.js';
import { gemmOp, vectorOp } from './ops.js';
import { type GemmShape, gemmFlops, type Op } from './types.js';

/** One layer's dimensions as plain numbers (no model zoo needed). */
export interface LayerShape {
  /** Tokens in the micro-batch, b x s. */
  readonly tokens: number;
  /** Sequence length s; each sequence attends over itself (training or prefill). */
  readonly seq: number;
  readonly hidden: number;
  /** Query heads a. */
  readonly heads: number;
  /** Key/value heads: = heads for MHA, fewer for GQA. */
  readonly kvHeads: number;
  readonly headDim: number;
  /** MLP inner width f (per branch for a gated MLP). */
  readonly ffn: number;
  /** SwiGLU-style: the up projection makes gate and value, 2 f wide. */
  readonly gatedMlp: boolean;
  /** Rotary position embedding, applied by a fused kernel that reads and writes Q and K (default false). */
  readonly rope?: boolean;
  /** How the MLP non-linearity runs (default 'fused'); see activationPasses. */
  readonly activationKernel?: ActivationKernel;
  /**
   * 'flash' (default): FlashAttention, one fused kernel per product over the causal half; 'unfused': the scores as a
   * batched GEMM Q K^T (k = d_h) and the output as P V (k = s), each over the whole s x s matrix, the mask applied
   * after (Megatron-LM before FlashAttention).
   */
  readonly attentionKernel?: 'flash' | 'unfused';
  /** Tensor-parallel degree: QKV and MLP-up column-parallel (n / tp), projection and MLP-down row-parallel (k / tp). */
  readonly tp: number;
  /** Causal masking: FlashAttention skips the masked half of the score blocks. */
  readonly causal: boolean;
  readonly bytesPerElement: number;
  /**
   * Multi-head latent attention in place of qkv: heads = kvHeads, headDim = nope + rope (the query and key width), values
   * vHeadDim wide; see mla-ops.ts.
   */
  readonly mla?: MlaShape;
}

/**
 * How the MLP non-linearity runs: 'fused', one elementwise kernel (Megatron's bias-GeLU and bias-SwiGLU fusions), or
 * 'squared-relu' as the two PyTorch kernels relu then square: Megatron-Core fuses only GeLU and SwiGLU, and NeMo's
 * Nemotron configs set bias_activation_fusion false (NeMo-Framework-Launcher conf/training/nemotron/nemotron_8b.yaml).
 */
export type ActivationKernel = 'fused' | 'squared-relu';

/**
 * f-wide tensor passes (each element read or written once) of the MLP activation per token, forward and backward.
 * fused gated: read gate and value, write f (3); backward read both and dy, write both gradients (5).
 * fused plain: read f, write f (2); backward read x and dy, write dx (3).
 * squared-relu: relu (read, write) then square (read, write): 4; backward, as autograd runs it: 2x (read, write),
 * times dy (read 2, write 1), relu's backward (read 2, write 1): 8.
 */
export function activationPasses(layer: Pick<LayerShape, 'gatedMlp' | 'activationKernel'>): { forward: number; backward: number } {
  if (layer.activationKernel === 'squared-relu') return { forward: 4, backward: 8 };
  return layer.gatedMlp ? { forward: 3, backward: 5 } : { forward: 2, backward: 3 };
}

/** Elements per token the fused RoPE kernel moves, each way: it reads and writes the local Q and K (Megatron-Core apply_rope_fusion). */
export function ropePasses(layer: Pick<LayerShape, 'rope' | 'mla'>, local: Pick<LocalWidths, 'q' | 'kv' | 'heads'>): number {
  if (layer.mla) return mlaElementwiseElements(layer.mla, local.heads);
  return layer.rope ? 2 * (local.q + local.kv) : 0;
}

/** A layer's widths on one tensor-parallel rank. */
export interface LocalWidths {
  /** Sequences in the micro-batch, b = tokens / seq. */
  readonly sequences: number;
  readonly heads: number;
  /** KV heads held per rank: kvHeads / tp, or 1 where tp > kvHeads (Megatron replicates them). */
  readonly kvHeads: number;
  /** heads x headDim. */
  readonly q: number;
  /** kvHeads x headDim: the key width. */
  readonly kv: number;
  /** The value width: kv, or heads x vHeadDim with MLA. */
  readonly v: number;
  /** The attention output width, which the output projection reads: q, or heads x vHeadDim with MLA. */
  readonly o: number;
  readonly ffn: number;
}

const positiveInteger = (v: number) => Number.isInteger(v) && v > 0;

/** Per-rank widths; an indivisible split is a ConfigError naming the field. */
export function localWidths(layer: LayerShape): LocalWidths {
  for (const key of ['tokens', 'seq', 'hidden', 'heads', 'kvHeads', 'headDim', 'ffn', 'tp'] as const) {
    if (!positiveInteger(layer[key])) throw new ConfigError([key], `expected a positive integer, got ${layer[key]}`);
  }
  const { heads, kvHeads, tp } = layer;
  if (heads % kvHeads !== 0) throw new ConfigError(['kvHeads'], `${heads} query heads do not split into ${kvHeads} KV groups`);
  if (heads % tp !== 0) throw new ConfigError(['tp'], `${heads} heads do not split over tp = ${tp}`);
  if (kvHeads % tp !== 0 && tp % kvHeads !== 0) throw new ConfigError(['tp'], `${kvHeads} KV heads neither split over nor replicate across tp = ${tp}`);
  if (layer.ffn % tp !== 0) throw new ConfigError(['tp'], `ffn ${layer.ffn} does not split over tp = ${tp}`);
  if (layer.mla) checkMla(layer.mla, layer.headDim);
  const kvLocal = Math.max(1, kvHeads / tp);
  const q = (heads / tp) * layer.headDim;
  const kv = kvLocal * layer.headDim;
  const mlaValues = layer.mla ? (heads / tp) * layer.mla.vHeadDim : undefined;
  return { sequences: layer.tokens / layer.seq, heads: heads / tp, kvHeads: kvLocal, q, kv, v: mlaValues ?? kv, o: mlaValues ?? q, ffn: layer.ffn / tp };
}

/**
 * FlashAttention runs each (query block, head) tile in one pass over the keys, so both of its products have the
 * key length as main loop: m = s queries, n = headDim, k = s keys (s / 2 on average when causal), one per
 * sequence and local head. FLOPs = 2 s d_h k x b a / tp: 2 b s^2 a d_h / tp each for scores and output.
 */
export function attentionShape(layer: LayerShape, local: LocalWidths = localWidths(layer)): GemmShape {
  return { m: layer.seq, n: layer.headDim, k: layer.causal ? layer.seq / 2 : layer.seq, batch: local.sequences * local.heads };
}

/** The output product P V of FlashAttention: as attentionShape, with the value head width (d_v = d_h except in MLA) as n. */
export function attentionOutShape(layer: LayerShape, local: LocalWidths = localWidths(layer)): GemmShape {
  return { ...attentionShape(layer, local), n: local.o / local.heads };
}

/**
 * The two batched GEMMs of unfused attention, one per sequence and local head: scores S = Q K^T (m = n = s, k = d_h)
 * and output O = P V (m = s, n = d_h, k = s). Same FLOPs as attentionShape without causal halving, but the scores
 * product has the head dimension as its main loop, which keeps tensor cores far from peak (k = 128: see saturation).
 */
export function unfusedAttentionShapes(layer: LayerShape, local: LocalWidths = localWidths(layer)): { scores: GemmShape; out: GemmShape } {
  const batch = local.sequences * local.heads;
  return { scores: { m: layer.seq, n: layer.seq, k: layer.headDim, batch }, out: { m: layer.seq, n: local.o / local.heads, k: layer.seq, batch } };
}

/**
 * Forward ops, per GPU. With T = tokens, q / kv / f the local widths, B = bytesPerElement:
 * qkv      GEMM T x (q + 2 kv) x h            proj     GEMM T x h x o (o = q but with MLA)
 * mlp-up   GEMM T x f (2 f gated) x h          mlp-down GEMM T x h x f
 * attention-scores / attention-out: FlashAttention (see attentionShape), HBM traffic of Q, K (scores) and V, O (out) only;
 * norm: two norms, each reads and writes T x h; elementwise: two residual adds (read 2, write 1 of T x h) and the
 * activation (activationPasses: read f, write f; gated read 2 f; squared ReLU twice that); RoPE reads and writes Q, K.
 * MLA replaces qkv by its four projections (mlaProjectionOps) and adds its latent norms and key assembly.
 * Sum of FLOPs, MHA, f = 4h, no causal halving, tp = 1: 6Th^2 + 4bs^2h + 2Th^2 + 16Th^2 = 24 b s h^2 + 4 b s^2 h
 * (Narayanan et al., SC'21, appendix: their 96 B s l h^2 (1 + s / 6h) is this forward four times over, with
 * recomputation and a backward of twice the forward).
 */
export function layerOps(layer: LayerShape): Op[] {
  const local = localWidths(layer);
  const { tokens: t, hidden: h, bytesPerElement: b } = layer;
  const up = (layer.gatedMlp ? 2 : 1) * local.ffn;
  const unfused = layer.attentionKernel === 'unfused' ? unfusedAttentionShapes(layer, local) : undefined;
  const scores = unfused?.scores ?? attentionShape(layer, local);
  const out = unfused?.out ?? attentionOutShape(layer, local);
  const latentNorms = layer.mla ? mlaLatentNormElements(layer.mla) : 0;
  const projections = layer.mla ? mlaProjectionOps(layer.mla, t, h, local.heads, b) : [gemmOp('qkv', { m: t, n: local.q + 2 * local.kv, k: h }, b)];
  return [
    vectorOp('norm', 2 * (2 * h + latentNorms) * t * b),
    ...projections,
    { name: 'attention-scores', role: 'forward', shape: scores, flops: gemmFlops(scores), bytes: bytes(t * (local.q + local.kv) * b) },
    { name: 'attention-out', role: 'forward', shape: out, flops: gemmFlops(out), bytes: bytes(t * (local.v + local.o) * b) },
    gemmOp('proj', { m: t, n: h, k: local.o }, b),
    gemmOp('mlp-up', { m: t, n: up, k: h }, b),
    gemmOp('mlp-down', { m: t, n: h, k: local.ffn }, b),
    vectorOp('elementwise', (2 * 3 * t * h + activationPasses(layer).forward * t * local.ffn + ropePasses(layer, local) * t) * b),
  ];
}
