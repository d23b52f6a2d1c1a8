/** Runs the cases.json training cases as their expressions say and compares TFLOP/s per GPU, or GPU-hours, with the published figure. */

import { deepMerge } from '../base/merge.js';
import type { Fidelity } from '../comm/run.js';
import { models } from '../models/registry.js';
import { systemPresets } from '../presets/registry.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem } from '../system/system.js';
import { type TrainReport, train } from '../training/train.js';
import { expressTrainingCase } from './training-cases.js';
import type { TrainingExpression } from './training-expression.js';
import { caseSet, isUnverified, type PublishedCase, publishedNumber, type ValidationRow } from './types.js';

export function validateTrainingCase(c: PublishedCase, fidelity: Fidelity): { row: ValidationRow } | { skip: string } {
  const expression = expressTrainingCase(c);
  if (typeof expression === 'string') return { skip: expression };
  const published = publishedNumber(c.value);
  if (published === undefined) return { skip: 'no numeric published value to compare' };
  if (!models.has(expression.model)) return { skip: `no model preset '${expression.model}'` };
  const spec = deepMerge(systemPresets.get(expression.preset).input, expression.overrides ?? {});
  const system = buildSystem(systemSchema.parse(spec), { gpus: expression.gpus, job: expression.job === true });
  const model = models.get(expression.model);
  const report = train(system, model, expression.plan, { fidelity, allowOom: true });
  const predicted =
    expression.metric === 'gpu-hours'
      ? gpuHours(expression, report, (gbs) => train(system, model, { ...expression.plan, gbs }, { fidelity, allowOom: true }))
      : expression.metric === 'hardware'
        ? report.hardwareTflopsPerGpu
        : expression.metric === 'tokens'
          ? report.tokensPerSecPerGpu
          : report.modelTflopsPerGpu;
  return {
    row: {
      id: c.id,
      kind: 'training',
      predicted,
      published,
      unit: expression.metric === 'gpu-hours' ? 'GPU-hours' : expression.metric === 'tokens' ? 'tokens/s' : 'TFLOP/s',
      errorPct: ((predicted - published) / published) * 100,
      setup: `${expression.setup}${report.fits ? '' : ' (does not fit)'}`,
      unverified: isUnverified(c),
      set: caseSet(c),
      largeMessage: false,
    },
  };
}

/**
 * GPU-hours to train the expression's tokens: tokens / (tokens per second per GPU) / 3600 at the plan's batch, and
 * through a batch ramp, linear in tokens, in steps of 2 x mbs x DP sequences (even micro-batch counts), each step
 * covering an equal share of the ramp's tokens at its own throughput.
 * Example: 1T tokens at 1,543 tokens/s per GPU = 180,000 GPU-hours.
 */
function gpuHours(expression: TrainingExpression, steady: TrainReport, at: (gbs: number) => TrainReport): number {
  const hours = (tokens: number, r: TrainReport) => tokens / r.tokensPerSecPerGpu / 3600;
  const total = expression.tokens ?? 1e12;
  const ramp = expression.batchRamp;
  if (ramp === undefined) return hours(total, steady);
  const step = 2 * steady.plan.mbs * steady.plan.dp;
  const steps = Math.max(1, Math.round((steady.plan.gbs - ramp.fromGbs) / step));
  let sum = hours(total - ramp.tokens, steady);
  for (let i = 0; i < steps; i++) sum += hours(ramp.tokens / steps, at(ramp.fromGbs + i * step));
  return sum;
}
