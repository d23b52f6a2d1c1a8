/** A sweep run in the page: a spec (a shipped one or your own), its points over Web Workers with progress and cancel, kept in the page, exported as Parquet. */

import { useEffect, useMemo, useRef, useState } from 'react';
import { Cancelled, SimProblem } from '../sim/client.js';
import type { SweepPlan } from '../sim/protocol.js';
import { download } from '../ui/download.js';
import { num } from '../ui/format.js';
import { ParetoView, type SweepResults } from './pareto-view.js';
import { forgetResults, PageSweep, parquetOf, rowOf, storedResults } from './sweep-run.js';

/** The sweep specs the repository ships (scenarios/*.yaml), by file name: the page offers each as it is. */
const SHIPPED: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(import.meta.glob<string>('../../../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true })).map(([path, text]) => [
    path.replace(/^.*\//, ''),
    text,
  ]),
);

const FIRST = SHIPPED['supernode-claim-inference.yaml'] ? 'supernode-claim-inference.yaml' : (Object.keys(SHIPPED)[0] ?? '');

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'planning' }
  | { readonly kind: 'running'; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly ms: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

const defaultWorkers = () => Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));

export function SweepPanel() {
  const [file, setFile] = useState(FIRST);
  const [spec, setSpec] = useState(SHIPPED[FIRST] ?? '');
  const [workers, setWorkers] = useState(defaultWorkers);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [results, setResults] = useState<SweepResults>();
  // Runs started: the status says which run it is of, so a reader waiting on 'done' waits on this run's, not the last one's.
  const [runs, setRuns] = useState(0);
  const [plan, setPlan] = useState<SweepPlan>();
  const running = useRef<PageSweep | undefined>(undefined);
  useEffect(() => () => running.current?.close(), []);
  // What is kept changes as a run lands points and when it is forgotten: read it again on every status change.
  const kept = useMemo(() => (status ? storedResults(spec).size : 0), [spec, status]);

  const run = async () => {
    running.current?.close();
    const sweep = new PageSweep(workers);
    running.current = sweep;
    setRuns((n) => n + 1);
    setStatus({ kind: 'planning' });
    const started = performance.now();
    const name = file || 'sweep.yaml';
    try {
      const p = await sweep.plan(spec, name);
      setPlan(p);
      setStatus({ kind: 'running', done: 0, total: p.points.length });
      const done = await sweep.run(spec, name, p, ({ done, total }) => setStatus({ kind: 'running', done, total }));
      setResults({ name: p.name, rows: done.map(rowOf), objectives: p.objectives });
      setStatus({ kind: 'done', ms: performance.now() - started });
    } catch (error) {
      if (error instanceof Cancelled) setStatus({ kind: 'cancelled' });
      else setStatus({ kind: 'failed', message: error instanceof SimProblem ? error.problem.message : error instanceof Error ? error.message : String(error) });
    } finally {
      sweep.close();
      if (running.current === sweep) running.current = undefined;
    }
  };

  const busy = status.kind === 'planning' || status.kind === 'running';
  const failed = results?.rows.filter((r) => r.status === 'failed').length ?? 0;
  const feasible = results?.rows.filter((r) => r.feasible === true).length ?? 0;
  return (
    <>
      <section aria-label="sweep in the page" className="sweep-panel">
        <h2>Sweep in the page</h2>
        <p className="hint">
          The points of a sweep spec, each run by core as <code>supernode sweep</code> runs it, spread over Web Workers; results are kept in this browser, so a
          cancelled or reloaded sweep resumes where it stopped.
        </p>
        <div className="toolbar">
          <label htmlFor="sweep-shipped">spec</label>
          <select
            id="sweep-shipped"
            value={file in SHIPPED ? file : ''}
            onChange={(e) => {
              setFile(e.target.value);
              setSpec(SHIPPED[e.target.value] ?? spec);
            }}
          >
            <option value="">(your own)</option>
            {Object.keys(SHIPPED).map((f) => (
              <option key={f} value={f}>
                scenarios/{f}
              </option>
            ))}
          </select>
          <label htmlFor="sweep-workers">workers</label>
          <input
            id="sweep-workers"
            type="number"
            min={1}
            max={16}
            value={workers}
            onChange={(e) => setWorkers(Math.max(1, Math.min(16, Number(e.target.value) || 1)))}
          />
        </div>
        <textarea
          id="sweep-spec"
          aria-label="sweep spec"
          rows={12}
          spellCheck={false}
          value={spec}
          onChange={(e) => {
            setSpec(e.target.value);
            if (SHIPPED[file] !== e.target.value) setFile('');
          }}
        />
        <div className="toolbar">
          <button type="button" className="primary" id="sweep-run" onClick={() => void run()} disabled={busy}>
            Run sweep
          </button>
          <button type="button" onClick={() => running.current?.cancel()} disabled={!busy}>
            Cancel
          </button>
          <button
            type="button"
            onClick={() => {
              forgetResults(spec);
              setStatus({ kind: 'idle' });
            }}
            disabled={busy || kept === 0}
          >
            Forget {kept} kept points
          </button>
          <button
            type="button"
            id="sweep-export"
            disabled={!results}
            onClick={() => {
              if (results) void parquetOf(results.rows).then((buf) => download(`${results.name}.parquet`, buf, 'application/vnd.apache.parquet'));
            }}
          >
            Export Parquet
          </button>
          <span className="status" aria-live="polite" data-sweep-status={status.kind} data-sweep-run={runs}>
            {status.kind === 'planning'
              ? 'planning the points'
              : status.kind === 'running'
                ? `${status.done} of ${status.total} points`
                : status.kind === 'done'
                  ? `${results?.rows.length ?? 0} points in ${num(status.ms / 1000)} s: ${failed} failed, ${feasible} feasible`
                  : status.kind === 'cancelled'
                    ? 'cancelled: the points done are kept'
                    : ''}
          </span>
        </div>
        {status.kind === 'running' ? <progress max={status.total} value={status.done} /> : null}
        {status.kind === 'failed' ? (
          <p className="field-error" role="alert" id="sweep-error">
            {status.message}
          </p>
        ) : null}
        {results && plan ? <SweepTable results={results} plan={plan} /> : null}
      </section>
      <ParetoView {...(results ? { results } : {})} />
    </>
  );
}

/** Every point: its axis values, its objectives, whether it met the constraints (or why it failed). */
function SweepTable({ results, plan }: { results: SweepResults; plan: SweepPlan }) {
  const axes = Object.keys(plan.points[0]?.params ?? {});
  const shown = [...new Set([...plan.objectives.map((o) => o.metric)])];
  return (
    <details>
      <summary>the {results.rows.length} points</summary>
      <div className="table-wrap">
        <table className="results" data-table="sweep">
          <thead>
            <tr>
              {[...axes, ...shown, 'feasible'].map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {results.rows.map((r) => (
              <tr key={String(r.key)} data-key={String(r.key)} {...Object.fromEntries(shown.map((m) => [`data-${m.toLowerCase()}`, String(r[m] ?? '')]))}>
                {axes.map((a) => (
                  <td key={a}>{String(r[a] ?? '')}</td>
                ))}
                {shown.map((m) => (
                  <td key={m}>{typeof r[m] === 'number' ? num(r[m] as number, 4) : String(r[m] ?? '')}</td>
                ))}
                <td>{r.status === 'failed' ? `failed: ${r.error}` : r.feasible ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
