/** Memory per GPU of a training run: weights, gradients, optimizer state and activations, with ZeRO and recomputation. */

import { parameterCounts } from '../models/count.js';
import type { TransformerModel } from '../models/types.js';
import { activationBytes } from './activation-memory.js';
import { pipelineSchedules } from './pipeline/registry.js';
import type { ParallelPlan } from './plan.js';

export { activationBytes, layerActivationBytesPerToken } from './activation-memory.js';

/**
 * Bytes per parameter in mixed-precision Adam (DESIGN 4.5; Rajbhandari et al., ZeRO, SC'20): 16-bit weights 2 B,
 * main gradients plan.gradientBytes (FP32 by default), optimizer the master copy (plan.masterWeightBytes, FP32 by
 * default) plus the moments m and v, plan.momentBytes each (FP32 by default).
 */
export const WEIGHT_BYTES = 2;

/**
 * Memory a framework holds besides the model state: CUDA context, NCCL buffers, allocator fragmentation (assumption:
 * 3 GiB, the order PyTorch + NCCL take on an 80 GB GPU). A plan fits when its state plus this is within HBM.
 */
export const RUNTIME_RESERVED_BYTES = 3 * 2 ** 30;

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

/** Parameters one GPU holds: dense weights split by TP x PP, routed experts by EP x ETP x PP. */
export function parametersPerGpu(model: TransformerModel, plan: ParallelPlan): { dense: number; experts: number } {
  const counts = parameterCounts(model);
  let routed = 0;
  if (model.family === 'moe') {
    const perExpert = counts.perLayer.moeExperts / (model.moe.experts + model.moe.sharedExperts);
    routed = counts.moeLayers * model.moe.experts * perExpert;
  }
  return { dense: (counts.total - routed) / (plan.tp * plan.pp), experts: routed / (plan.ep * plan.etp * plan.pp) };
}

/**
 * Worked example (Megatron 1T row: 1,008B parameters, TP 8, PP 64, DP 6, no ZeRO, full recompute, b 1, s 2048, FP16
 * gradients, unfused attention, dropout, no SP): 1.97e9 parameters per GPU x (2 + 2 + 12) B = 31.5 GB of state;
 * activations 2 layers x 64 micro-batches in flight x 2 s b h = 13.4 GB (no SP: the layer input is whole on every
 * TP rank), plus one layer's working set s b (10 h + (24 h + 5 a s) / t) = 1.10 GB: about 46 GB of 80.
 */
export function memoryPerGpu(model: TransformerModel, plan: ParallelPlan, hbmCapacity: number): MemoryPerGpu {
  // A plan search checks a plan's memory, then prices the same plan object, which checks it again: kept per plan.
  const known = MEMORY.get(plan);
  if (known && known.model === model && known.result.capacity === hbmCapacity) return known.result;
  const result = computeMemoryPerGpu(model, plan, hbmCapacity);
  MEMORY.set(plan, { model, result });
  return result;
}

/** memoryPerGpu's answers by plan object (resolved plans are never changed after resolvePlan returns them). */
const MEMORY = new WeakMap<ParallelPlan, { readonly model: TransformerModel; readonly result: MemoryPerGpu }>();

function computeMemoryPerGpu(model: TransformerModel, plan: ParallelPlan, hbmCapacity: number): MemoryPerGpu {
  // DualPipe keeps the parameters of two stages on every device (DeepSeek-V3 Table 2: 2x).
  const copies = pipelineSchedules.get(plan.schedule).stagesPerDevice;
  const average = parametersPerGpu(model, plan);
  const p = { dense: average.dense * copies, experts: average.experts * copies };
  const dpDense = plan.dp * plan.cp;
  const dpExperts = Math.max(1, (plan.tp * plan.dp * plan.cp) / (plan.ep * plan.etp));
  const shard = (bytesPerParam: number, sharded: boolean) => bytesPerParam * (sharded ? p.dense / dpDense + p.experts / dpExperts : p.dense + p.experts);
  const weights = shard(WEIGHT_BYTES, plan.zero >= 3);
  const gradients = shard(plan.gradientBytes, plan.zero >= 2);
  const optimizer = shard(plan.masterWeightBytes + 2 * plan.momentBytes, plan.zero >= 1);
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
