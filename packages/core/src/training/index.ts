/** Training: parallel plans, memory per GPU, and the simulated iteration. */

export { type IterationResult, simulateIteration } from './iteration.js';
export { activationBytes, type MemoryPerGpu, memoryPerGpu, parametersPerGpu, RUNTIME_RESERVED_BYTES } from './memory.js';
export { pipelineSchedules } from './pipeline/registry.js';
export type {
  PipelineInput,
  PipelineOp,
  PipelineOrder,
  PipelineSchedule,
  PipelineStep,
  PipelineTimeline,
  ScheduleInput,
  StageTime,
  TimedStep,
} from './pipeline/types.js';
export { type ParallelPlan, rankOf, resolvePlan } from './plan.js';
export {
  type AttentionKernel,
  DEFAULT_COMM_SMS,
  type PlanInput,
  PRECISIONS as TRAIN_PRECISIONS,
  type Precision as TrainPrecision,
  parseStageLayers,
  planArgs,
  RECOMPUTE_MODULES,
  type Recompute,
  type RecomputeModule,
} from './plan-args.js';
export { type PlanSearchInput, type PlanSearchReport, type RankedPlan, searchTrainingPlans } from './plan-search.js';
export { lockstepRanks, type StragglerCost } from './stragglers.js';
export { type TrainOptions, type TrainReport, train } from './train.js';
