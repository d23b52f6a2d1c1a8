/** The run tab: what to run and how, run with progress and cancel, and the results as tables and charts. */

import type { RunState } from '../run-state.js';
import { TopologyView } from '../see/topology-view.js';
import { type Catalogue, type Evaluation, LIVE_KINDS, type RunKind, type RunResult } from '../sim/protocol.js';
import type { UiState } from '../state.js';
import { bytesLabel, num, pct } from '../ui/format.js';
import { BreakdownChart, BusbwChart, LatencyHistogram, TimelineChart } from './charts.js';
import { ResilienceResult } from './resilience-result.js';
import { CollectiveForm, ResilienceForm, ServeForm, ShareForm, TrainForm } from './settings-form.js';
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
  { id: 'resilience', label: 'Resilience' },
  { id: 'share', label: 'Share' },
];

export function RunTab({ catalogue, state, evaluation, runState, update, onRun, onCancel }: RunTabProps) {
  const run = state.run;
  const change = (f: (r: UiState['run']) => UiState['run']) => update((s) => ({ ...s, run: f(s.run) }));
  const invalid = (evaluation?.problems.length ?? 0) > 0;
  const shown = runState.status === 'done' && runState.result?.kind === run.kind ? runState.result : undefined;
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
        {run.kind === 'collective' ? <CollectiveForm values={run.collective} catalogue={catalogue} change={change} /> : null}
        {run.kind === 'train' ? <TrainForm values={run.train} catalogue={catalogue} change={change} /> : null}
        {run.kind === 'serve' ? <ServeForm values={run.serve} catalogue={catalogue} change={change} /> : null}
        {run.kind === 'share' ? <ShareForm values={run.share} catalogue={catalogue} change={change} /> : null}
        {run.kind === 'resilience' ? (
          <>
            <TrainForm values={run.train} catalogue={catalogue} change={change} />
            <ResilienceForm values={run.resilience} change={change} />
          </>
        ) : null}
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

function fidelityOf(r: RunResult): string {
  if (r.kind === 'collective') return r.rows[0]?.fidelity ?? '';
  if (r.kind === 'resilience') return 'analytical iteration, Monte-Carlo';
  if (r.kind === 'share') return 'flow';
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
  const r = result.report;
  const rows: [string, { p50: number; p90: number; p99: number; mean: number }][] = [
    ['TTFT (ms)', r.ttftMs],
    ['TPOT (ms)', r.tpotMs],
    ['end to end (ms)', r.e2eMs],
  ];
  return (
    <>
      <p>
        {r.model} on {r.system}: {r.deployment.replicas.mixed + r.deployment.replicas.prefill + r.deployment.replicas.decode} replicas of{' '}
        {r.deployment.gpusPerReplica} GPUs, {r.requests} requests
      </p>
      <div className="table-wrap">
        <table
          className="results"
          data-table="serve"
          data-ttft-p50={r.ttftMs.p50}
          data-tpot-p50={r.tpotMs.p50}
          data-output-tps={r.throughput.outputTokensPerSecPerGpu}
        >
          <thead>
            <tr>
              <th scope="col">metric</th>
              <th scope="col">p50</th>
              <th scope="col">p90</th>
              <th scope="col">p99</th>
              <th scope="col">mean</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, p]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{num(p.p50)}</td>
                <td>{num(p.p90)}</td>
                <td>{num(p.p99)}</td>
                <td>{num(p.mean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {num(r.throughput.outputTokensPerSecPerGpu)} output tokens/s per GPU, {num(r.throughput.requestsPerSec)} requests/s; prefix-cache hits{' '}
        {pct(r.kv.hitRate)}; ${num(r.economics.usdPerMillionOutputTokens)} per million output tokens
      </p>
      <p className="availability" data-availability={r.availability.availability} data-capacity-p99={r.availability.capacityP99}>
        Under failures: {pct(r.availability.availability)} of capacity up; a replica stops every {num(r.availability.replicaMtbfHours)} h for{' '}
        {num(r.availability.meanOutageS / 60)} min on average ({r.availability.spareGpus} spare GPUs); {r.availability.replicasDownP99} of{' '}
        {r.availability.replicas} replicas down at the worst 1% of moments
      </p>
      <LatencyHistogram report={r} which="ttft" />
      <LatencyHistogram report={r} which="tpot" />
    </>
  );
}
