/** supernode core: the whole public surface of the model library (no Node, no DOM). */

export * from './args/index.js';
export type { Progress, ReadLines, ReadText, RunContext, TextLines } from './base/context.js';
export { ArgumentError, ConfigError, FileLineError, WorkLimitError } from './base/errors.js';
export { EXCERPT_CHARS, excerpt, grouped, shownValue } from './base/excerpt.js';
export { deepMerge } from './base/merge.js';
export { type CalibratedSize, type CalibrateOptions, type Calibration, calibrate, type FittedConstant } from './calibration/fit.js';
export { LogError, NCCL_TESTS_TOOLS, type NcclTestsRow, type NcclTestsRun, parseNcclTests, toolOf } from './calibration/nccl-tests.js';
export { formatNcclTests, type SweepToWrite } from './calibration/nccl-tests-text.js';
export * from './collectives/index.js';
export { COLLECTIVE_LAUNCH_S, IN_SWITCH_EFFICIENCY, SCALE_UP_COLLECTIVE_EFFICIENCY } from './comm/calibration.js';
export { type CollectiveChoice, chooseCollective } from './comm/choice.js';
export { collectiveContext, scaleOutBandwidth, scaleUpBandwidth } from './comm/context.js';
export { type ExecutionResult, executeSchedules, payloadCapacities, type ScheduledGroup, type TransferSpan } from './comm/execute.js';
export { checkGroup, concurrentGroups, parseGroup } from './comm/group.js';
export { busiestLinks, type LinkLoad, type NicUse, nicUse } from './comm/links.js';
export { PROTOCOLS, type Protocol, type ProtocolCosts, protocolCosts } from './comm/protocols.js';
export { type CollectiveRequest, type CollectiveResult, CollectiveSession, FIDELITIES, type Fidelity, runCollective } from './comm/run.js';
export { parseSizes } from './comm/sizes.js';
export { type TraceEvent, traceEvents } from './comm/trace.js';
export * from './commands/index.js';
export * from './compute/index.js';
export { type DescribeReport, describeSystem } from './describe/describe.js';
export type { TransportReport } from './describe/fabric-report.js';
export * from './explore/index.js';
export * from './hardware/index.js';
export * from './models/index.js';
export * from './network/index.js';
export { definePreset, type SystemPreset } from './presets/preset.js';
export { DEFAULT_COMPARISON, systemPresets } from './presets/registry.js';
export * from './registry/index.js';
export { type CheckpointCost, checkpointCost, DEFAULT_STORAGE_BANDWIDTH } from './resilience/checkpoint.js';
export { type ExpectedGoodput, expectedGoodput, type FailureClass, type RecoveryPlan, youngInterval } from './resilience/expected.js';
export { type MonteCarloResult, monteCarlo, type Spread } from './resilience/monte-carlo.js';
export { DEFAULT_RESTART_S, type ResilienceOptions, type ResilienceReport, resilience } from './resilience/resilience.js';
export {
  compoundPoissonQuantile,
  DEFAULT_SERVE_RESTART_S,
  type ServingAvailability,
  type ServingDeployment,
  servingAvailability,
} from './resilience/serving.js';
export { systemJsonSchema } from './scenario/json-schema.js';
export { MAX_SCENARIO_CHARS } from './scenario/limits.js';
export { formatProblem, loadScenario, mergeScenarioInput, type ReadRelative, readScenarioInput, ScenarioError, type ScenarioProblem } from './scenario/load.js';
export { type YamlComment, yamlText } from './scenario/yaml-text.js';
export { type CapacityReport, capacityAt } from './serving/capacity.js';
export { type Curve, type CurveConfig, type CurvePoint, curveConfigText, envelopeOf, interactivityCurve, ratioAt, throughputAt } from './serving/curve.js';
export { KV_TIERS, type KvTier } from './serving/kv-tiers.js';
export { type MaxRateResult, maxRate } from './serving/max-rate.js';
export { type Histogram, type Percentiles, percentiles, type ServeMetrics, type Slo } from './serving/metrics.js';
export { routers } from './serving/routers.js';
export { schedulers } from './serving/schedulers.js';
export { type ServeReport, serve } from './serving/serve.js';
export { type LengthInput, loadArgs, parseLength, replicaFields, resolveLength, type ServeOptions, serveOptionArgs } from './serving/serve-args.js';
export { parseCsvTrace, parseJsonlTrace, TraceError, type TraceFormat, traceFormatOf, traceRequests } from './serving/trace.js';
export {
  type ArrivalSpec,
  generateRequests,
  type LengthSpec,
  PREFIX_BLOCK_TOKENS,
  type RequestSource,
  type ServingRequest,
  type WorkloadSpec,
} from './serving/workload.js';
export * from './sharing/index.js';
export { bisectionBandwidth } from './system/bisection.js';
export { type CostBreakdown, systemCost } from './system/cost.js';
export { type Economics, systemEconomics, type TokenEconomics, tokenEconomics } from './system/economics.js';
export { checkFabricFailures } from './system/fabric-failure-check.js';
export { type FabricFailure, fabricFailureSchema, parseFailSpecs } from './system/fabric-failures.js';
export { type ComponentFailures, type SystemFailures, systemFailures } from './system/failures.js';
export { LIMITS } from './system/limits.js';
export { type PowerBreakdown, systemPower } from './system/power.js';
export { DEFAULTS, type ResolvedSystemSpec, resolveSystemSpec } from './system/resolve.js';
export { resolvedScenario } from './system/resolved-scenario.js';
export { planScaleOut, type ScaleOutPlan, type SwitchTier } from './system/scale-out.js';
export { planScaleUp, type ScaleUpPlan } from './system/scale-up.js';
export { type SystemInput, type SystemSpec, systemSchema } from './system/schema.js';
export { parseStragglerSpecs, type Stragglers, stragglersSchema } from './system/stragglers.js';
export { type BuildOptions, buildSystem, degradedFabric, healthySystem, type System } from './system/system.js';
export {
  GPU_PHASE_POWER_SHARE,
  type GpuPhase,
  type GpuTime,
  powerReport,
  powerSummary,
  type RunPower,
  type RunPowerReport,
  runPower,
} from './system/work-power.js';
export { buildTopology } from './topology/build-system.js';
export { mix32, Router, type RouterOptions, type RoutingMode, type Stripe } from './topology/ecmp.js';
export { type PairStats, pairStatsFrom } from './topology/pair-stats.js';
export * from './topology/routing.js';
export * from './topology/topology.js';
export * from './training/index.js';
export * from './units/index.js';
export { PLAN_CHECK_CASES, type PlanCheck, planChecks } from './validation/plan-checks.js';
export { type ValidateOptions, validate } from './validation/run.js';
export { type CaseSet, type PublishedCase, publishedNumber, type ValidationReport, type ValidationRow } from './validation/types.js';
export { diffUpstream, type UpstreamDiff } from './validation/upstream.js';
export { type AicbComm, type AicbGroup, type AicbLayer, type AicbPhase, type AicbWorkload, parseAicbWorkload, WorkloadError } from './workloads/aicb.js';
export { aicbWorkloadOf } from './workloads/aicb-export.js';
export { type AttrValue, ChakraError, type ChakraNode, type ChakraTrace, decodeChakraEt, encodeChakraEt, parseChakraJson } from './workloads/chakra.js';
export { CHAKRA_VERSION, type ChakraExport, chakraTracesOf } from './workloads/chakra-export.js';
export { type AicbOptions, type AicbReport, runAicbWorkload } from './workloads/run-aicb.js';
export { type ChakraReport, type ChakraRunOptions, runChakraTraces } from './workloads/run-chakra.js';
