/** What a sweep run hands between its parts: the loaded spec and the summary it prints. */

import type { SweepPoint, SweepSpec } from '@supernode/core';
import type { Column } from './store.js';

/** A spec file ready to run: parsed, its base system read, checked, its points listed. */
export interface LoadedSweep {
  readonly spec: SweepSpec;
  readonly systemInput: Record<string, unknown>;
  readonly points: readonly SweepPoint[];
  /** Identity of the sweep's results: what a results file must have been written for to be resumed. */
  readonly fingerprint: string;
  readonly columns: readonly Column[];
}

export interface SweepSummary {
  readonly points: number;
  readonly completed: number;
  readonly skipped: number;
  readonly failed: number;
  readonly feasible: number;
  readonly outFile: string;
  readonly workers: number;
  readonly seconds: number;
  readonly pointsPerSec: number;
}
