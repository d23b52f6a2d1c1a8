/** Memory per GPU of a training run: weights, gradients, optimizer state and activations, with ZeRO and recomputation. */

import { parameterCounts } from '../models/count.js';
import type { TransformerModel } from '../models/types.js';
import type { ParallelPlan } from './plan.js';

/**
 * Bytes per parameter in mixed-precision Adam (DESIGN 4.5; Rajbhandari et al., ZeRO, SC'20): BF16 weights 2 B,
 * FP32 main gradients 4 B (Megatron accumulates gradients in FP32), optimizer 12 B (FP32 master copy, m, v).
 */
export const WEIGHT_BYTES = 2;
export const GRADIENT_BYTES = 4;
export const OPTIMIZER_BYTES = 12;

/**
 * Memory a framework holds besides the model state: CUDA context, NCCL buffers, allocator fragmentation (assumption:
 * 3 GiB, the order PyTorch + NCCL take on an 80 GB GPU). A plan fits when its state plus this is within HBM.
 */
export const RUNTIME_RESERVED_BYTES = 3 * 2 ** 30;

/**
 * Activation bytes per transformer layer per token of hidden size h, kept for the backward pass
 * (Korthikanti et al., "Reducing Activation Recomputation in Large Transformer Models", 2022, Table 2):
 * 34 h from the GEMM inputs, norms and MLP, plus 5 a s from the attention scores unless recomputed. With tensor and
 * sequence parallelism both divide by t; full recomputation keeps only the 2 h layer input.
 */
export const ACTIVATION_BYTES_PER_HIDDEN = 34;
export const SCORE_BYTES_PER_HEAD_TOKEN = 5;

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
 * Worked example (Megatron 1T row: 1,008B parameters, TP 8, PP 64, DP 6, no ZeRO, full recompute, b 1, s 2048):
 * 1.97e9 parameters per GPU x (2 + 4 + 12) B = 35.4 GB of state; activations 2 layers x 64 micro-batches in flight
 * x 2 s b h / t = 1.68 GB, plus one layer's working set s b h (34 + 5 a s / h) / t = 0.64 GB: about 38 GB of 80.
 */
export function memoryPerGpu(model: TransformerModel, plan: ParallelPlan, hbmCapacity: number): MemoryPerGpu {
  const p = parametersPerGpu(model, plan);
  const dpDense = plan.dp * plan.cp;
  const dpExperts = Math.max(1, (plan.dp * plan.cp) / plan.ep);
  const shard = (bytesPerParam: number, sharded: boolean) => bytesPerParam * (sharded ? p.dense / dpDense + p.experts / dpExperts : p.dense + p.experts);
  const weights = shard(WEIGHT_BYTES, plan.zero >= 3);
  const gradients = shard(GRADIENT_BYTES, plan.zero >= 2);
  const optimizer = shard(OPTIMIZER_BYTES, plan.zero >= 1);
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
  const scores = (SCORE_BYTES_PER_HEAD_TOKEN * model.heads * (plan.seq / plan.cp)) / t;
  const full = tokens * ((ACTIVATION_BYTES_PER_HIDDEN * model.hidden) / split + scores);
  const perLayer = plan.recompute === 'full' ? (2 * tokens * model.hidden) / split : plan.recompute === 'selective' ? full - tokens * scores : full;
  const layersPerStage = plan.layersPerStage;
  const inFlight = plan.pp === 1 ? 1 : Math.min(plan.microbatches, plan.pp) * (plan.vpp > 1 ? 1 + (plan.pp - 1) / (plan.pp * plan.vpp) : 1);
  const working = plan.recompute === 'full' ? full : 0;
  const firstStage = layersPerStage * inFlight * perLayer + working;
  // The last stage keeps FP32 logits for the loss: s b V x 4 B, split by TP.
  const logits = (tokens * model.vocab * 4) / t;
  const lastStage = layersPerStage * perLayer + working + logits;
  return plan.pp === 1 ? firstStage + logits : Math.max(firstStage, lastStage);
}
