/** The run tab: what to run and how, run with progress and cancel, and the results as tables and charts. */

import type { RunState } from '../run-state.js';
import { TopologyView } from '../see/topology-view.js';
import { type Catalogue, type Evaluation, type FieldValue, LIVE_KINDS, type Problem, type RunKind, type RunResult } from '../sim/protocol.js';
import type { UiState } from '../state.js';
import { bytesLabel, num, pct } from '../ui/format.js';
import { ArgsForm } from './args-form.js';
import { BreakdownChart, BusbwChart, TimelineChart } from './charts.js';
import { ResilienceResult } from './resilience-result.js';
import { CapacityResult, ServeResult } from './serve-result.js';
import { ShareResult } from './share-result.js';

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
  { id: 'serve', label: 'Serve' },
  { id: 'capacity', label: 'Capacity' },
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
  if (r.kind === 'capacity') return 'analytical';
  return r.report.fidelity;
}

function Result({ result }: { result: RunResult }) {
  if (result.kind === 'collective') {
    return (
      <>
        <BusbwChart rows={result.rows} />
        <div className="table-wrap">
          <table className="results" data-table="collective">
            <thead>
              <tr>
                <th scope="col">size</th>
                <th scope="col">time (us)</th>
                <th scope="col">algbw (GB/s)</th>
                <th scope="col">busbw (GB/s)</th>
                <th scope="col">algorithm</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.bytes} data-bytes={r.bytes} data-busbw={r.busbwGBps} data-time-us={r.timeUs}>
                  <td>{bytesLabel(r.bytes)}</td>
                  <td>{num(r.timeUs, 4)}</td>
                  <td>{num(r.algbwGBps, 4)}</td>
                  <td>{num(r.busbwGBps, 4)}</td>
                  <td>
                    {r.algorithm}/{r.protocol}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {result.busiest.length > 0 ? (
          <details>
            <summary>busiest links</summary>
            <ul>
              {result.busiest.map((l) => (
                <li key={l.link}>
                  {l.link} ({l.layer}): {num(l.meanGBps)} GB/s, {pct(l.utilisation)}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </>
    );
  }
  if (result.kind === 'train') {
    const r = result.report;
    const m = r.memoryPerGpuGiB;
    return (
      <>
        <dl className="metrics" data-iteration-s={r.iterationTimeS} data-mfu={r.mfu}>
          <dt>iteration time</dt>
          <dd>{num(r.iterationTimeS, 4)} s</dd>
          <dt>tokens/s per GPU</dt>
          <dd>{num(r.tokensPerSecPerGpu, 4)}</dd>
          <dt>MFU</dt>
          <dd>{pct(r.mfu)}</dd>
          <dt>memory per GPU</dt>
          <dd>
            {num(m.total)} GiB of {num(m.capacity)} (weights {num(m.weights)}, gradients {num(m.gradients)}, optimizer {num(m.optimizer)}, activations{' '}
            {num(m.activations)})
          </dd>
          <dt>plan</dt>
          <dd>
            TP {r.plan.tp} PP {r.plan.pp} DP {r.plan.dp} CP {r.plan.cp} EP {r.plan.ep}, {r.plan.schedule}
          </dd>
          <dt>cost</dt>
          <dd>
            ${num(r.economics.usdPerMillionTokens)} per million tokens, {num(r.economics.joulesPerToken)} J each
          </dd>
          {r.stragglers ? (
            <>
              <dt>stragglers</dt>
              <dd data-straggler-slowdown={r.stragglers.slowdown}>
                {r.stragglers.slowGpus} slow GPUs cost {pct(r.stragglers.slowdown)} of the step ({num(r.stragglers.nominalIterationS, 4)} s at nominal speed);
                the slowest, GPU {r.stragglers.slowestGpu.rank} (stage {r.stragglers.slowestGpu.stage}) at {pct(r.stragglers.slowestGpu.speed)}:{' '}
                {num(r.stragglers.withoutSlowestS, 4)} s without it
              </dd>
            </>
          ) : null}
        </dl>
        <BreakdownChart report={r} />
        <TimelineChart bars={result.timeline} devices={result.timelineDevices} />
      </>
    );
  }
  if (result.kind === 'resilience') return <ResilienceResult report={result.report} />;
  if (result.kind === 'share') return <ShareResult report={result.report} />;
  if (result.kind === 'capacity') return <CapacityResult report={result.report} />;
  return <ServeResult result={result.report} />;
}
