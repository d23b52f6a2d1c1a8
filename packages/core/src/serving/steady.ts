/**
 * Steady-state serving rates of one replica, straight from its iteration cost: decode at a batch and context, the
 * largest batch that meets a time per output token, and prefill of whole prompts. What profiles and benchmarks measure.
 */

import { ArgumentError } from '../base/errors.js';
import { CollectiveSession, type Fidelity } from '../comm/run.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { replicaMemory } from './deployment.js';
import { dispatchesTokens } from './layer-ops.js';
import { type ReplicaShape, StepCostModel } from './step-cost.js';

export interface SteadyRate {
  readonly tokensPerSecPerGpu: number;
  readonly stepS: number;
  /** Requests in the batch (the whole replica). */
  readonly batch: number;
}

const gpusOf = (shape: ReplicaShape) => shape.tp * shape.dpAttention;

/**
 * One decode iteration of `batchPerGroup` requests on each attention group, each reading `context` tokens of KV:
 * tokens/s per GPU = batch / step. Refuses a batch whose KV does not fit the replica.
 * Example: DeepSeek-V3 on 128 H800s, 128 requests per GPU at 4,096 context: 16,384 requests per step.
 */
export function decodeRate(
  system: System,
  model: TransformerModel,
  shape: ReplicaShape,
  batchPerGroup: number,
  context: number,
  fidelity: Fidelity = 'analytical',
): SteadyRate {
  const batch = batchPerGroup * shape.dpAttention;
  const memory = replicaMemory(model, sizedForBatch(shape, batchPerGroup), system.spec.gpu.hbmUsable);
  if (batch * context > memory.kvTokens) {
    throw new ArgumentError('batch', `${batch} requests of ${context} tokens need ${batch * context} KV tokens; the replica holds ${memory.kvTokens}`);
  }
  const cost = new StepCostModel(model, shape, new CollectiveSession(system), fidelity);
  const stepS = cost.step({ decodes: batch, decodeKvTokens: batch * context, prefillTokens: 0, prefillPairs: 0, sampled: batch }).seconds;
  return { tokensPerSecPerGpu: batch / stepS / gpusOf(shape), stepS, batch };
}

/**
 * The most requests of `context` tokens each attention group holds: the replica's KV cache after its weights and, with
 * wide EP, the dispatch buffers that batch needs, shared by its groups. What an engine runs when its batch is sized to
 * fill the KV cache.
 * Example: DeepSeek-V3 in FP8 on 48 GB200s, BF16 KV (70,272 B a token): each GPU keeps 0.92 x 198.7 GB less 32.4 GB
 * of weights, 150 GB: 1,069 requests of 2,000 tokens per GPU; DeepEP's buffers for 957 of them take 15.8 GB, and 957
 * is what fits beside them.
 */
export function kvBatchPerGroup(system: System, model: TransformerModel, shape: ReplicaShape, context: number): number {
  const fits = (b: number) => replicaMemory(model, sizedForBatch(shape, b), system.spec.gpu.hbmUsable).kvTokens >= b * context * shape.dpAttention;
  // The batch the KV cache holds when nothing else takes HBM; dispatch buffers sized for it shrink it (bisection).
  let hi = Math.max(1, Math.floor(replicaMemory(model, shape, system.spec.gpu.hbmUsable).kvTokens / context / shape.dpAttention));
  if (fits(hi)) return hi;
  let lo = 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The shape with its low-latency dispatch buffers sized for a decode batch, unless it sizes them itself: each GPU
 * dispatches its attention group's share of the batch's tokens (every query of a verify pass), half of it a call under
 * two-batch overlap (DeepEP's low-latency kernels take at most num_max_dispatch_tokens_per_rank a call).
 * Example: 256 requests a GPU under two-batch overlap: 128 tokens a call, SGLang's default.
 */
function sizedForBatch(shape: ReplicaShape, batchPerGroup: number): ReplicaShape {
  if (!dispatchesTokens(shape) || shape.dispatchTokensPerRank !== undefined) return shape;
  const queries = shape.speculation ? shape.speculation.draftTokens + 1 : 1;
  return { ...shape, dispatchTokensPerRank: Math.ceil((batchPerGroup * queries) / (shape.overlap ? 2 : 1) / shape.tp) };
}

/** The largest decode batch per attention group whose iteration stays within `tpotS`, and its rate (bisection on the batch). */
export function decodeRateAtTpot(
  system: System,
  model: TransformerModel,
  shape: ReplicaShape,
  context: number,
  tpotS: number,
  fidelity: Fidelity = 'analytical',
): SteadyRate {
  let hi = kvBatchPerGroup(system, model, shape, context);
  const step = (b: number) => decodeRate(system, model, shape, b, context, fidelity);
  if (step(1).stepS > tpotS) return step(1);
  if (step(hi).stepS <= tpotS) return step(hi);
  let lo = 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (step(mid).stepS <= tpotS) lo = mid;
    else hi = mid;
  }
  return step(lo);
}

/**
 * Prefill of `tokensPerGroup` prompt tokens on each attention group, as whole prompts of `promptTokens` in one
 * iteration: tokens/s per GPU = tokens / step.
 */
export function prefillRate(
  system: System,
  model: TransformerModel,
  shape: ReplicaShape,
  tokensPerGroup: number,
  promptTokens: number,
  fidelity: Fidelity = 'analytical',
): SteadyRate {
  const prompts = (tokensPerGroup / promptTokens) * shape.dpAttention;
  const tokens = tokensPerGroup * shape.dpAttention;
  const cost = new StepCostModel(model, shape, new CollectiveSession(system), fidelity);
  const pairs = prompts * promptTokens * ((promptTokens + 1) / 2);
  const stepS = cost.step({ decodes: 0, decodeKvTokens: 0, prefillTokens: tokens, prefillPairs: pairs, sampled: prompts }).seconds;
  return { tokensPerSecPerGpu: tokens / stepS / gpusOf(shape), stepS, batch: prompts };
}
