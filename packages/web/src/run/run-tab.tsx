/** The run tab: what to run and how, run with progress and cancel, and the results as tables and charts. */

import type { RunState } from '../run-state.js';
import { TopologyView } from '../see/topology-view.js';
import { type Catalogue, type Evaluation, type FieldValue, LIVE_KINDS, type Problem, type RunKind, type RunResult } from '../sim/protocol.js';
import type { UiState } from '../state.js';
import { num } from '../ui/format.js';
import { ArgsForm } from './args-form.js';
import { CollectiveResult } from './collective-result.js';
import { CurveResult } from './curve-result.js';
import { PlanResult, ServingPlanResult } from './plan-result.js';
import { ResilienceResult } from './resilience-result.js';
import { CapacityResult, ServeResult } from './serve-result.js';
import { ShareResult } from './share-result.js';
import { TrainResult } from './train-result.js';

export interface RunTabProps {
  readonly catalogue: Catalogue;
  readonly state: UiState;
  readonly evaluation: Evaluation | undefined;
  readonly runState: RunState;
  readonly update: (change: (s: UiState) => UiState) => void;
  readonly onRun: () => void;
  readonly onCancel: () => void;
}

const KINDS: readonly { id: RunKind; label: string }[] = [
  { id: 'collective', label: 'Collective' },
  { id: 'train', label: 'Train' },
  { id: 'plan-train', label: 'Plan training' },
  { id: 'serve', label: 'Serve' },
  { id: 'plan-serve', label: 'Plan serving' },
  { id: 'capacity', label: 'Capacity' },
  { id: 'curve', label: 'Curve' },
  { id: 'resilience', label: 'Resilience' },
  { id: 'share', label: 'Share' },
];

export function RunTab({ catalogue, state, evaluation, runState, update, onRun, onCancel }: RunTabProps) {
  const run = state.run;
  const change = (f: (r: UiState['run']) => UiState['run']) => update((s) => ({ ...s, run: f(s.run) }));
  const invalid = (evaluation?.problems.length ?? 0) > 0;
  const shown = runState.status === 'done' && runState.result?.kind === run.kind ? runState.result : undefined;
  const formProblems: Problem[] = [
    ...(runState.status === 'failed' && runState.problem ? [runState.problem] : []),
    ...(evaluation?.runProblem && LIVE_KINDS.includes(run.kind) ? [evaluation.runProblem] : []),
  ];
  return (
    <div className="columns">
      <section className="column" aria-label="run settings">
        <fieldset className="kinds">
          <legend>Run</legend>
          {KINDS.map((k) => (
            <label key={k.id} className="radio">
              <input type="radio" name="run-kind" value={k.id} checked={run.kind === k.id} onChange={() => change((r) => ({ ...r, kind: k.id }))} />
              {k.label}
            </label>
          ))}
        </fieldset>
        <p className="hint">{catalogue.forms[run.kind].description}</p>
        <ArgsForm
          key={run.kind}
          kind={run.kind}
          fields={catalogue.forms[run.kind].fields}
          values={run.args[run.kind]}
          problems={formProblems}
          set={(name, value) => change((r) => ({ ...r, args: { ...r.args, [r.kind]: withValue(r.args[r.kind], name, value) } }))}
        />
        <div className="toolbar">
          <button type="button" className="primary" id="run-button" onClick={onRun} disabled={invalid || runState.status === 'running'}>
            Run {run.kind}
          </button>
          <button type="button" onClick={onCancel} disabled={runState.status !== 'running'}>
            Cancel
          </button>
          <span className="status" aria-live="polite" data-status={runState.status}>
            {runState.status === 'running'
              ? runState.progress
                ? `running: ${runState.progress.label}`
                : 'running...'
              : runState.status === 'done'
                ? `done in ${num(runState.elapsedMs)} ms`
                : runState.status === 'cancelled'
                  ? 'cancelled'
                  : ''}
          </span>
        </div>
        {runState.status === 'running' && runState.progress ? <progress max={runState.progress.total} value={runState.progress.done} /> : null}
        {invalid ? <p className="field-error">The scenario has problems: fix them on the Design tab first.</p> : null}
        {runState.status === 'failed' && runState.problem ? (
          <p className="field-error" role="alert" id="run-error">
            {runState.problem.message}
          </p>
        ) : null}
        {evaluation?.runProblem && LIVE_KINDS.includes(run.kind) ? (
          <p className="field-error" role="alert">
            {evaluation.runProblem.message}
          </p>
        ) : null}
      </section>
      <section className="column" aria-label="results">
        {LIVE_KINDS.includes(run.kind) && evaluation?.run ? (
          <div id="live-results" data-kind={evaluation.run.kind}>
            <h2>
              Analytical <span className="hint">(refreshed after every edit)</span>
            </h2>
            <Result result={evaluation.run} />
          </div>
        ) : null}
        {shown ? (
          <div id="run-results" data-kind={shown.kind}>
            <h2>
              Run <span className="hint">({fidelityOf(shown)} fidelity)</span>
            </h2>
            <Result result={shown} />
            {shown.kind === 'collective' && shown.picture ? <TopologyView picture={shown.picture} title="link utilisation at the largest size" /> : null}
          </div>
        ) : null}
      </section>
    </div>
  );
}

/** The form's values with one field set, or left out to take its default. */
function withValue(values: Readonly<Record<string, FieldValue>>, name: string, value: FieldValue | undefined): Readonly<Record<string, FieldValue>> {
  const { [name]: _old, ...rest } = values;
  return value === undefined ? rest : { ...rest, [name]: value };
}

function fidelityOf(r: RunResult): string {
  if (r.kind === 'collective') return r.rows[0]?.fidelity ?? '';
  if (r.kind === 'resilience') return 'analytical iteration, Monte-Carlo';
  if (r.kind === 'share') return 'flow';
  if (r.kind === 'serve') return r.report.report.fidelity;
  if (r.kind === 'capacity' || r.kind === 'curve' || r.kind === 'plan-serve') return 'analytical, steady state';
  if (r.kind === 'plan-train') return r.report.top[0]?.fidelity ?? 'analytical';
  return r.report.fidelity;
}

/** One result view per run kind. */
function Result({ result }: { result: RunResult }) {
  switch (result.kind) {
    case 'collective':
      return <CollectiveResult result={result} />;
    case 'train':
      return <TrainResult result={result} />;
    case 'serve':
      return <ServeResult result={result.report} />;
    case 'capacity':
      return <CapacityResult report={result.report} />;
    case 'curve':
      return <CurveResult curve={result.report} />;
    case 'plan-train':
      return <PlanResult report={result.report} />;
    case 'plan-serve':
      return <ServingPlanResult report={result.report} />;
    case 'resilience':
      return <ResilienceResult report={result.report} />;
    case 'share':
      return <ShareResult report={result.report} />;
  }
}
