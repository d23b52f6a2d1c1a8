/** The validation run: every dev.json case it can express, predicted against published, and why the rest were skipped. */

import type { Fidelity } from '../comm/run.js';
import { validateCollectiveCase } from './run-collective.js';
import { validateTrainingCase } from './run-training.js';
import { type DevCase, median, type ValidatedKind, type ValidationReport, type ValidationRow } from './types.js';

export interface ValidateOptions {
  readonly fidelity?: Fidelity;
  /** Only cases whose id contains this text. */
  readonly filter?: string;
}

const NOT_YET: Readonly<Record<string, string>> = {
  inference: 'serving is not modelled yet (the inference capability will express these cases)',
  spec: 'a hardware fact that presets cite as input, not a prediction',
};

export function validate(cases: readonly DevCase[], options: ValidateOptions = {}): ValidationReport {
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
    if (c.kind !== 'collective') {
      skipped.push({ id: c.id, reason: NOT_YET[c.kind] ?? `unknown kind '${c.kind}'` });
      continue;
    }
    const outcome = validateCollectiveCase(c, options.fidelity ?? 'flow');
    if ('skip' in outcome) skipped.push({ id: c.id, reason: outcome.skip });
    else rows.push(...outcome.rows);
  }
  const abs = (kind: ValidatedKind) => median(rows.filter((r) => r.kind === kind).map((r) => Math.abs(r.errorPct)));
  return {
    cases: rows,
    skipped,
    medianAbsErrorPct: { collective: abs('collective'), training: abs('training'), inference: abs('inference') },
    medianAbsErrorPctLargeCollective: median(rows.filter((r) => r.kind === 'collective' && r.largeMessage).map((r) => Math.abs(r.errorPct))),
  };
}
