/** The app: a thin shell over the live state (live-state.ts) and the run (use-run.ts): the header, the three tabs, the report and the link. */

import { useCallback, useState } from 'react';
import { CompareTab } from './compare/compare-tab.js';
import { DesignTab } from './design/design-tab.js';
import { useLiveState } from './live-state.js';
import { reportHtml } from './report/html-report.js';
import { RunTab } from './run/run-tab.js';
import type { Tab } from './state.js';
import { download } from './ui/download.js';
import { useRun } from './use-run.js';

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'design', label: 'Design' },
  { id: 'run', label: 'Run' },
  { id: 'compare', label: 'Compare' },
];

export function App() {
  const { state, update, catalogue, evaluation, refresh, fault } = useLiveState();
  const { runner, runState, startRun, cancel } = useRun(state);

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
            <RunTab catalogue={catalogue} state={state} evaluation={evaluation} runState={runState} update={update} onRun={startRun} onCancel={cancel} />
          ) : null}
          {state.tab === 'compare' ? <CompareTab catalogue={catalogue} state={state} client={runner} update={update} /> : null}
        </main>
      )}
    </div>
  );
}
