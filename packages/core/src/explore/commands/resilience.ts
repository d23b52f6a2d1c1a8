/** Sweep command `resilience`: a training job under failures on the point's system: interruptions, blast radius, checkpoints, goodput. */

import { z } from 'zod';
import { models } from '../../models/registry.js';
import { resilience } from '../../resilience/resilience.js';
import type { PlanInput } from '../../training/plan.js';
import { planFields } from './train.js';
import { declareMetrics, type SweepCommand } from './types.js';

const args = z.strictObject({
  model: z.string(),
  ...planFields,
  checkpointIntervalS: z.number().positive().optional(),
  spares: z.number().int().nonnegative().optional(),
  restartS: z.number().nonnegative().optional(),
  tokens: z.number().positive().optional(),
  seed: z.number().int().nonnegative().optional(),
  runs: z.number().int().positive().max(100_000).optional(),
});

export const resilienceCommand: SweepCommand = {
  id: 'resilience',
  description: 'a training job under failures: interruptions per day, blast radius, checkpoint cost and interval, goodput (expected and Monte-Carlo)',
  source: 'resilience/resilience.ts',
  args,
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
  evaluate(system, raw) {
    const { model, checkpointIntervalS, spares, restartS, tokens, seed, runs, ...plan } = args.parse(raw);
    const r = resilience(system, models.get(model), plan as PlanInput, {
      ...(checkpointIntervalS === undefined ? {} : { checkpointIntervalS }),
      ...(spares === undefined ? {} : { spareGpus: spares }),
      ...(restartS === undefined ? {} : { restartS }),
      ...(tokens === undefined ? {} : { tokens }),
      ...(seed === undefined ? {} : { seed }),
      runs: runs ?? 50,
    });
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
};
