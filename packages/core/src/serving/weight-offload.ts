/**
 * Weights held off the GPU and streamed in before each use (SGLang's module offloader, which its GB200 prefill
 * instances run to hold DeepSeek's 671B weights on two GPUs): what one offloaded layer takes of a GPU, the prefetch
 * buffers it needs instead, and what a forward pass waits for it (how fast a layer comes back: deployment.ts
 * offloadFetch).
 */

import { ArgumentError } from '../base/errors.js';
import { formatOf } from '../compute/formats.js';
import { parameterCounts } from '../models/count.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import type { ReplicaShape } from './replica-shape.js';

/**
 * Offloaded layers a GPU keeps in HBM at once: the one computing and the next, whose copy starts as the first one's
 * forward ends (SGLang's default prefetch step of 1, SGLANG_OFFLOAD_PREFETCH_STEP: sgl-project/sglang
 * python/sglang/srt/offloader.py, which offloads the last SGLANG_OFFLOAD_NUM_OFFLOAD_IN_GROUP modules of every group
 * of SGLANG_OFFLOAD_GROUP_SIZE layers to pinned host memory).
 */
export const OFFLOAD_BUFFER_LAYERS = 2;

/** Layers a model can hold off the GPU: its MoE layers (their routed experts, most of their weights), or every layer of a dense model. */
export function offloadableLayers(model: TransformerModel): number {
  return model.family === 'moe' ? model.moe.moeLayers.length : model.layers;
}

/**
 * Bytes one offloaded layer takes on each GPU of the replica, in the serving format: a MoE layer's routed experts on
 * that GPU (spread by EP, or split by TP without it), a dense layer's attention and MLP split by TP.
 * Example: DeepSeek-V3 in NVFP4 over EP 2: 128 experts x 44.0M parameters x 0.5625 B = 3.17 GB a layer on each GPU.
 */
export function offloadLayerBytesPerGpu(model: TransformerModel, shape: ReplicaShape): number {
  const counts = parameterCounts(model);
  const bytes = formatOf(shape.precision).bytesPerElement;
  if (model.family !== 'moe') return (bytes * (counts.perLayer.attention + counts.perLayer.mlp + counts.perLayer.norms)) / shape.tp;
  const perExpert = counts.perLayer.moeExperts / (model.moe.experts + model.moe.sharedExperts);
  const expertsPerGpu = shape.ep > 1 ? Math.ceil(model.moe.experts / shape.ep) / (shape.expertTp ?? 1) : model.moe.experts / shape.tp;
  return bytes * perExpert * expertsPerGpu;
}

/** HBM a GPU saves by offloading: the offloaded layers less the prefetch buffers that stand in for them. */
export function offloadSavingPerGpu(model: TransformerModel, shape: ReplicaShape): number {
  const layers = shape.weightOffload?.layers ?? 0;
  if (layers <= 0) return 0;
  return (layers - Math.min(layers, OFFLOAD_BUFFER_LAYERS)) * offloadLayerBytesPerGpu(model, shape);
}

/** Checks an offload against the model and the system: whole layers the model has, a CXL pool where the tier is one. */
export function checkOffload(system: System, model: TransformerModel, shape: ReplicaShape): void {
  const offload = shape.weightOffload;
  if (!offload) return;
  const most = offloadableLayers(model);
  if (!(Number.isSafeInteger(offload.layers) && offload.layers >= 1 && offload.layers <= most))
    throw new ArgumentError(
      'offloadLayers',
      `expected 1 to ${most} (the ${model.family === 'moe' ? 'MoE' : ''} layers of ${model.id}), received ${offload.layers}`.replace('  ', ' '),
    );
  if (offload.tier === 'cxl') poolOf(system);
}

export type CxlSpec = NonNullable<System['spec']['cxl']>;

/** The system's CXL pool, which the cxl tier needs. */
export function poolOf(system: System): CxlSpec {
  const cxl = system.spec.cxl;
  if (!cxl) throw new ArgumentError('weightOffload', `'cxl' needs a CXL pool in the system; ${system.spec.name} has none (scenario field cxl)`);
  return cxl;
}

/**
 * What one forward pass waits for its offloaded layers. L offloaded layers sit evenly among the model's N; each is
 * fetched while the N / L layers before it compute, so each waits max(0, fetch - (N / L) x layer time), the layer time
 * being the pass over N. A pass short enough (decode) waits for nearly every byte; a long prefill hides them.
 * Example: 6 of 61 layers offloaded, 3.17 GB each at 225 GB/s (14.1 ms) behind 10 layers of 4 ms: no wait; behind 10
 * of 0.2 ms (decode): 6 x 12.1 ms = 72.6 ms.
 */
export function offloadWaitS(
  passS: number,
  modelLayers: number,
  offloaded: number,
  layerBytes: number,
  fetch: { bytesPerS: number; latencyS: number },
): number {
  if (offloaded <= 0 || passS <= 0) return 0;
  const fetchS = fetch.latencyS + layerBytes / fetch.bytesPerS;
  const hidden = (modelLayers / offloaded) * (passS / modelLayers);
  return offloaded * Math.max(0, fetchS - hidden);
}
