/** FLOPs per token of a transformer (forward, training, recomputation) and Megatron-LM's published closed forms. */

import { type Flops, flops } from '../units/units.js';
import { parameterCounts } from './count.js';
import type { TransformerModel } from './types.js';

export interface FlopsOptions {
  /** Forward + backward: backward costs twice the forward (Kaplan et al. 2020, arXiv 2001.08361 section 2.1). */
  readonly training: boolean;
  /**
   * Count half the s x s score matrix, as a causal kernel computes it. Default false: the full matrix, the convention of
   * Megatron-LM's eq. 3 (Narayanan et al. SC'21, arXiv 2104.04473), NeMo's flops_formulas.py and PaLM's MFU
   * (arXiv 2204.02311 app. B), so results compare with the TFLOP/s those sources publish.
   */
  readonly causal?: boolean;
  /** Full activation recomputation: one more forward of the transformer layers (not of the output head), as eq. 3 counts. */
  readonly recompute?: boolean;
}

/** Keys each query sees on average in a layer with window w (Infinity for full attention) at sequence length s. */
function meanContext(seq: number, window: number, causal: boolean): number {
  const w = Math.min(seq, window);
  // Causal: token i sees min(i + 1, w) keys; the mean over s tokens is w (1 - w / 2s), which is s / 2 for w = s.
  return causal ? w * (1 - w / (2 * seq)) : w;
}

/**
 * Score and value FLOPs of every layer for one token: QK^T is 2 x context x a x d_qk, softmax(..)V is 2 x context x a x d_v
 * (one multiply-add = 2 FLOPs). MHA/GQA: d_qk = d_v = d_h, so 4 s a d_h per layer (= 4 s h when a d_h = h; the 12 L h s
 * training term of DESIGN 4.5 is 3 x 4 L s h). MLA counts its decompressed heads (d_qk = nope + rope = 192, d_v = 128),
 * the training-time form; the absorbed inference kernel differs.
 */
export function attentionFlopsPerToken(m: TransformerModel, seq: number, causal = false): number {
  const dqk = m.attention === 'mla' ? m.mla.qkNopeHeadDim + m.mla.qkRopeHeadDim : m.headDim;
  const dv = m.attention === 'mla' ? m.mla.vHeadDim : m.headDim;
  const windowed = m.slidingWindow?.layers.length ?? 0;
  const contexts =
    (m.layers - windowed) * meanContext(seq, Number.POSITIVE_INFINITY, causal) + windowed * meanContext(seq, m.slidingWindow?.tokens ?? seq, causal);
  return 2 * contexts * m.heads * (dqk + dv);
}

/**
 * FLOPs per token at sequence length `seq`: forward = 2 N_active + attention, where N_active (parameterCounts().active)
 * counts the output head and the top-k + shared experts but not the embedding lookup. Training = 3 x forward; with
 * recompute the layers run forward once more (the head does not).
 * Llama-2-7B forward at s = 4096: 2 x 6,607,343,616 + 4 x 32 x 4096 x 4096 = 15,362,170,880 FLOP per token.
 */
export function flopsPerToken(m: TransformerModel, seq: number, options: FlopsOptions): Flops {
  const counts = parameterCounts(m);
  const head = 2 * counts.lmHead;
  const layers = 2 * (counts.active - counts.lmHead) + attentionFlopsPerToken(m, seq, options.causal ?? false);
  if (!options.training) return flops(layers + head);
  return flops((options.recompute ? 4 : 3) * layers + 3 * head);
}

/**
 * Megatron-LM's FLOPs per training iteration for a GPT model, activation recomputation included (Narayanan et al.,
 * SC'21, arXiv 2104.04473, eq. 3): F = 96 B s l h^2 (1 + s / (6h) + V / (16 l h)); B is the global batch in sequences.
 * GPT-3 175B (l 96, h 12288, V 51200) at B 1536, s 2048: 4.511e18 FLOP, 1.434e12 per token.
 * The cases.json training cases quote "TFLOP/s per GPU" computed with it.
 */
export function megatronFlopsPerIteration(batch: number, seq: number, layers: number, hidden: number, vocab: number): Flops {
  return flops(96 * batch * seq * layers * hidden ** 2 * (1 + seq / (6 * hidden) + vocab / (16 * layers * hidden)));
}

/**
 * Megatron-LM's GPT parameter count (Narayanan et al. SC'21, section 5.1): P = 12 l h^2 (1 + 13 / (12 h) + (V + s) / (12 l h)):
 * 12 h^2 + 13 h per layer (weights, biases, two LayerNorms), V h tied embedding, s h learned positions.
 * GPT-3 175B (l 96, h 12288, V 51200, s 2048): 174,615,822,336 (their Table 2: 174.6B).
 */
export function megatronParameterCount(layers: number, hidden: number, vocab: number, seq: number): number {
  return 12 * layers * hidden ** 2 * (1 + 13 / (12 * hidden) + (vocab + seq) / (12 * layers * hidden));
}
