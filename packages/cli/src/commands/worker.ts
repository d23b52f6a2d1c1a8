/** `supernode worker --queue redis://...`: runs sweep batches from the shared queue until stopped (or idle, if asked). */

import { PointEvaluator, type PointResult } from '@supernode/core';
import { userFiles } from '../read-text.js';
import { connect, encodeResults, QUEUE_NAME, resultsKey, type SweepJob } from '../sweep/queue.js';

export interface WorkerCommandOptions {
  readonly queue: string;
  /** How long a job's lock lasts; a dead worker's job goes back to the queue this long after it stopped renewing it. */
  readonly lockMs?: number;
  /** Stop after this many seconds without a job (for batch machines); default: run until SIGINT or SIGTERM. */
  readonly idleExitS?: number;
  readonly verbose?: boolean;
}

const DEFAULT_LOCK_MS = 30_000;

export async function runWorker(o: WorkerCommandOptions, err: (line: string) => void): Promise<string> {
  const redis = await connect(o.queue);
  const { Worker } = await import('bullmq');
  const evaluators = new Map<string, PointEvaluator>();
  let jobs = 0;
  let points = 0;
  let lastJob = Date.now();
  const lockMs = o.lockMs ?? DEFAULT_LOCK_MS;
  const worker = new Worker<SweepJob>(
    QUEUE_NAME,
    async (job) => {
      const { fingerprint, spec, systemInput } = job.data;
      if (o.verbose) err(`worker: job ${job.id} start (${job.data.points.length} points)`);
      let evaluator = evaluators.get(fingerprint);
      if (!evaluator) {
        if (evaluators.size >= 16) evaluators.clear();
        evaluator = new PointEvaluator(spec, systemInput, userFiles);
        evaluators.set(fingerprint, evaluator);
      }
      const results: PointResult[] = [];
      let slice = performance.now();
      for (const point of job.data.points) {
        results.push(evaluator.evaluate(point));
        // Let the lock renewal run between points, so a long batch is not taken for a dead one.
        if (performance.now() - slice > 20) {
          await new Promise((resolve) => setImmediate(resolve));
          slice = performance.now();
        }
      }
      await redis.rpush(resultsKey(fingerprint), encodeResults(results));
      jobs += 1;
      points += results.length;
      lastJob = Date.now();
      if (o.verbose) err(`worker: job ${job.id} done`);
    },
    { connection: redis, concurrency: 1, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 10 },
  );
  worker.on('error', () => {});
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (o.idleExitS !== undefined) {
      const timer = setInterval(() => {
        if (Date.now() - lastJob > (o.idleExitS as number) * 1000) {
          clearInterval(timer);
          resolve();
        }
      }, 200);
    }
  });
  await worker.close();
  redis.disconnect();
  return `worker: ${jobs} jobs, ${points} points`;
}
