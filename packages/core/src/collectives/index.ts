/** Collectives: the algorithm family, its registry, the automatic choice, and the types a network executor reads. */

export { type AlgorithmVerdict, chooseAlgorithm, compareAlgorithms } from './auto.js';
export { type AlgorithmSpec, defineCollectiveAlgorithm } from './define.js';
export { MAX_PIPELINE_CHUNKS } from './pipeline.js';
export { algorithmsFor, collectiveAlgorithms, findAlgorithm } from './registry.js';
export * from './types.js';
