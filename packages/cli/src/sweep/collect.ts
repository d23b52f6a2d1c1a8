/** The collector of a distributed sweep: enqueues the points the store lacks and writes the workers' results as they come. */

import { UsageError } from '../errors.js';
import { batchSize } from './pool.js';
import { createProgress } from './progress.js';
import { connect, decodeResults, QUEUE_NAME, resultsKey, type SweepJob } from './queue.js';
import type { ResultsStore } from './store.js';
import { type LoadedSweep, type SweepSummary, summarize } from './types.js';

/** How long the collector waits without a result before it reminds the user to start workers. */
const NO_WORKER_HINT_MS = 10_000;

export async function runDistributed(sweep: LoadedSweep, store: ResultsStore, url: string, err: (line: string) => void): Promise<SweepSummary> {
  const redis = await connect(url);
  const { Queue } = await import('bullmq');
  const queue = new Queue<SweepJob>(QUEUE_NAME, { connection: redis });
  const started = performance.now();
  try {
    const stored = await store.finishedKeys();
    const wanted = new Set(sweep.points.map((p) => p.key));
    const todo = sweep.points.filter((p) => !stored.has(p.key));
    const skipped = sweep.points.length - todo.length;
    // Batches named by their first and last point: enqueueing again (a rerun while jobs wait) adds nothing twice.
    const size = batchSize(todo.length, 16);
    const jobs = [];
    for (let i = 0; i < todo.length; i += size) {
      const points = todo.slice(i, i + size);
      jobs.push({
        name: 'points',
        data: { fingerprint: sweep.fingerprint, spec: sweep.spec, systemInput: sweep.systemInput, points },
        opts: { jobId: `${sweep.fingerprint}-${points[0]?.index}-${points.at(-1)?.index}`, removeOnComplete: true, attempts: 3 },
      });
    }
    if (jobs.length > 0) await queue.addBulk(jobs);
    const progress = createProgress(sweep.points.length, skipped, err, Boolean(process.stderr.isTTY));
    const key = resultsKey(sweep.fingerprint);
    let landed = sweep.points.length - todo.length;
    let failed = 0;
    let lastResult = Date.now();
    let hinted = false;
    while (landed < sweep.points.length) {
      const items = await redis.lrange(key, 0, 63);
      if (items.length === 0) {
        if (!hinted && Date.now() - lastResult > NO_WORKER_HINT_MS) {
          err(`sweep: waiting for workers; start some with: supernode worker --queue ${url}`);
          hinted = true;
        }
        await checkFailed(queue, sweep.fingerprint);
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      // A batch that ran twice (its first worker died after pushing) lands once: the store keeps one row per key.
      const fresh = items.flatMap(decodeResults).filter((r) => wanted.has(r.key) && !stored.has(r.key));
      const unique = [...new Map(fresh.map((r) => [r.key, r])).values()];
      await store.append(unique);
      for (const r of unique) stored.add(r.key);
      await redis.ltrim(key, items.length, -1);
      landed += unique.length;
      failed += unique.filter((r) => r.status === 'failed').length;
      lastResult = Date.now();
      progress.update(landed);
    }
    progress.stop();
    await redis.del(key);
    return summarize(sweep, store, { completed: todo.length, failed, workers: 0, startedMs: started });
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** A job of this sweep that failed every attempt stops the collector with its reason (its points would never land). */
async function checkFailed(queue: { getFailed(): Promise<{ data: SweepJob; failedReason: string; id?: string }[]> }, fingerprint: string): Promise<void> {
  const failed = (await queue.getFailed()).find((j) => j.data.fingerprint === fingerprint);
  if (failed) throw new UsageError(`sweep: job ${failed.id} failed on every attempt: ${failed.failedReason}`);
}
