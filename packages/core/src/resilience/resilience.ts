/** `resilience`: a training job under failures on a system: interruptions, blast radius, checkpoint cost and interval, goodput and time to train, expected and Monte-Carlo. */

import { ConfigError } from '../base/errors.js';
import type { TransformerModel } from '../models/types.js';
import { type ComponentFailures, systemFailures } from '../system/failures.js';
import { type System, withScaleOutShare } from '../system/system.js';
import type { PlanInput } from '../training/plan-args.js';
import { type TrainReport, train } from '../training/train.js';
import type { BytesPerSecond } from '../units/units.js';
import { type CheckpointCost, checkpointCost, hostsStorageBandwidth } from './checkpoint.js';
import { type ExpectedGoodput, expectedGoodput, type FailureClass, type RecoveryPlan, youngInterval } from './expected.js';
import { type MonteCarloResult, monteCarlo } from './monte-carlo.js';

/**
 * Relaunching a job on its GPUs: scheduling, process start, communicator setup: 5 minutes (assumption; Llama 3
 * reports having cut job start-up and checkpoint time without a figure).
 */
export const DEFAULT_RESTART_S = 300;
/** Monte-Carlo runs of the whole job. */
export const DEFAULT_RUNS = 200;
/** Useful compute a run simulates when no token target is given: 30 days. */
export const DEFAULT_WORK_S = 30 * 86_400;

export interface ResilienceOptions {
  /** Seconds of compute between checkpoints; default Young's optimum. */
  readonly checkpointIntervalS?: number;
  readonly spareGpus?: number;
  readonly restartS?: number;
  readonly storageBandwidth?: BytesPerSecond;
  /** Tokens to train: sets the Monte-Carlo work and reports days to train. */
  readonly tokens?: number;
  readonly seed?: number;
  readonly runs?: number;
  /** The iteration, when the caller already has it. */
  readonly trainReport?: TrainReport;
  /** Hears the failures the Monte-Carlo runs will simulate, all runs together, before they start (to refuse a run too long). */
  readonly beforeMonteCarlo?: (expectedFailures: number) => void;
}

export interface ResilienceReport {
  readonly system: string;
  readonly model: string;
  readonly gpus: number;
  readonly spareGpus: number;
  readonly gpusPerOs: number;
  readonly interruptionsPerDay: number;
  readonly mtbfHours: number;
  /** GPUs one failure of each component takes out of service until repaired. */
  readonly blastRadiusGpus: Readonly<Record<string, number>>;
  readonly components: readonly ComponentFailures[];
  readonly iterationTimeS: number;
  readonly tokensPerSecPerGpu: number;
  readonly checkpoint: {
    stateGB: number;
    restoreGB: number;
    bandwidthGBps: number;
    writeS: number;
    restoreS: number;
    /** Where the blocking write goes: storage, or local drives drained to storage behind the run (drainS). */
    tier: 'storage' | 'ssd';
    drainS: number;
    /** Where the drain rides the NICs the collectives use (a converged DCN, or none): its share of them, the share of the run it lasts, and a step meanwhile. */
    drain?: DrainOnCollectives;
    intervalS: number;
    interval: 'young' | 'given';
  };
  readonly restartS: number;
  /** Expected useful compute over wall time. */
  readonly goodput: number;
  readonly expected: ExpectedGoodput;
  readonly monteCarlo: MonteCarloResult;
  readonly tokens: number | null;
  /** Expected days to train `tokens`, failures included; null without a token target. */
  readonly daysToTrain: number | null;
  /** The same without failures or checkpoints. */
  readonly daysToTrainFailureFree: number | null;
}

/**
 * The run in closed form under the system's failures: the checkpoint plan (Young's interval unless given, the drain's
 * hold-back), Daly's expected goodput with waits for repairs, and the tokens per second the run keeps between
 * failures (a drain on the collectives' NICs slowing its steps). What `resilience` reports beside its Monte-Carlo, and
 * what `train --tokens --goodput` prices the time to train with.
 */
export function expectedRun(system: System, model: TransformerModel, plan: PlanInput, trained: TrainReport, options: ResilienceOptions = {}) {
  const failures = systemFailures(system);
  const ckpt = checkpointCost(system, model, trained.plan, options.storageBandwidth);
  const classes: FailureClass[] = failures.components
    .filter((c) => c.interrupts && c.failuresPerDay > 0)
    .map((c) => ({ key: c.key, ratePerS: c.failuresPerDay / 86_400, detectS: c.detectS, repairS: c.repairS, blastRadiusGpus: c.blastRadiusGpus }));
  const spareGpus = options.spareGpus ?? 0;
  const given = options.checkpointIntervalS;
  if (given !== undefined && !(given > 0)) throw new ConfigError(['checkpointInterval'], `expected a positive time, received ${given}`);
  const intervalS = given ?? youngInterval(ckpt.writeS, failures.mtbfHours * 3_600);
  // A drain to storage longer than the compute between checkpoints holds the next write back by the difference.
  const writeS = Math.max(ckpt.writeS, ckpt.drainS - intervalS);
  const recovery: RecoveryPlan = {
    classes,
    writeS,
    restoreS: ckpt.restoreS,
    intervalS,
    restartS: options.restartS ?? DEFAULT_RESTART_S,
    spareGpus,
  };
  const expected = expectedGoodput(recovery);
  const drain = drainOnCollectives(system, ckpt, intervalS + writeS, (slowed) => train(slowed, model, plan, { allowOom: true }).iterationTimeS);
  // While the drain runs on the collectives' NICs, steps take longer: the run's rate is the time-weighted mean.
  const meanIterationS = drain ? trained.iterationTimeS * (1 - drain.runShare) + drain.iterationTimeS * drain.runShare : trained.iterationTimeS;
  const tokensPerS = trained.tokensPerSecPerGpu * system.gpus * (trained.iterationTimeS / meanIterationS);
  return { failures, ckpt, classes, spareGpus, given, intervalS, writeS, recovery, expected, drain, tokensPerS };
}

export function resilience(system: System, model: TransformerModel, plan: PlanInput, options: ResilienceOptions = {}): ResilienceReport {
  const trained = options.trainReport ?? train(system, model, plan, { allowOom: true });
  const { failures, ckpt, classes, spareGpus, given, intervalS, writeS, recovery, expected, drain, tokensPerS } = expectedRun(
    system,
    model,
    plan,
    trained,
    options,
  );
  const tokens = options.tokens ?? null;
  const workS = tokens === null ? DEFAULT_WORK_S : tokens / tokensPerS;
  const runs = options.runs ?? DEFAULT_RUNS;
  const ratePerS = classes.reduce((n, c) => n + c.ratePerS, 0);
  // Each run lasts its work over the expected goodput, and meets failures at their summed rate all along.
  options.beforeMonteCarlo?.(runs * ratePerS * (workS / Math.max(expected.goodput, 1e-9)));
  const mc = monteCarlo(recovery, { seed: options.seed ?? 1, runs, workS });
  return {
    system: system.spec.name,
    model: model.id,
    gpus: system.gpus,
    spareGpus,
    gpusPerOs: failures.gpusPerOs,
    interruptionsPerDay: failures.interruptionsPerDay,
    mtbfHours: failures.mtbfHours,
    blastRadiusGpus: Object.fromEntries(failures.components.map((c) => [c.key, c.blastRadiusGpus])),
    components: failures.components,
    iterationTimeS: trained.iterationTimeS,
    tokensPerSecPerGpu: trained.tokensPerSecPerGpu,
    checkpoint: {
      stateGB: ckpt.stateBytes / 1e9,
      restoreGB: ckpt.restoreBytes / 1e9,
      bandwidthGBps: ckpt.bandwidth / 1e9,
      writeS,
      restoreS: ckpt.restoreS,
      tier: ckpt.tier,
      drainS: ckpt.drainS,
      ...(drain ? { drain } : {}),
      intervalS,
      interval: given === undefined ? 'young' : 'given',
    },
    restartS: recovery.restartS,
    goodput: expected.goodput,
    expected,
    monteCarlo: mc,
    tokens,
    daysToTrain: tokens === null ? null : workS / expected.goodput / 86_400,
    daysToTrainFailureFree: tokens === null ? null : workS / 86_400,
  };
}

/** The drain's cost to a run whose collectives share the NICs it uses. */
export interface DrainOnCollectives {
  /** Share of the scale-out NICs the drain takes while it runs. */
  readonly nicShare: number;
  /** Share of the run's time it runs: its seconds over a checkpoint cycle (the interval and the write). */
  readonly runShare: number;
  /** A training step while it runs: the collectives left the rest of the NICs. */
  readonly iterationTimeS: number;
}

/**
 * A drain from local drives to storage runs behind the run; where it leaves over the scale-out NICs (a converged DCN,
 * or a system without a DCN, hostsStorageBandwidth) it takes its rate's share of them from the collectives for its
 * seconds of each cycle. Undefined where it costs the run nothing: no drives, or a DCN of its own.
 * Example: 140 TB drained at 100 GB/s over 1,024 GPUs' 400G NICs (51 TB/s): 0.2% of the NICs, for 1,404 s of each
 * 2,886 s cycle.
 */
function drainOnCollectives(system: System, ckpt: CheckpointCost, cycleS: number, stepOn: (slowed: System) => number): DrainOnCollectives | undefined {
  const s = system.spec;
  if (ckpt.tier !== 'ssd' || !s.scaleOut || (s.dcn && !s.dcn.converged)) return undefined;
  const nicShare = Math.min(0.99, ckpt.bandwidth / hostsStorageBandwidth(system));
  const runShare = Math.min(1, ckpt.drainS / cycleS);
  return { nicShare, runShare, iterationTimeS: stepOn(withScaleOutShare(system, 1 - nicShare)) };
}
