/** What a sweep run hands between its parts: the loaded spec and the summary it prints. */

import type { SweepPoint, SweepSpec } from '@supernode/core';
import type { Column, ResultsStore } from './store.js';

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

/** The summary of a run that evaluated `completed` points (the rest skipped) on `workers` workers since `startedMs`. */
export async function summarize(
  sweep: LoadedSweep,
  store: ResultsStore,
  run: { completed: number; failed: number; workers: number; startedMs: number },
): Promise<SweepSummary> {
  const seconds = (performance.now() - run.startedMs) / 1000;
  return {
    points: sweep.points.length,
    completed: run.completed,
    skipped: sweep.points.length - run.completed,
    failed: run.failed,
    feasible: await store.count('feasible'),
    outFile: store.file,
    workers: run.workers,
    seconds,
    pointsPerSec: seconds > 0 ? run.completed / seconds : 0,
  };
}
