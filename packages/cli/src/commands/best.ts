/** `supernode best <results> --by <axis> --metric <m>`: the best point per value of an axis, the gain step to step, the knee. */

import { bestPerGroup, excerpt, knee, type SweepSpec } from '@supernode/core';
import { UsageError } from '../errors.js';
import { heading, num, table } from '../report/table.js';
import { ResultsStore } from '../sweep/store.js';

export interface BestCommandOptions {
  readonly by: string;
  readonly metric: string;
  readonly minimize?: boolean;
  /** Further columns to show beside the metric. */
  readonly show?: string;
  /** A step improving by less than this share ends the climb (default 0.1). */
  readonly threshold?: string;
  readonly all?: boolean;
  readonly json?: boolean;
}

export async function runBest(file: string, o: BestCommandOptions): Promise<string> {
  const store = await ResultsStore.read(file);
  try {
    const columns = await store.columnNames();
    const show = (o.show ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const [flag, name] of [['--by', o.by], ['--metric', o.metric], ...show.map((s) => ['--show', s])] as [string, string][]) {
      if (!columns.includes(name)) throw new UsageError(`option ${flag}: ${excerpt(name)} is not a column of ${file}; it has ${columns.join(', ')}`);
    }
    const threshold = o.threshold === undefined ? 0.1 : Number(o.threshold);
    if (!(threshold >= 0 && threshold < 10))
      throw new UsageError(`option --threshold: expected a share such as 0.1 (10%), received ${excerpt(o.threshold ?? '')}`);
    const spec = JSON.parse((await store.meta()).spec ?? '{}') as Partial<SweepSpec>;
    const goal = o.minimize ? 'min' : (spec.objectives?.find((ob) => ob.metric === o.metric)?.goal ?? 'max');
    const rows = await store.rows(o.all ? "status = 'ok'" : "status = 'ok' AND feasible");
    const best = bestPerGroup(rows, o.by, o.metric, goal);
    const { gains, kneeIndex } = knee(
      best.map((r) => Number(r[o.metric])),
      goal,
      threshold,
    );
    const kneeAt = best[kneeIndex]?.[o.by];
    if (o.json) return JSON.stringify({ by: o.by, metric: o.metric, goal, threshold, knee: kneeAt ?? null, best }, null, 2);
    const cell = (v: unknown) => (typeof v === 'number' ? num(v) : v === null || v === undefined ? '-' : String(v));
    return [
      heading(`best ${o.metric} (${goal}) per ${o.by} in ${file}`),
      table(
        [o.by, o.metric, 'vs previous', ...show],
        best.map((r, i) => [
          cell(r[o.by]),
          cell(r[o.metric]),
          i === 0 ? '-' : `${((gains[i - 1] as number) * 100).toFixed(1)}%`,
          ...show.map((s) => cell(r[s])),
        ]),
      ),
      best.length > 1
        ? `knee: ${o.by} = ${cell(kneeAt)} (${kneeIndex === best.length - 1 ? 'every step up to the last paid' : `no step past it improves ${o.metric} by ${(threshold * 100).toFixed(0)}% or more`})`
        : '',
    ]
      .filter(Boolean)
      .join('\n');
  } finally {
    store.close();
  }
}
