/** Where a sweep's points run: worker threads (one per core by default), or this thread when one worker is asked for. */

import { availableParallelism } from 'node:os';
import { PointEvaluator, type PointResult, type SweepPoint, type SweepSpec } from '@supernode/core';
import { userFiles } from '../read-text.js';

export interface PointRunner {
  /** Evaluates a batch; batches may finish in any order. */
  run(points: readonly SweepPoint[]): Promise<PointResult[]>;
  readonly workers: number;
  close(): Promise<void>;
}

export const defaultWorkers = (): number => availableParallelism();

/** Points per batch: enough batches to keep every worker busy to the end, none so large a commit waits long. */
export const batchSize = (points: number, workers: number): number => Math.max(1, Math.min(64, Math.ceil(points / (workers * 8))));

/**
 * The worker module of sweep/: the TypeScript source under tsx, the built file otherwise. Named from the parent
 * folder, so the path holds from dist/sweep/ and from the launcher's bundle in dist/bundle/ alike.
 */
const workerFile = (): string => new URL(import.meta.url.endsWith('.ts') ? '../sweep/worker.ts' : '../sweep/worker.js', import.meta.url).href;

export async function createRunner(spec: SweepSpec, systemInput: Record<string, unknown>, workers: number): Promise<PointRunner> {
  if (workers <= 1) {
    const evaluator = new PointEvaluator(spec, systemInput, userFiles);
    return {
      workers: 1,
      // Yield between batches so progress, signals and the store's commits interleave with the work.
      run: async (points) => {
        await new Promise((resolve) => setImmediate(resolve));
        return points.map((p) => evaluator.evaluate(p));
      },
      close: async () => {},
    };
  }
  const { Piscina } = await import('piscina');
  const pool = new Piscina({ filename: workerFile(), workerData: { spec, systemInput }, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  return {
    workers,
    run: (points) => pool.run(points) as Promise<PointResult[]>,
    close: () => pool.destroy(),
  };
}
