/** The validation run: every cases.json case it can express, predicted against published, and why the rest were skipped. */

import type { Fidelity } from '../comm/run.js';
import { validateCollectiveCase } from './run-collective.js';
import { validateInferenceCase } from './run-inference.js';
import { validateKernelCase } from './run-kernel.js';
import { validateReliabilityCase } from './run-reliability.js';
import { validateTrainingCase } from './run-training.js';
import { median, type PublishedCase, type ValidatedKind, type ValidationReport, type ValidationRow } from './types.js';

export interface ValidateOptions {
  readonly fidelity?: Fidelity;
  /** Only cases whose id contains this text. */
  readonly filter?: string;
}

const NOT_YET: Readonly<Record<string, string>> = {
  spec: 'a hardware fact that presets cite as input, not a prediction',
};

export function validate(cases: readonly PublishedCase[], options: ValidateOptions = {}): ValidationReport {
  const rows: ValidationRow[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const c of cases) {
    if (options.filter !== undefined && !c.id.includes(options.filter)) continue;
    if (c.kind === 'training') {
      const outcome = validateTrainingCase(c, options.fidelity ?? 'flow');
      if ('skip' in outcome) skipped.push({ id: c.id, reason: outcome.skip });
      else rows.push(outcome.row);
      continue;
    }
    if (c.kind === 'inference') {
      const outcome = validateInferenceCase(c, options.fidelity ?? 'flow');
      if ('skip' in outcome) skipped.push({ id: c.id, reason: outcome.skip });
      else rows.push(...outcome.rows);
      continue;
    }
    if (c.kind === 'kernel') {
      const outcome = validateKernelCase(c);
      if ('skip' in outcome) skipped.push({ id: c.id, reason: outcome.skip });
      else rows.push(outcome.row);
      continue;
    }
    if (c.kind === 'reliability') {
      const outcome = validateReliabilityCase(c);
      if ('skip' in outcome) skipped.push({ id: c.id, reason: outcome.skip });
      else rows.push(...outcome.rows);
      continue;
    }
    if (c.kind !== 'collective') {
      skipped.push({ id: c.id, reason: NOT_YET[c.kind] ?? `unknown kind '${c.kind}'` });
      continue;
    }
    const outcome = validateCollectiveCase(c, options.fidelity ?? 'flow');
    if ('skip' in outcome) skipped.push({ id: c.id, reason: outcome.skip });
    else rows.push(...outcome.rows);
  }
  const medians = (of: readonly ValidationRow[]) => {
    const abs = (kind: ValidatedKind) => median(of.filter((r) => r.kind === kind).map((r) => Math.abs(r.errorPct)));
    return { collective: abs('collective'), training: abs('training'), inference: abs('inference'), reliability: abs('reliability'), kernel: abs('kernel') };
  };
  return {
    cases: rows,
    skipped,
    medianAbsErrorPct: medians(rows),
    medianAbsErrorPctBySet: { dev: medians(rows.filter((r) => r.set === 'dev')), holdout: medians(rows.filter((r) => r.set === 'holdout')) },
    medianAbsErrorPctLargeCollective: median(rows.filter((r) => r.kind === 'collective' && r.largeMessage).map((r) => Math.abs(r.errorPct))),
  };
}
