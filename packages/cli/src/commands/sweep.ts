/** `supernode sweep <spec>`: every point of a spec run on a worker pool into a resumable DuckDB results file. */

import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import {
  type Axis1D,
  checkSweep,
  expandPoints,
  metricsOf,
  type PointResult,
  parseSweepSpec,
  readScenarioInput,
  type SweepPoint,
  type SweepSpec,
  systemPresets,
} from '@supernode/core';
import { UsageError } from '../errors.js';
import { relativeTo } from '../load-system.js';
import { checkOutputFile } from '../output-file.js';
import { readTextFile } from '../read-text.js';
import { heading, num, table } from '../report/table.js';
import { runDistributed } from '../sweep/collect.js';
import { batchSize, createRunner, defaultWorkers } from '../sweep/pool.js';
import { createProgress } from '../sweep/progress.js';
import { columnsFor, ResultsStore } from '../sweep/store.js';
import { type LoadedSweep, type SweepSummary, summarize } from '../sweep/types.js';

export interface SweepCommandOptions {
  readonly out?: string;
  readonly workers?: number;
  readonly csv?: string;
  readonly parquet?: string;
  readonly json?: boolean;
  /** redis:// URL: enqueue the points for `supernode worker` processes and collect their results here. */
  readonly queue?: string;
}

export function loadSweep(file: string): LoadedSweep {
  const spec = parseSweepSpec(readTextFile(file, 'sweep spec'), file);
  const systemInput = systemPresets.has(spec.system)
    ? (systemPresets.get(spec.system).input as Record<string, unknown>)
    : readScenarioInput(readTextFile(resolve(dirname(file), spec.system), 'scenario'), spec.system, relativeTo(resolve(dirname(file), spec.system)));
  const command = checkSweep(spec, systemInput);
  const points = expandPoints(spec);
  const { name: _name, objectives: _objectives, ...identity } = spec;
  const fingerprint = createHash('sha256').update(JSON.stringify({ identity, systemInput })).digest('hex').slice(0, 32);
  const axes: Axis1D[] = spec.axes.flatMap((a) => ('zip' in a ? a.zip : [a]));
  return { spec, systemInput, points, fingerprint, columns: columnsFor(axes, metricsOf(command)) };
}

export async function runSweep(file: string, o: SweepCommandOptions, err: (line: string) => void): Promise<string> {
  const sweep = loadSweep(file);
  const out = o.out ?? `${sweep.spec.name}.duckdb`;
  // Every file the sweep writes, checked before any point runs: a long sweep never ends in a write that cannot happen.
  checkOutputFile(out, o.out === undefined ? `--out (default ${out}, from the spec's name)` : '--out');
  checkOutputFile(o.csv, '--csv');
  checkOutputFile(o.parquet, '--parquet');
  const workers = o.workers ?? defaultWorkers();
  const store = await ResultsStore.open(out, sweep.fingerprint, sweep.columns, { spec: JSON.stringify(sweep.spec) });
  try {
    const summary = o.queue === undefined ? await runPoints(sweep, store, workers, err) : await runDistributed(sweep, store, o.queue, err);
    if (o.csv) await store.export(o.csv, 'csv');
    if (o.parquet) await store.export(o.parquet, 'parquet');
    const best = await bestRows(store, sweep.spec);
    if (o.json) return JSON.stringify({ ...summary, best }, null, 2);
    return render(sweep.spec, summary, best);
  } finally {
    store.close();
  }
}

/** Runs the points the store lacks, batch by batch, committing each batch as it returns. */
async function runPoints(sweep: LoadedSweep, store: ResultsStore, workers: number, err: (line: string) => void): Promise<SweepSummary> {
  const finished = await store.finishedKeys();
  const todo = sweep.points.filter((p) => !finished.has(p.key));
  const skipped = sweep.points.length - todo.length;
  const started = performance.now();
  const progress = createProgress(sweep.points.length, skipped, err, Boolean(process.stderr.isTTY));
  const runner = await createRunner(sweep.spec, sweep.systemInput, Math.max(1, Math.min(workers, todo.length)));
  let done = skipped;
  let failed = 0;
  let writes = Promise.resolve();
  const size = batchSize(todo.length, runner.workers);
  const batches: SweepPoint[][] = [];
  for (let i = 0; i < todo.length; i += size) batches.push(todo.slice(i, i + size));
  try {
    await Promise.all(
      batches.map((batch) =>
        runner.run(batch).then((results: PointResult[]) => {
          writes = writes.then(async () => {
            await store.append(results);
            done += results.length;
            failed += results.filter((r) => r.status === 'failed').length;
            progress.update(done);
          });
          return writes;
        }),
      ),
    );
    await writes;
  } finally {
    progress.stop();
    await runner.close();
  }
  return summarize(sweep, store, { completed: todo.length, failed, workers: runner.workers, startedMs: started });
}

/** The feasible points ranked by the first objective (best first), ten at most. */
async function bestRows(store: ResultsStore, spec: SweepSpec): Promise<Record<string, unknown>[]> {
  const first = spec.objectives[0];
  const rows = await store.rows("status = 'ok' AND feasible");
  if (!first) return rows.slice(0, 10);
  const value = (r: Record<string, unknown>) => Number(r[first.metric]);
  return rows
    .filter((r) => Number.isFinite(value(r)))
    .sort((a, b) => (first.goal === 'max' ? value(b) - value(a) : value(a) - value(b)) || Number(a.idx) - Number(b.idx))
    .slice(0, 10);
}

function render(spec: SweepSpec, s: SweepSummary, best: readonly Record<string, unknown>[]): string {
  const axes = spec.axes.flatMap((a) => ('zip' in a ? a.zip : [a])).map((a) => a.path);
  const metrics = [...new Set([...spec.objectives.map((o) => o.metric), ...spec.constraints.map((c) => c.metric).filter((m) => m !== 'feasible')])];
  const cell = (v: unknown) => (typeof v === 'number' ? num(v) : v === null || v === undefined ? '-' : String(v));
  const out = [
    heading(`sweep ${spec.name}: ${spec.command} over ${s.points} points`),
    `${s.completed} run now (${s.failed} failed), ${s.skipped} already in ${s.outFile}; ${s.feasible} feasible; ` +
      `${num(s.pointsPerSec)} points/s on ${s.workers} worker${s.workers === 1 ? '' : 's'}`,
  ];
  if (best.length > 0) {
    const title = spec.objectives[0] ? `best by ${spec.objectives[0].metric} (${spec.objectives[0].goal})` : 'first feasible points';
    out.push(
      title,
      table(
        [...axes, ...metrics],
        best.map((r) => [...axes.map((a) => cell(r[a] ?? r[a.split('.').pop() as string])), ...metrics.map((m) => cell(r[m]))]),
      ),
    );
  }
  if (spec.objectives.length >= 2) {
    const [x, y] = spec.objectives as [(typeof spec.objectives)[0], (typeof spec.objectives)[0]];
    out.push(
      `front: supernode pareto ${s.outFile} --x ${x.metric} --y ${y.metric}${x.goal === 'min' ? ` --minimize ${x.metric}` : ''}${y.goal === 'min' ? ` --minimize ${y.metric}` : ''}`,
    );
  }
  if (s.points === 0) throw new UsageError('the spec names no points');
  return out.join('\n');
}
