/** Runs the dev.json training cases as their expressions say and compares TFLOP/s per GPU with the published figure. */

import type { Fidelity } from '../comm/run.js';
import { models } from '../models/registry.js';
import { systemPresets } from '../presets/registry.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem } from '../system/system.js';
import { train } from '../training/train.js';
import { expressTrainingCase } from './training-cases.js';
import { type DevCase, publishedNumber, type ValidationRow } from './types.js';

export function validateTrainingCase(c: DevCase, fidelity: Fidelity): { row: ValidationRow } | { skip: string } {
  const expression = expressTrainingCase(c);
  if (typeof expression === 'string') return { skip: expression };
  const published = publishedNumber(c.value);
  if (published === undefined) return { skip: 'no numeric published value to compare' };
  if (!models.has(expression.model)) return { skip: `no model preset '${expression.model}'` };
  const system = buildSystem(systemSchema.parse(systemPresets.get(expression.preset).input), { gpus: expression.gpus });
  const report = train(system, models.get(expression.model), expression.plan, { fidelity, allowOom: true });
  const predicted = expression.metric === 'hardware' ? report.hardwareTflopsPerGpu : report.modelTflopsPerGpu;
  return {
    row: {
      id: c.id,
      kind: 'training',
      predicted,
      published,
      unit: 'TFLOP/s',
      errorPct: ((predicted - published) / published) * 100,
      setup: `${expression.setup}${report.fits ? '' : ' (does not fit)'}`,
      unverified: Object.keys(c).some((k) => k.startsWith('unverified')),
      largeMessage: false,
    },
  };
}
