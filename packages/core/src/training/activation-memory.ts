/** Activation memory of training: the bytes each token keeps per layer for the backward pass, and the busiest stage's total. */

import { formatOf } from '../compute/formats.js';
import type { TransformerModel } from '../models/types.js';
import { pipelineSchedules } from './pipeline/registry.js';
import type { PipelineOp, PipelineStep } from './pipeline/types.js';
import type { ParallelPlan } from './plan.js';
import { chunkLayerCounts, moeLayersIn, stageLayersOf } from './stages.js';

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
  // GEMM inputs are kept in the training format where it is narrower than 16 bits (Transformer Engine saves its casts).
  const g = Math.min(2, formatOf(plan.precision).bytesPerElement);
  const h = model.hidden;
  const modules = plan.recompute === 'selective' ? plan.recomputeModules : [];
  const flash = plan.attention === 'flash';
  const masks = plan.dropout ? 2 : 0;
  const normOutputs = modules.includes('norm') ? 0 : 2 * g * h;
  const o = model.attention === 'mla' ? model.heads * model.mla.vHeadDim : model.heads * model.headDim;
  const projection = flash ? 2 * o + (plan.precision === 'bf16' ? 0 : g * o) : g * o;
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
 * Activations of the most loaded pipeline device, walked from the schedule's own op order: a forward of a chunk adds
 * its layers' activations for that micro-batch, its backward (or, where the order splits it, its weight-gradient half)
 * frees them, and the device's peak is what it must hold. 1F1B thus keeps min(m, p - s) micro-batches on stage s, the
 * interleaved schedule p v + p - 1 chunk passes on its first device, DualPipe p + 1 on its busiest; chunks that hold
 * fewer layers (the first and last, where the embedding and the loss count as layers) weigh less. The device that runs
 * the last chunk adds one micro-batch's FP32 logits (s b V x 4 B, split by TP, once more per MTP module) and MTP layers;
 * full recomputation adds one layer's whole working set.
 * Example, Llama-3.1-405B on PP 16 x VPP 8 (chunks 0, 1 x 126, 0), m 32: the first device runs 2 x 15 + 7 x 16 + 1 = 143
 * forwards before its first backward: the 16 of chunk 0 hold nothing, so it peaks at 7 x 16 = 112 layer-passes,
 * against 8 x 16 = 128 without interleaving on 8-layer stages.
 */
export function activationBytes(model: TransformerModel, plan: ParallelPlan): number {
  const tokens = (plan.mbs * plan.seq) / plan.cp;
  const { dense, moe } = layerHeldBytes(model, plan);
  // Offloaded activations wait in host memory; HBM keeps the rest, plus one layer's share in transit.
  const onGpu = 1 - plan.offloadActivations;
  const chunkBytes = chunkLayerCounts(model, plan.chunkLayers).map((c) => onGpu * ((c.layers - c.moe) * dense.held + c.moe * moe.held));
  const stageBytes = stageLayersOf(chunkBytes, plan.pp);
  const working = Math.max(dense.working, moe.working) + plan.offloadActivations * Math.max(dense.held, moe.held);
  const mtpLayer = moeLayersIn(model, model.layers - 1, model.layers) > 0 ? moe.held : dense.held;
  const logits = ((1 + plan.mtpDepth) * tokens * model.vocab * 4) / plan.tp + plan.mtpDepth * mtpLayer;
  if (plan.pp === 1) return (stageBytes[0] ?? 0) + working + logits;
  const weights = plan.vpp > 1 ? chunkBytes : stageBytes;
  let most = 0;
  for (const device of deviceTraces(plan)) most = Math.max(most, peakLive(device.events, weights) + working + (device.runsLast ? logits : 0));
  return most;
}

/**
 * Bytes one micro-batch keeps per layer of each kind until its backward (held), and what full recomputation needs
 * on top while it redoes a layer (working: the layer's whole set).
 */
export function layerHeldBytes(model: TransformerModel, plan: ParallelPlan): Record<'dense' | 'moe', { held: number; working: number }> {
  const tokens = (plan.mbs * plan.seq) / plan.cp;
  const t = plan.tp;
  const split = plan.sequenceParallel ? t : 1;
  const perLayer = (moe: boolean) => {
    const perToken = layerActivationBytesPerToken(model, plan, moe);
    const kept = perToken.sequence / split + perToken.split / t;
    const full = tokens * (kept + perToken.scores / t);
    const held = plan.recompute === 'full' ? (2 * tokens * model.hidden) / split : plan.recompute === 'selective' ? tokens * kept : full;
    return { held, working: plan.recompute === 'full' ? full : 0 };
  };
  return { dense: perLayer(false), moe: perLayer(true) };
}

/**
 * One device's schedule as its activations see it: `events` holds, step by step, c + 1 for each forward of chunk c
 * (the chunk's bytes join), 0 where the step's peak is read, -(c + 1) for each backward or W half that frees chunk c;
 * c indexes chunk bytes when the plan interleaves, stage bytes when it does not.
 */
interface DeviceTrace {
  readonly events: Int32Array;
  readonly runsLast: boolean;
}

/**
 * Each device's trace for a plan's schedule and shape, compiled once per (schedule, pp, vpp, micro-batches, group):
 * a plan search asks for the same few hundred orders across thousands of plans that differ in TP, ZeRO or recompute.
 */
const traceCache = new Map<string, readonly DeviceTrace[]>();
const TRACES_KEPT = 512;

function deviceTraces(plan: ParallelPlan): readonly DeviceTrace[] {
  const key = `${plan.schedule}|${plan.pp}|${plan.vpp}|${plan.microbatches}|${plan.microbatchGroup}`;
  const hit = traceCache.get(key);
  if (hit) return hit;
  const lastChunk = plan.pp * plan.vpp - 1;
  const indexOf = (op: PipelineOp) => (plan.vpp > 1 ? op.virtualStage : op.stage) + 1;
  const traces = pipelineSchedules
    .get(plan.schedule)
    .order(plan)
    .map((steps) => ({ events: compileTrace(steps, indexOf), runsLast: steps.some((step) => step.some((op) => op.virtualStage === lastChunk)) }));
  if (traceCache.size >= TRACES_KEPT) traceCache.clear();
  traceCache.set(key, traces);
  return traces;
}

/** A device's steps as events (DeviceTrace): forwards add, backwards (or their W halves, where the order splits them) free. */
function compileTrace(steps: readonly PipelineStep[], indexOf: (op: PipelineOp) => number): Int32Array {
  // Micro-batch and chunk as one number: chunks are fewer than 2^16 (at most layers + 2).
  const key = (op: PipelineOp) => op.microbatch * 65_536 + op.virtualStage;
  const freedByW = new Set<number>();
  for (const step of steps) for (const op of step) if (op.kind === 'W') freedByW.add(key(op));
  const events: number[] = [];
  for (const step of steps) {
    for (const op of step) if (op.kind === 'F') events.push(indexOf(op));
    events.push(0);
    for (const op of step) if ((op.kind === 'B' && !freedByW.has(key(op))) || op.kind === 'W') events.push(-indexOf(op));
  }
  return Int32Array.from(events);
}

/** The most bytes a device's trace keeps alive at once, each chunk (or stage) weighing `weights[c]`. */
function peakLive(events: Int32Array, weights: readonly number[]): number {
  let live = 0;
  let peak = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as number;
    if (e > 0) live += weights[e - 1] ?? 0;
    else if (e < 0) live -= weights[-e - 1] ?? 0;
    else if (live > peak) peak = live;
  }
  return peak;
}
