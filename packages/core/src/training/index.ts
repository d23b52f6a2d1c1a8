/** Training: parallel plans, memory per GPU, and the simulated iteration. */

export { type IterationResult, simulateIteration } from './iteration.js';
export { activationBytes, type MemoryPerGpu, memoryPerGpu, parametersPerGpu, RUNTIME_RESERVED_BYTES } from './memory.js';
export { type ParallelPlan, type PlanInput, type Precision as TrainPrecision, type Recompute, rankOf, resolvePlan } from './plan.js';
export { type TrainOptions, type TrainReport, train } from './train.js';
