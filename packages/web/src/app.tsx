/** The app: the state in the URL, a live worker that re-evaluates after every edit, a run worker with cancel, and the three tabs. */

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CompareTab } from './compare/compare-tab.js';
import { DesignTab } from './design/design-tab.js';
import { reportHtml } from './report/html-report.js';
import { RunTab } from './run/run-tab.js';
import type { RunState } from './run-state.js';
import { Cancelled, SimClient, SimProblem } from './sim/client.js';
import type { TopologyPicture } from './sim/picture.js';
import { type Catalogue, type Evaluation, LIVE_KINDS, type RunSettings } from './sim/protocol.js';
import { DEFAULT_STATE, decodeState, encodeState, type Tab, type UiState } from './state.js';
import { download } from './ui/download.js';

const samePicture = (a: TopologyPicture, b: TopologyPicture) => JSON.stringify(a) === JSON.stringify(b);

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'design', label: 'Design' },
  { id: 'run', label: 'Run' },
  { id: 'compare', label: 'Compare' },
];

export function App() {
  const [state, setState] = useState<UiState>(() => decodeState(location.hash) ?? DEFAULT_STATE);
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [evaluation, setEvaluation] = useState<Evaluation>();
  const [runState, setRunState] = useState<RunState>({ status: 'idle' });
  const [fault, setFault] = useState<string>();
  const live = useMemo(() => new SimClient(), []);
  const runner = useMemo(() => new SimClient(), []);
  const editedAt = useRef<number>(performance.now());
  const arrivedAt = useRef<number>(performance.now());
  const [refresh, setRefresh] = useState<{ ms: number; count: number; arrivedMs: number }>();

  useEffect(() => {
    live.catalogue().then(setCatalogue, (e: Error) => setFault(e.message));
  }, [live]);

  // The URL carries the whole state; replaceState keeps the history clean while typing.
  useEffect(() => {
    history.replaceState(null, '', encodeState(state));
  }, [state]);

  // Re-evaluate after every edit, latest wins: one request in flight, the newest state queued behind it.
  const inFlight = useRef(false);
  const queued = useRef<UiState | undefined>(undefined);
  const evaluate = useCallback(
    (s: UiState) => {
      if (inFlight.current) {
        queued.current = s;
        return;
      }
      inFlight.current = true;
      const run: RunSettings | undefined = LIVE_KINDS.includes(s.run.kind) ? s.run : undefined;
      live
        .evaluate(s.scenario, s.file, run)
        .then(
          (e) => {
            arrivedAt.current = performance.now();
            // A picture equal to the last keeps its identity, so the topology view does not redraw.
            if (!queued.current)
              setEvaluation((old) => (old?.picture && e.picture && samePicture(old.picture, e.picture) ? { ...e, picture: old.picture } : e));
          },
          (e: Error) => setFault(e instanceof SimProblem ? e.problem.message : e.message),
        )
        .finally(() => {
          inFlight.current = false;
          const next = queued.current;
          queued.current = undefined;
          if (next) evaluate(next);
        });
    },
    [live],
  );
  const current = useRef(state);
  useEffect(() => {
    evaluate(current.current);
  }, [evaluate]);

  // After the evaluation renders, note how long the edit took to show (what the refresh benchmark reads).
  useEffect(() => {
    if (!evaluation) return;
    const frame = requestAnimationFrame(() =>
      setRefresh((r) => ({ ms: performance.now() - editedAt.current, arrivedMs: arrivedAt.current - editedAt.current, count: (r?.count ?? 0) + 1 })),
    );
    return () => cancelAnimationFrame(frame);
  }, [evaluation]);

  /** Applies an edit; one that changes the scenario or the run goes to the worker at once, while React renders the form. */
  const update = useCallback(
    (change: (s: UiState) => UiState) => {
      const before = current.current;
      const next = change(before);
      current.current = next;
      setState(next);
      if (next.scenario !== before.scenario || next.file !== before.file || next.run !== before.run) {
        editedAt.current = performance.now();
        evaluate(next);
      }
    },
    [evaluate],
  );

  const startRun = useCallback(() => {
    const started = performance.now();
    setRunState({ status: 'running' });
    runner
      .run(state.scenario, state.file, state.run, (done, total, label) => setRunState({ status: 'running', progress: { done, total, label } }))
      .then(
        (result) => setRunState({ status: 'done', result, elapsedMs: performance.now() - started }),
        (e: Error) => {
          if (e instanceof Cancelled) setRunState({ status: 'cancelled' });
          else if (e instanceof SimProblem) setRunState({ status: 'failed', problem: e.problem });
          else setRunState({ status: 'failed', problem: { path: [], message: e.message } });
        },
      );
  }, [runner, state.scenario, state.file, state.run]);

  const exportReport = useCallback(() => {
    void reportHtml({ state, evaluation, run: runState.result ?? evaluation?.run, url: location.href }).then((html) =>
      download(`${(evaluation?.describe?.name ?? 'supernode').replace(/[^\w.-]+/g, '-')}-report.html`, html, 'text/html'),
    );
  }, [state, evaluation, runState.result]);

  const [copied, setCopied] = useState(false);
  const copyLink = useCallback(() => {
    void navigator.clipboard?.writeText(location.href).then(
      () => setCopied(true),
      () => setCopied(false),
    );
    setTimeout(() => setCopied(false), 1500);
  }, []);

  return (
    <div className="app">
      <header className="top">
        <h1>supernode</h1>
        <div className="tabs" role="tablist" aria-label="views">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={state.tab === t.id}
              aria-controls={`panel-${t.id}`}
              onClick={() => update((s) => ({ ...s, tab: t.id }))}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div className="actions">
          <button type="button" onClick={copyLink} title="copy a link that carries the whole state">
            {copied ? 'Link copied' : 'Copy link'}
          </button>
          <button type="button" onClick={exportReport} disabled={!evaluation?.describe} title="a self-contained HTML report of the design and the last run">
            Export report
          </button>
        </div>
      </header>
      {fault ? (
        <p className="fault" role="alert">
          {fault}
        </p>
      ) : null}
      {!catalogue ? (
        <p className="loading">Loading the simulator...</p>
      ) : (
        <main
          id={`panel-${state.tab}`}
          role="tabpanel"
          aria-labelledby={`tab-${state.tab}`}
          data-refresh-ms={refresh?.ms.toFixed(2)}
          data-refresh-count={refresh?.count}
          data-arrived-ms={refresh?.arrivedMs.toFixed(2)}
          data-worker-ms={evaluation?.workerMs.toFixed(2)}
        >
          {state.tab === 'design' ? <DesignTab catalogue={catalogue} state={state} evaluation={evaluation} update={update} /> : null}
          {state.tab === 'run' ? (
            <RunTab
              catalogue={catalogue}
              state={state}
              evaluation={evaluation}
              runState={runState}
              update={update}
              onRun={startRun}
              onCancel={() => runner.cancel()}
            />
          ) : null}
          {state.tab === 'compare' ? <CompareTab catalogue={catalogue} state={state} client={runner} update={update} /> : null}
        </main>
      )}
    </div>
  );
}
