/** Commands: one definition per run kind, read by every front end. */

export { capacityCommand, meanLength } from './capacity.js';
export { type CollectiveReport, collectiveCommand, type HealthyCollective } from './collective.js';
export { CURVE_LEVELS, curveCommand } from './curve.js';
export { describeCommand } from './describe.js';
export { declareMetrics, type MetricSpec, type Metrics, SYSTEM_METRICS, systemMetrics } from './metrics.js';
export { modelArg, resolveModel } from './model.js';
export { type PlanServeReport, planServeCommand, type RankedServingPlan } from './plan-serve.js';
export { type PlanTrainReport, planLabel, planTrainCommand, type RankedTrainPlan, trainArgsOf } from './plan-train.js';
export { commands } from './registry.js';
export { resilienceCommand } from './resilience.js';
export { type ServeCommandReport, serveCommand, workloadOf } from './serve.js';
export { shareCommand } from './share.js';
export { type HealthyTraining, type TimeToTrain, type TrainCommandReport, trainCommand, trainingFields } from './train.js';
export { type AnyCommand, type Command, defineCommand, type SystemOption } from './types.js';
