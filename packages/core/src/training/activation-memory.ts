/** Activation memory of training: the bytes each token keeps per layer for the backward pass, and the busiest stage's total. */

import type { TransformerModel } from '../models/types.js';
import { pipelineSchedules } from './pipeline/registry.js';
import type { ParallelPlan } from './plan.js';
import { stageLayerIndices } from './stages.js';

export interface ActivationBytesPerToken {
  /** Sequence-split tensors: divided by TP only with sequence parallelism. */
  readonly sequence: number;
  /** Head- or f-split tensors: divided by TP. */
  readonly split: number;
  /** Unfused attention's score-sized tensors (per token, for its s keys). */
  readonly scores: number;
}

/**
 * Bytes one token keeps for the backward pass in one layer, by tensor (Korthikanti et al., "Reducing Activation
 * Recomputation in Large Transformer Models", 2022, section 4.1), widths h, q = a d_h, kv, f, up (2 f gated):
 * - sequence-split: the two norm inputs 2 h + 2 h, the inputs of the QKV and MLP-up GEMMs g h each (none when the norms
 *   are recomputed: they are the norms' outputs), and with dropout the two 1-byte masks after the blocks;
 * - head- or f-split: Q, K, V 2 (q + 2 kv); the projection input, which FlashAttention also keeps as its output, 2 q
 *   (plus an FP8 copy q), or g q unfused; the activation's saved input 2 up (squared ReLU keeps the relu output, 2 f)
 *   and the MLP-down input g f, or, recomputing the activation, only its input in g up; unfused attention adds the
 *   softmax 2 a s and, with dropout, its mask and output 3 a s.
 * g is 2, or 1 in FP8: Transformer Engine keeps each GEMM's input as the FP8 copy its backward GEMMs read.
 * MLA keeps its latents (2 (q_lora + d_c + rope), with their normalised copies g (q_lora + d_c) unless the norms are
 * recomputed) and, unless its up-projections are recomputed, Q, K and V 2 (a d_qk + a d_qk + a d_v). An MoE layer's MLP
 * is its shared experts plus k routed copies of the token, each keeping its up-projection input g h and the activation.
 * GPT (f = 4h, MHA, unfused, dropout, BF16) recovers Korthikanti's Table 2: 4 + 2 + 2 + 2 = 10 sequence-split and
 * 6 + 2 + 8 + 8 = 24 head-split, 34 h + 5 a s per token.
 */
export function layerActivationBytesPerToken(model: TransformerModel, plan: ParallelPlan, moe = false): ActivationBytesPerToken {
  const g = plan.precision === 'fp8' ? 1 : 2;
  const h = model.hidden;
  const modules = plan.recompute === 'selective' ? plan.recomputeModules : [];
  const flash = plan.attention === 'flash';
  const masks = plan.dropout ? 2 : 0;
  const normOutputs = modules.includes('norm') ? 0 : 2 * g * h;
  const o = model.attention === 'mla' ? model.heads * model.mla.vHeadDim : model.heads * model.headDim;
  const projection = flash ? 2 * o + (plan.precision === 'fp8' ? o : 0) : g * o;
  const mlp = (f: number) => {
    if (modules.includes('activation')) return g * (model.activation === 'swiglu' ? 2 * f : f);
    return (model.activation === 'squared-relu' ? 2 * f : 2 * (model.activation === 'swiglu' ? 2 * f : f)) + g * f;
  };
  let dense = model.ffn;
  let routed = 0;
  if (moe && model.family === 'moe') {
    dense = model.moe.sharedExperts * model.moe.expertFfn;
    routed = model.moe.expertsPerToken * (g * h + mlp(model.moe.expertFfn));
  }
  const scores = flash ? 0 : (2 + (plan.dropout ? 3 : 0)) * model.heads * (plan.seq / plan.cp);
  return {
    sequence: 4 * h + normOutputs + masks * h,
    split: attentionInputBytes(model, g, modules) + projection + (dense > 0 ? mlp(dense) : 0) + routed,
    scores,
  };
}

/** Bytes per token the attention block keeps for its backward besides the projection input (see above). */
function attentionInputBytes(model: TransformerModel, g: number, modules: readonly string[]): number {
  if (model.attention !== 'mla') return 2 * (model.heads * model.headDim + 2 * model.kvHeads * model.headDim);
  const { qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim } = model.mla;
  const latents = (qLoraRank ?? 0) + kvLoraRank;
  const kept = 2 * (latents + qkRopeHeadDim) + (modules.includes('norm') ? 0 : g * latents);
  const qkv = modules.includes('mla-up-proj') ? 0 : 2 * model.heads * (2 * (qkNopeHeadDim + qkRopeHeadDim) + vHeadDim);
  return kept + qkv;
}

/**
 * Activations of the most loaded pipeline device: the largest stage's layers for the micro-batches the schedule keeps
 * in flight there (1F1B: min(m, p) on the first stage; DualPipe: p + 1), or the last stage's one micro-batch plus
 * its FP32 logits (s b V x 4 B, split by TP, once more per MTP module) and MTP layers.
 */
export function activationBytes(model: TransformerModel, plan: ParallelPlan): number {
  const tokens = (plan.mbs * plan.seq) / plan.cp;
  const t = plan.tp;
  const split = plan.sequenceParallel ? t : 1;
  const isMoe = new Set(model.family === 'moe' ? model.moe.moeLayers : []);
  const perLayer = (moe: boolean) => {
    const perToken = layerActivationBytesPerToken(model, plan, moe);
    const kept = perToken.sequence / split + perToken.split / t;
    const full = tokens * (kept + perToken.scores / t);
    const held = plan.recompute === 'full' ? (2 * tokens * model.hidden) / split : plan.recompute === 'selective' ? tokens * kept : full;
    return { held, working: plan.recompute === 'full' ? full : 0 };
  };
  const dense = perLayer(false);
  const moe = perLayer(true);
  const stageBytes = stageLayerIndices(plan.stageLayers, plan.vpp).map((layers) => layers.reduce((b, i) => b + (isMoe.has(i) ? moe : dense).held, 0));
  const working = Math.max(dense.working, moe.working);
  const inFlight = plan.pp === 1 ? 1 : pipelineSchedules.get(plan.schedule).inFlight(plan);
  const busiest = Math.max(...stageBytes) * inFlight + working;
  const mtpLayer = isMoe.has(model.layers - 1) ? moe.held : dense.held;
  const logits = ((1 + plan.mtpDepth) * tokens * model.vocab * 4) / t;
  const last = (stageBytes[stageBytes.length - 1] ?? 0) + plan.mtpDepth * mtpLayer + working + logits;
  return plan.pp === 1 ? busiest + logits + plan.mtpDepth * mtpLayer : Math.max(busiest, last);
}
