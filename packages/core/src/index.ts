/** supernode core: the whole public surface of the model library (no Node, no DOM). */

export { type DescribeReport, describeSystem } from './describe/describe.js';
export * from './hardware/index.js';
export { definePreset, type SystemPreset } from './presets/preset.js';
export { DEFAULT_COMPARISON, systemPresets } from './presets/registry.js';
export * from './registry/index.js';
export { systemJsonSchema } from './scenario/json-schema.js';
export { formatProblem, loadScenario, ScenarioError, type ScenarioProblem } from './scenario/load.js';
export { bisectionBandwidth } from './system/bisection.js';
export { type CostBreakdown, systemCost } from './system/cost.js';
export { ConfigError } from './system/errors.js';
export { type PowerBreakdown, systemPower } from './system/power.js';
export { DEFAULTS, type ResolvedSystemSpec, resolveSystemSpec } from './system/resolve.js';
export { planScaleOut, type ScaleOutPlan, type SwitchTier } from './system/scale-out.js';
export { planScaleUp, type ScaleUpPlan } from './system/scale-up.js';
export { type SystemInput, type SystemSpec, systemSchema } from './system/schema.js';
export { buildSystem, type System } from './system/system.js';
export { buildTopology } from './topology/build-system.js';
export { type PairStats, pairStatsFrom } from './topology/pair-stats.js';
export * from './topology/routing.js';
export * from './topology/topology.js';
export * from './units/index.js';
