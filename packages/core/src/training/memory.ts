/** Memory per GPU of a training run: weights, gradients, optimizer state and activations, with ZeRO and recomputation. */

import { parameterCounts } from '../models/count.js';
import type { TransformerModel } from '../models/types.js';
import type { ParallelPlan } from './plan.js';

/**
 * Bytes per parameter in mixed-precision Adam (DESIGN 4.5; Rajbhandari et al., ZeRO, SC'20): 16-bit weights 2 B,
 * main gradients plan.gradientBytes (FP32 by default), optimizer the master copy (plan.masterWeightBytes, FP32 by
 * default) plus the FP32 moments m and v, 8 B.
 */
export const WEIGHT_BYTES = 2;
export const ADAM_MOMENT_BYTES = 8;

/**
 * Memory a framework holds besides the model state: CUDA context, NCCL buffers, allocator fragmentation (assumption:
 * 3 GiB, the order PyTorch + NCCL take on an 80 GB GPU). A plan fits when its state plus this is within HBM.
 */
export const RUNTIME_RESERVED_BYTES = 3 * 2 ** 30;

/**
 * Bytes one token keeps for the backward pass in one layer, by tensor (Korthikanti et al., "Reducing Activation
 * Recomputation in Large Transformer Models", 2022, section 4.1), widths h, q = a d_h, kv, f, up (2 f gated):
 * - sequence-split (divided by t only with sequence parallelism): the two norm inputs 2 h + 2 h, the inputs of the
 *   QKV and MLP-up GEMMs g h each, and with dropout the two 1-byte masks after the blocks;
 * - head- or f-split (divided by t): Q, K, V 2 (q + 2 kv); the projection input, which FlashAttention also keeps as
 *   its output, 2 q (plus an FP8 copy q), or g q unfused; the activation's saved input 2 up (squared ReLU keeps the
 *   relu output, 2 f); the MLP-down input g f; unfused attention adds the softmax 2 a s and, with dropout, its mask
 *   and output 3 a s.
 * g is 2, or 1 in FP8: Transformer Engine keeps each GEMM's input as the FP8 copy its backward GEMMs read.
 * GPT (f = 4h, MHA, unfused, dropout, BF16) recovers Korthikanti's Table 2: 4 + 2 + 2 + 2 = 10 sequence-split and
 * 6 + 2 + 8 + 8 = 24 head-split, 34 h + 5 a s per token.
 */
export function layerActivationBytesPerToken(model: TransformerModel, plan: ParallelPlan): { sequence: number; split: number; scores: number } {
  const g = plan.precision === 'fp8' ? 1 : 2;
  const h = model.hidden;
  const q = model.heads * model.headDim;
  const kv = model.kvHeads * model.headDim;
  const f = model.ffn;
  const up = model.activation === 'swiglu' ? 2 * f : f;
  const flash = plan.attention === 'flash';
  const masks = plan.dropout ? 2 : 0;
  const projection = flash ? 2 * q + (plan.precision === 'fp8' ? q : 0) : g * q;
  const activation = model.activation === 'squared-relu' ? 2 * f : 2 * up;
  const scores = flash ? 0 : (2 + (plan.dropout ? 3 : 0)) * model.heads * (plan.seq / plan.cp);
  return { sequence: 4 * h + 2 * g * h + masks * h, split: 2 * (q + 2 * kv) + projection + activation + g * f, scores };
}

export interface MemoryPerGpu {
  readonly parametersPerGpu: number;
  readonly weights: number;
  readonly gradients: number;
  readonly optimizer: number;
  readonly activations: number;
  readonly total: number;
  readonly capacity: number;
  readonly fits: boolean;
}

/** Parameters one GPU holds: dense weights split by TP x PP, routed experts by EP x TP x PP. */
export function parametersPerGpu(model: TransformerModel, plan: ParallelPlan): { dense: number; experts: number } {
  const counts = parameterCounts(model);
  let routed = 0;
  if (model.family === 'moe') {
    const perExpert = counts.perLayer.moeExperts / (model.moe.experts + model.moe.sharedExperts);
    routed = counts.moeLayers * model.moe.experts * perExpert;
  }
  return { dense: (counts.total - routed) / (plan.tp * plan.pp), experts: routed / (plan.ep * plan.tp * plan.pp) };
}

/**
 * Worked example (Megatron 1T row: 1,008B parameters, TP 8, PP 64, DP 6, no ZeRO, full recompute, b 1, s 2048, FP16
 * gradients, unfused attention, dropout, no SP): 1.97e9 parameters per GPU x (2 + 2 + 12) B = 31.5 GB of state;
 * activations 2 layers x 64 micro-batches in flight x 2 s b h = 13.4 GB (no SP: the layer input is whole on every
 * TP rank), plus one layer's working set s b (10 h + (24 h + 5 a s) / t) = 1.10 GB: about 46 GB of 80.
 */
export function memoryPerGpu(model: TransformerModel, plan: ParallelPlan, hbmCapacity: number): MemoryPerGpu {
  const p = parametersPerGpu(model, plan);
  const dpDense = plan.dp * plan.cp;
  const dpExperts = Math.max(1, (plan.dp * plan.cp) / plan.ep);
  const shard = (bytesPerParam: number, sharded: boolean) => bytesPerParam * (sharded ? p.dense / dpDense + p.experts / dpExperts : p.dense + p.experts);
  const weights = shard(WEIGHT_BYTES, plan.zero >= 3);
  const gradients = shard(plan.gradientBytes, plan.zero >= 2);
  const optimizer = shard(plan.masterWeightBytes + ADAM_MOMENT_BYTES, plan.zero >= 1);
  const activations = activationBytes(model, plan);
  const total = weights + gradients + optimizer + activations;
  return {
    parametersPerGpu: p.dense + p.experts,
    weights,
    gradients,
    optimizer,
    activations,
    total,
    capacity: hbmCapacity,
    fits: total + RUNTIME_RESERVED_BYTES <= hbmCapacity,
  };
}

/** Activations of the most loaded pipeline stage (the first holds the most micro-batches; the last adds logits). */
export function activationBytes(model: TransformerModel, plan: ParallelPlan): number {
  const tokens = (plan.mbs * plan.seq) / plan.cp;
  const t = plan.tp;
  const split = plan.sequenceParallel ? t : 1;
  const perToken = layerActivationBytesPerToken(model, plan);
  const kept = perToken.sequence / split + perToken.split / t;
  const full = tokens * (kept + perToken.scores / t);
  const perLayer = plan.recompute === 'full' ? (2 * tokens * model.hidden) / split : plan.recompute === 'selective' ? tokens * kept : full;
  const layersPerStage = plan.layersPerStage;
  const inFlight = plan.pp === 1 ? 1 : Math.min(plan.microbatches, plan.pp) * (plan.vpp > 1 ? 1 + (plan.pp - 1) / (plan.pp * plan.vpp) : 1);
  const working = plan.recompute === 'full' ? full : 0;
  const firstStage = layersPerStage * inFlight * perLayer + working;
  // The last stage keeps FP32 logits for the loss: s b V x 4 B, split by TP.
  const logits = (tokens * model.vocab * 4) / t;
  const lastStage = layersPerStage * perLayer + working + logits;
  return plan.pp === 1 ? firstStage + logits : Math.max(firstStage, lastStage);
}
