/** Transformer models: shape types, the preset registry, config.json import, and parameter, KV-cache and FLOP arithmetic. */

export { attentionParameters, kvBytesPerToken, kvCacheBytes, type LayerParameters, type ParameterCounts, parameterCounts } from './count.js';
export { defineModel, ModelConfigError } from './define.js';
export { attentionFlopsPerToken, type FlopsOptions, flopsPerToken, megatronFlopsPerIteration, megatronParameterCount } from './flops.js';
export { modelFromHfConfig } from './hf-config.js';
export { models } from './registry.js';
export {
  type Activation,
  type AttentionSpec,
  type FamilySpec,
  layerRange,
  type MlaDims,
  type ModelShape,
  type MoeSpec,
  mlpMatrices,
  type SlidingWindow,
  type TransformerModel,
} from './types.js';
