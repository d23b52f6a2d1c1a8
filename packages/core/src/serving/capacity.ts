/**
 * Steady-state capacity of one deployment shape at a latency target: the decode batch and tokens/s per GPU within a
 * time per output token, and the time to first token of one prompt alone. The first cut of design comparisons.
 */

import { ArgumentError } from '../base/errors.js';
import type { Fidelity } from '../comm/run.js';
import type { TransformerModel } from '../models/types.js';
import { systemEconomics, tokenEconomics } from '../system/economics.js';
import type { System } from '../system/system.js';
import type { ReplicaShape, WeightOffload } from './replica-shape.js';
import { decodeRate, decodeRateAtTpot, prefillRate } from './steady.js';

export interface CapacityReport {
  readonly system: string;
  readonly model: string;
  readonly gpusPerReplica: number;
  /** The time per output token the decode batch was sized to, or null when the batch was given. */
  readonly tpotTargetMs: number | null;
  readonly context: number;
  /** The prompt the prefill figures are for. */
  readonly promptTokens: number;
  /** Requests per attention group the decode runs at the target, and its step time. */
  readonly decodeBatchPerGroup: number;
  readonly decodeStepMs: number;
  readonly decodeTokensPerSecPerGpu: number;
  readonly prefillTokensPerSecPerGpu: number;
  /** The prefill iteration of one `promptTokens` prompt on every attention group at once: an unloaded time to first token. */
  readonly ttftMs: number;
  /** Dollars and facility energy per decoded token at the target, each GPU carrying its share of the system's hour. */
  readonly usdPerGpuHour: number;
  readonly joulesPerOutputToken: number;
  readonly usdPerMillionOutputTokens: number;
  /** With weight offload: where the offloaded layers live and how many (weight-offload.ts); every figure above waits for them. */
  readonly weightOffload?: WeightOffload;
}

/**
 * Decode at `context` tokens within `tpotS` (the largest batch whose iteration fits), prefill throughput of full
 * iterations of `promptTokens`-token prompts, and the iteration of one such prompt per attention group.
 * Example: moe-10t on one 128-GPU AL128 domain against the same GPUs in 8-GPU domains: the expert all-to-all leaves
 * the scale-up fabric, and the batch that fits 50 ms shrinks.
 */
export function capacityAt(
  system: System,
  model: TransformerModel,
  shape: ReplicaShape,
  context: number,
  promptTokens: number,
  /** Size the decode batch to a time per output token, or take the batch per attention group as given. */
  target: { readonly tpotS: number } | { readonly batchPerGroup: number },
  fidelity: Fidelity = 'analytical',
  /** The engine's front-end time before a prompt is scheduled: it adds to the TTFT. */
  requestOverheadS = 0,
): CapacityReport {
  if ('tpotS' in target && !(target.tpotS > 0)) throw new ArgumentError('slo', `expected a positive time per output token, received ${target.tpotS}`);
  const decode =
    'tpotS' in target
      ? decodeRateAtTpot(system, model, shape, context, target.tpotS, fidelity)
      : decodeRate(system, model, shape, target.batchPerGroup, context, fidelity);
  const prefill = prefillRate(system, model, shape, Math.max(promptTokens, 8192), promptTokens, fidelity);
  const one = prefillRate(system, model, shape, promptTokens, promptTokens, fidelity);
  const economics = systemEconomics(system);
  const perToken = tokenEconomics(economics, decode.tokensPerSecPerGpu);
  return {
    system: system.spec.name,
    model: model.id,
    gpusPerReplica: shape.tp * shape.dpAttention,
    tpotTargetMs: 'tpotS' in target ? target.tpotS * 1e3 : null,
    context,
    promptTokens,
    decodeBatchPerGroup: decode.batch / shape.dpAttention,
    decodeStepMs: decode.stepS * 1e3,
    decodeTokensPerSecPerGpu: decode.tokensPerSecPerGpu,
    prefillTokensPerSecPerGpu: prefill.tokensPerSecPerGpu,
    ttftMs: (requestOverheadS + one.stepS) * 1e3,
    usdPerGpuHour: economics.usdPerGpuHour,
    joulesPerOutputToken: perToken.joulesPerToken,
    usdPerMillionOutputTokens: perToken.usdPerMillionTokens,
    ...(shape.weightOffload ? { weightOffload: shape.weightOffload } : {}),
  };
}
