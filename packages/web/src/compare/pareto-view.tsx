/** Sweep results as an interactive Pareto plot: pick the axes and their goals, hover a point for its design, the front drawn over all points. */

import { useEffect, useMemo, useState } from 'react';
import { PlotView } from '../ui/plot-view.js';
import { front2d, numericColumns, readSweepFile, type SweepRow } from './sweep-table.js';

/** Results a sweep in the page produced: its rows, and the spec's objectives, which the plot opens on. */
export interface SweepResults {
  readonly name: string;
  readonly rows: readonly SweepRow[];
  readonly objectives: readonly { readonly metric: string; readonly goal: 'min' | 'max' }[];
}

export function ParetoView({ results }: { readonly results?: SweepResults }) {
  const [rows, setRows] = useState<readonly SweepRow[]>();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [x, setX] = useState('');
  const [y, setY] = useState('');
  const [xGoal, setXGoal] = useState<'min' | 'max'>('min');
  const [yGoal, setYGoal] = useState<'min' | 'max'>('max');
  const [feasibleOnly, setFeasibleOnly] = useState(true);
  // A sweep run in the page opens on its spec's objectives (the first two; one objective against the first other metric).
  useEffect(() => {
    if (!results) return;
    const cols = numericColumns(results.rows);
    const [first, second] = results.objectives;
    const other = cols.find((c) => c !== first?.metric && c !== 'idx') ?? '';
    setRows(results.rows);
    setName(results.name);
    setError(undefined);
    setX(first?.metric ?? cols[0] ?? '');
    setXGoal(first?.goal ?? 'min');
    setY(second?.metric ?? other);
    setYGoal(second?.goal ?? 'max');
  }, [results]);
  const columns = useMemo(() => (rows ? numericColumns(rows) : []), [rows]);
  const shown = useMemo(() => (rows ?? []).filter((r) => !feasibleOnly || r.feasible !== false), [rows, feasibleOnly]);
  const front = useMemo(() => (x && y ? front2d(shown, x, y, xGoal, yGoal) : []), [shown, x, y, xGoal, yGoal]);
  const label = (r: SweepRow) =>
    Object.entries(r)
      .filter(([k]) => k !== x && k !== y)
      .slice(0, 8)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
  return (
    <section aria-label="sweep results" className="pareto">
      <h2>Sweep results</h2>
      <p className="hint">
        A sweep run above, or what <code>supernode sweep</code> wrote: <code>--parquet</code>, <code>--csv</code>, or <code>supernode pareto --json</code>.
      </p>
      <label className="block" htmlFor="sweep-file">
        Sweep results file
      </label>
      <input
        id="sweep-file"
        type="file"
        accept=".parquet,.json,.csv"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          try {
            const read = await readSweepFile(file);
            const cols = numericColumns(read);
            setRows(read);
            setName(file.name);
            setError(undefined);
            // A file carries no objectives: the first two columns at the default goals, not the last sweep's.
            setX(cols[0] ?? '');
            setXGoal('min');
            setY(cols[1] ?? cols[0] ?? '');
            setYGoal('max');
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          }
        }}
      />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {rows ? (
        <>
          <div className="toolbar">
            {(
              [
                ['x', x, setX, xGoal, setXGoal],
                ['y', y, setY, yGoal, setYGoal],
              ] as const
            ).map(([axis, value, set, goal, setGoal]) => (
              <span key={axis}>
                <label htmlFor={`pareto-${axis}`}>{axis}</label>{' '}
                <select id={`pareto-${axis}`} value={value} onChange={(e) => set(e.target.value)}>
                  {columns.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>{' '}
                <select aria-label={`${axis} goal`} value={goal} onChange={(e) => setGoal(e.target.value as 'min' | 'max')}>
                  <option value="min">minimize</option>
                  <option value="max">maximize</option>
                </select>
              </span>
            ))}
            <label className="check">
              <input type="checkbox" checked={feasibleOnly} onChange={(e) => setFeasibleOnly(e.target.checked)} /> feasible points only
            </label>
          </div>
          <p>
            {name}: {shown.length} points, {front.length} on the front.
          </p>
          {x && y ? (
            <PlotView
              label="Pareto plot"
              data={[shown, front, x, y]}
              make={(Plot, width) =>
                Plot.plot({
                  width,
                  height: 360,
                  marginLeft: 60,
                  x: { label: `${x} (${xGoal})`, grid: true },
                  y: { label: `${y} (${yGoal})`, grid: true },
                  marks: [
                    Plot.dot(shown, { x, y, fill: '#94a3b8', r: 3, tip: true, title: label }),
                    Plot.line(front, { x, y, stroke: '#dc2626' }),
                    Plot.dot(front, { x, y, fill: '#dc2626', r: 4, tip: true, title: label }),
                  ],
                })
              }
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
