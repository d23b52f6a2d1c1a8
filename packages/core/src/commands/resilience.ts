/** Command `resilience`: a training job under failures: interruptions, blast radius per component, checkpoint cost and interval, goodput, time to train. */

import { count, defineArgs, number, rate, time } from '../args/index.js';
import { DEFAULT_RESTART_S, DEFAULT_RUNS, type ResilienceReport, resilience } from '../resilience/resilience.js';
import { planArgs } from '../training/plan-args.js';
import type { Seconds } from '../units/units.js';
import { declareMetrics } from './metrics.js';
import { modelArg, resolveModel } from './model.js';
import { pipelineSteps, STEPS_HARD_LIMIT, STEPS_LIMIT, sparesArg } from './train.js';
import { defineCommand } from './types.js';
import { allowLargeArg, checkWork } from './work.js';

const args = defineArgs({
  model: modelArg(),
  ...planArgs.fields,
  checkpointInterval: time('compute between checkpoints').otherwise("Young's optimum sqrt(2 x write time x MTBF)"),
  spares: sparesArg(),
  restart: time('relaunching the job once it has its GPUs', { zero: true })
    .or(DEFAULT_RESTART_S as Seconds)
    .otherwise('5min'),
  storageBandwidth: rate('checkpoint storage bandwidth').otherwise('the scenario dcn.storageBandwidth, else 2 TB/s'),
  tokens: number('tokens to train, e.g. 15.6e12: reports days to train', { above: 0, max: 1e18, valueName: 'tokens' }).otherwise('none: 30 days of compute'),
  seed: count('seed of the Monte-Carlo runs', { min: 0, max: 2 ** 32 - 1 }).or(1),
  runs: count('Monte-Carlo runs of the whole job', { max: 100_000 }).or(DEFAULT_RUNS),
  allowLarge: allowLargeArg(),
});

/** Failures the Monte-Carlo simulates, all runs together: five million take a few seconds; 2e8 is where patience ends. */
const FAILURES_LIMIT = 5e6;
const FAILURES_HARD_LIMIT = 2e8;

export const resilienceCommand = defineCommand({
  id: 'resilience',
  description:
    'a training job under failures: interruptions per day, blast radius per component, checkpoint cost and interval, goodput (expected and Monte-Carlo), time to train',
  source: 'resilience/resilience.ts',
  args,
  workLimit: `${FAILURES_LIMIT.toLocaleString('en-US')} failures over all Monte-Carlo runs (runs x the failures each meets before its work is done) unless allowLarge, ${FAILURES_HARD_LIMIT.toLocaleString('en-US')} at most; and the training step's pipeline steps, as train`,
  systemOptions: ['straggler'],
  run(system, a, context): ResilienceReport {
    const { model: ref, checkpointInterval, spares, restart, storageBandwidth, tokens, seed, runs, allowLarge, ...plan } = a;
    checkWork({ field: 'gbs', amount: pipelineSteps(system, plan), unit: 'pipeline steps', limit: STEPS_LIMIT, hardLimit: STEPS_HARD_LIMIT }, allowLarge);
    return resilience(system, resolveModel(ref, context.readText), plan, {
      ...(checkpointInterval === undefined ? {} : { checkpointIntervalS: checkpointInterval }),
      spareGpus: spares,
      restartS: restart,
      ...(storageBandwidth === undefined ? {} : { storageBandwidth }),
      ...(tokens === undefined ? {} : { tokens }),
      seed,
      runs,
      beforeMonteCarlo: (failures) =>
        checkWork(
          {
            field: tokens === undefined ? 'runs' : 'tokens',
            amount: failures,
            unit: 'failures over the Monte-Carlo runs',
            limit: FAILURES_LIMIT,
            hardLimit: FAILURES_HARD_LIMIT,
          },
          allowLarge,
        ),
    });
  },
  metrics: declareMetrics({
    gpusPerOs: 'GPUs one OS image sees',
    interruptionsPerDay: 'failures a day that stop the job',
    mtbfHours: 'mean time between interruptions, h',
    gpuBlastRadius: 'GPUs a GPU, HBM or host failure takes out of service',
    maxBlastRadius: 'GPUs the largest single failure takes out of service',
    checkpointWriteS: 'time to write one checkpoint, s',
    checkpointRestoreS: 'time to load it back, s',
    checkpointIntervalS: 'compute between checkpoints, s',
    goodput: 'expected useful compute over wall time',
    goodputP5: 'Monte-Carlo 5th percentile of goodput',
    goodputP95: 'Monte-Carlo 95th percentile of goodput',
    waitProbability: 'share of failures that wait for a repair (too few spares)',
    effectiveTokensPerSecPerGpu: 'trained tokens per second per GPU with failures and checkpoints',
    daysToTrain: 'expected days to train args.tokens (0 without a token target)',
  }),
  metricsOf(r) {
    return {
      gpusPerOs: r.gpusPerOs,
      interruptionsPerDay: r.interruptionsPerDay,
      mtbfHours: r.mtbfHours,
      gpuBlastRadius: r.blastRadiusGpus.gpu ?? 0,
      maxBlastRadius: Math.max(...Object.values(r.blastRadiusGpus)),
      checkpointWriteS: r.checkpoint.writeS,
      checkpointRestoreS: r.checkpoint.restoreS,
      checkpointIntervalS: r.checkpoint.intervalS,
      goodput: r.goodput,
      goodputP5: r.monteCarlo.goodput.p5,
      goodputP95: r.monteCarlo.goodput.p95,
      waitProbability: r.expected.waitProbability,
      effectiveTokensPerSecPerGpu: r.tokensPerSecPerGpu * r.goodput,
      daysToTrain: r.daysToTrain ?? 0,
    };
  },
});
