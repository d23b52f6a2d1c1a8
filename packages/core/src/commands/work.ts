/** Work limits: what a run would simulate, estimated before anything is allocated, refused past a limit unless `allowLarge`, and never past a hard limit. */

import { flag } from '../args/index.js';
import { WorkLimitError } from '../base/errors.js';

/** The argument every command with a work limit takes: go on past the limit (up to the hard limit). */
export const allowLargeArg = () => flag('run past the work a run takes by default (a long run); never past the hard limit').or(false);

export interface WorkEstimate {
  /** The argument that sizes the work, named in the refusal. */
  readonly field: string;
  readonly amount: number;
  /** What is counted: `requests`, `flows`, `pipeline steps`. */
  readonly unit: string;
  /** The most a run does unless allowLarge. */
  readonly limit: number;
  /** The most a run does at all: memory, not patience, bounds it. */
  readonly hardLimit: number;
}

/** Throws a WorkLimitError past the limit (unless allowed) or past the hard limit (always). */
export function checkWork(estimate: WorkEstimate, allowLarge: boolean): void {
  const { field, amount, unit, limit, hardLimit } = estimate;
  if (!(amount <= hardLimit)) throw new WorkLimitError(field, amount, unit, hardLimit, true);
  if (amount > limit && !allowLarge) throw new WorkLimitError(field, amount, unit, limit, false);
}
