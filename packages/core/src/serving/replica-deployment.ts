/** A serving replica from serving's arguments: its shape (TP, attention-DP, EP, expert TP, formats, weight offload) and its engine; `serve` and `capacity` both read it here. */

import { argDefaults } from '../args/define.js';
import { ArgumentError } from '../base/errors.js';
import { formatOf } from '../compute/formats.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { fewestOffloadLayers, offloadFetch } from './deployment.js';
import { type EngineSettings, engineSettings, engineShape } from './engines.js';
import type { WeightOffload } from './replica-shape.js';
import { type ServeOptions, serveOptionArgs, speculationOf } from './serve-args.js';
import type { ReplicaShape } from './step-cost.js';
import { checkOffload, offloadLayerBytesPerGpu, poolOf } from './weight-offload.js';

const D = argDefaults(serveOptionArgs);

/** `value` (or `fallback`) as a whole number of at least `min`, else an ArgumentError naming `field`. */
export function whole(field: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new ArgumentError(field, `expected a whole number >= ${min}, received ${value}`);
  return v;
}

/**
 * A replica's shape and engine from serving's arguments (ServeOptions): TP, attention-DP, EP and expert TP checked
 * against the model, the formats, the engine's settings. `serve` and `capacity` both read their replica from here.
 */
export function replicaDeployment(
  system: System,
  model: TransformerModel,
  options: ServeOptions,
  /** KV tokens the replica must hold at least (its longest request): what the fewest offloaded layers make room for. */
  kvTokensNeeded = 1,
): { shape: ReplicaShape; engine: EngineSettings; tp: number; dpAttention: number; gpusPerReplica: number; ep: number } {
  const tp = whole('tp', options.tp, D.tp);
  const dpAttention = whole('dpAttention', options.dpAttention, D.dpAttention);
  const gpusPerReplica = tp * dpAttention;
  if (model.heads % tp !== 0) throw new ArgumentError('tp', `TP ${tp} does not divide the ${model.heads} attention heads of ${model.id}`);
  if (options.ep && model.family !== 'moe') throw new ArgumentError('ep', `expert parallelism needs a mixture-of-experts model; ${model.id} is dense`);
  const moeTp = whole('moeTp', options.moeTp, 1);
  if (moeTp > 1 && !(options.ep && model.family === 'moe'))
    throw new ArgumentError('moeTp', `expert tensor parallelism ${moeTp} splits experts spread by --ep; without --ep the experts split by TP ${tp}`);
  if (moeTp > 1 && (gpusPerReplica % moeTp !== 0 || dpAttention > 1))
    throw new ArgumentError(
      'moeTp',
      `expected a divisor of the replica's ${gpusPerReplica} GPUs on one attention group (dp-attention 1); received ${moeTp} with dp-attention ${dpAttention}`,
    );
  const ep = options.ep && model.family === 'moe' ? gpusPerReplica / moeTp : 1;
  const speculation = speculationOf(options);
  const engine = engineSettings(options, { gpu: system.spec.gpu, tp, ep: ep > 1, dpAttention });
  const shape: ReplicaShape = {
    tp,
    dpAttention,
    ep,
    ...(moeTp > 1 ? { expertTp: moeTp } : {}),
    precision: options.precision ?? D.precision,
    ...(options.attentionPrecision === undefined ? {} : { attentionPrecision: options.attentionPrecision }),
    kvBytesPerElement: formatOf(options.kvPrecision ?? D.kvPrecision).bytesPerElement,
    ...(options.overlap ? { overlap: true } : {}),
    ...(options.epBalance === undefined ? {} : { epBalance: options.epBalance }),
    ...(options.commSms === undefined ? {} : { commSms: whole('commSms', options.commSms, 0, 0) }),
    ...(options.epNodeLimit === undefined ? {} : { epNodeLimit: whole('epNodeLimit', options.epNodeLimit, 1) }),
    ...(speculation ? { speculation } : {}),
    ...engineShape(engine),
    ...(ep > 1 && moeTp === 1 && engine.engine.lowLatencyDispatchTokens ? { dispatchTokensPerRank: engine.engine.lowLatencyDispatchTokens } : {}),
  };
  // Each GEMM format needs the GPU's tensor rate for it: say which argument asked for one it lacks.
  for (const [field, format] of [
    ['precision', shape.precision],
    ['attentionPrecision', shape.attentionPrecision],
  ] as const) {
    const tensor = format === undefined ? undefined : formatOf(format).tensor;
    if (tensor !== undefined && system.spec.gpu.peak[tensor] === null)
      throw new ArgumentError(field, `${system.spec.gpu.name} has no ${tensor} tensor throughput`);
  }
  if (options.moeBackend !== undefined && model.family !== 'moe')
    throw new ArgumentError('moeBackend', `names the kernels of a mixture-of-experts model's experts; ${model.id} is dense`);
  if (shape.moeKernels === 'trtllm-gen' && formatOf(shape.precision).tensor !== 'fp4')
    throw new ArgumentError(
      'moeBackend',
      `trtllm-gen runs FP4 experts (its kernels are priced from NVFP4 measurements on Blackwell); received precision ${shape.precision}: give --precision nvfp4 or --moe-backend cutlass`,
    );
  return { shape: offloaded(system, model, shape, options, kvTokensNeeded), engine, tp, dpAttention, gpusPerReplica, ep };
}

/** What the serve report says of a replica's offloaded layers. */
export function offloadReport(system: System, model: TransformerModel, shape: ReplicaShape, offload: WeightOffload, gpus: number) {
  const bytes = offloadLayerBytesPerGpu(model, shape);
  const fetch = offloadFetch(system, offload.tier, gpus);
  return { tier: offload.tier, layers: offload.layers, layerGiBPerGpu: bytes / 2 ** 30, fetchMsPerLayer: (fetch.latencyS + bytes / fetch.bytesPerS) * 1e3 };
}

/** The shape with the weight offload the options ask for: the layers given, or the fewest that hold `kvTokensNeeded`. */
function offloaded(system: System, model: TransformerModel, shape: ReplicaShape, options: ServeOptions, kvTokensNeeded: number): ReplicaShape {
  const tier = options.weightOffload;
  if (tier === undefined) {
    if (options.offloadLayers !== undefined) throw new ArgumentError('offloadLayers', 'applies with --weight-offload dram or cxl');
    return shape;
  }
  if (options.offloadLayers === undefined) {
    if (tier === 'cxl') poolOf(system);
    return fewestOffloadLayers(model, shape, tier, system.spec.gpu.hbmUsable, kvTokensNeeded);
  }
  const given = { ...shape, weightOffload: { tier, layers: options.offloadLayers } };
  checkOffload(system, model, given);
  return given;
}
