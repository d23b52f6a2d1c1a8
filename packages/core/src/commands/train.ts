/** Command `train`: one training iteration of a model on a system under a parallel plan; the healthy figures beside a degraded run. */

import { choice, count, defineArgs, flag, number } from '../args/index.js';
import { ArgumentError } from '../base/errors.js';
import { FIDELITIES } from '../comm/run.js';
import { expectedRun } from '../resilience/resilience.js';
import { LIMITS } from '../system/limits.js';
import { healthySystem, type System } from '../system/system.js';
import { planArgs } from '../training/plan-args.js';
import { type TrainReport, train } from '../training/train.js';
import { declareMetrics } from './metrics.js';
import { modelArg, resolveModel } from './model.js';
import { defineCommand } from './types.js';
import { allowLargeArg, checkWork } from './work.js';

/** Arguments every training command takes besides the plan. */
export const trainingFields = {
  model: modelArg(),
  fidelity: choice(FIDELITIES, 'analytical (closed form), or flow (communication simulated with contention)').or('analytical'),
};

const args = defineArgs({
  ...trainingFields,
  ...planArgs.fields,
  allowOom: flag('report a plan that does not fit its GPU memory (fits: false) instead of refusing it').or(false),
  tokens: tokensArg(),
  goodput: flag(
    "with tokens: also the days to train them under the system's failures, at the resilience model's expected goodput (checkpoints at Young's interval, restarts, restores, waits for repairs beyond the spares)",
  ).or(false),
  spares: sparesArg(),
  allowLarge: allowLargeArg(),
});

/** `--tokens`: what `train` and `plan train` report the time (and `plan train` the cost) to train. */
export function tokensArg() {
  return number('tokens to train, e.g. 15.6e12: reports the time to train them at this step rate, failures aside (resilience prices those)', {
    above: 0,
    max: 1e18,
    valueName: 'tokens',
  }).otherwise('none');
}

/** `--spares`: hot-spare GPUs a job under failures (`resilience`, `train --goodput`) takes a failed unit's place from. */
export function sparesArg() {
  return count('hot-spare GPUs beyond the job, standing in for a failed OS image or domain while it is repaired', { min: 0, max: LIMITS.systemGpus }).or(0);
}

/**
 * The forward, backward and weight-gradient steps the pipeline schedule lays out: micro-batches x stages x chunks x 3.
 * A million take about a second; fifty million, gigabytes.
 */
export function pipelineSteps(system: System, plan: { tp: number; pp: number; vpp: number; cp: number; dp?: number; mbs: number; gbs: number }): number {
  const dp = plan.dp ?? Math.max(1, Math.floor(system.gpus / (plan.tp * plan.pp * plan.cp)));
  return Math.ceil(plan.gbs / (plan.mbs * dp)) * plan.pp * plan.vpp * 3;
}

export const STEPS_LIMIT = 2e6;
export const STEPS_HARD_LIMIT = 5e7;

/** Time to train a number of tokens at the step's rate on the job's GPUs: no failures, restarts or checkpoints. */
export interface TimeToTrain {
  readonly tokens: number;
  readonly seconds: number;
  readonly days: number;
  /** With `goodput`: the same under the system's failures, at the resilience model's expected goodput. */
  readonly withFailures?: { readonly goodput: number; readonly days: number; readonly interruptionsPerDay: number };
}

/** The healthy run's figures beside a degraded one: share is healthy iteration time over degraded (throughput kept). */
export interface HealthyTraining {
  readonly iterationTimeS: number;
  readonly tokensPerSecPerGpu: number;
  readonly mfu: number;
  readonly share: number;
}

export type TrainCommandReport = TrainReport & { readonly healthy?: HealthyTraining; readonly timeToTrain?: TimeToTrain };

/** `tokens` at `tokensPerSecPerGpu` on `gpus` GPUs. */
export function timeToTrain(tokensPerSecPerGpu: number, gpus: number, tokens: number): TimeToTrain {
  const seconds = tokens / (tokensPerSecPerGpu * gpus);
  return { tokens, seconds, days: seconds / 86_400 };
}

export const trainCommand = defineCommand({
  id: 'train',
  description: 'one training iteration: step time, tokens/s and MFU per GPU, memory per GPU, where the time goes, cost per million tokens',
  source: 'training/train.ts',
  args,
  workLimit: `${STEPS_LIMIT.toLocaleString('en-US')} pipeline steps (micro-batches x stages x chunks x 3) unless allowLarge; ${STEPS_HARD_LIMIT.toLocaleString('en-US')} at most`,
  systemOptions: ['fail', 'straggler', 'job'],
  run(system, a, context): TrainCommandReport {
    const { model: ref, fidelity, allowOom, allowLarge, tokens, goodput, spares, ...plan } = a;
    if (goodput && tokens === undefined) throw new ArgumentError('goodput', 'prices the time to train under failures: give tokens too');
    checkWork({ field: 'gbs', amount: pipelineSteps(system, plan), unit: 'pipeline steps', limit: STEPS_LIMIT, hardLimit: STEPS_HARD_LIMIT }, allowLarge);
    const model = resolveModel(ref, context.readText);
    const trained = train(system, model, plan, { fidelity, allowOom });
    // The same tokens at the expected run's rate over its goodput (resilience/resilience.ts expectedRun).
    const withGoodput = (t: TimeToTrain): TimeToTrain => {
      if (!goodput) return t;
      const run = expectedRun(system, model, plan, trained, { spareGpus: spares });
      const seconds = t.tokens / run.tokensPerS / run.expected.goodput;
      return { ...t, withFailures: { goodput: run.expected.goodput, days: seconds / 86_400, interruptionsPerDay: run.failures.interruptionsPerDay } };
    };
    const report =
      tokens === undefined ? trained : { ...trained, timeToTrain: withGoodput(timeToTrain(trained.tokensPerSecPerGpu, trained.plan.gpus, tokens)) };
    if (!system.failures && !system.stragglers) return report;
    const h = train(healthySystem(system), model, plan, { fidelity, allowOom: true });
    return {
      ...report,
      healthy: { iterationTimeS: h.iterationTimeS, tokensPerSecPerGpu: h.tokensPerSecPerGpu, mfu: h.mfu, share: h.iterationTimeS / report.iterationTimeS },
    };
  },
  metrics: declareMetrics({
    iterationTimeS: 'time of one iteration, s',
    tokensPerSecPerGpu: 'trained tokens per second per GPU',
    mfu: 'model FLOPs utilisation, share of dense peak',
    modelTflopsPerGpu: 'model TFLOP/s per GPU',
    memoryPerGpuGiB: 'memory per GPU (weights, gradients, optimizer, activations), GiB',
    'fits?': 'the plan fits the usable HBM (yes/no; a point that does not fit fails unless args.allowOom)',
    bubbleS: 'pipeline bubble per iteration, s',
    exposedCommS: 'communication on the critical path per iteration (TP, PP, DP, EP, CP), s',
    usdPerMillionTokens: 'cost per million trained tokens, USD',
    joulesPerToken: 'facility energy per trained token, J',
    stragglerSlowdown: 'share of the step that slow GPUs add (system.stragglers), 0 without',
    daysToTrain: 'days to train args.tokens at this step rate (failures aside); 0 without args.tokens',
    daysToTrainWithFailures: 'days to train args.tokens under failures (args.goodput); 0 without',
  }),
  metricsOf(r) {
    const c = r.breakdown.exposedCommS;
    return {
      iterationTimeS: r.iterationTimeS,
      tokensPerSecPerGpu: r.tokensPerSecPerGpu,
      mfu: r.mfu,
      modelTflopsPerGpu: r.modelTflopsPerGpu,
      memoryPerGpuGiB: r.memoryPerGpuGiB.total,
      fits: r.fits,
      bubbleS: r.breakdown.bubbleS,
      exposedCommS: c.tp + c.pp + c.dp + c.ep + c.cp,
      usdPerMillionTokens: r.economics.usdPerMillionTokens,
      joulesPerToken: r.economics.joulesPerToken,
      stragglerSlowdown: r.stragglers?.slowdown ?? 0,
      daysToTrain: r.timeToTrain?.days ?? 0,
      daysToTrainWithFailures: r.timeToTrain?.withFailures?.days ?? 0,
    };
  },
});
