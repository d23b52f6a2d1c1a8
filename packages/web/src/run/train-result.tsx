/** A training step's result: time, throughput, MFU, memory, plan (and the GPUs it leaves idle), time to train, cost, what slow GPUs cost, the breakdown and the pipeline timeline. */

import type { RunResult } from '../sim/protocol.js';
import { num, pct, powerLine } from '../ui/format.js';
import { BreakdownChart, TimelineChart } from './charts.js';

export function TrainResult({ result }: { result: Extract<RunResult, { kind: 'train' }> }) {
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
        <dd data-idle-gpus={r.idleGpus}>
          TP {r.plan.tp} PP {r.plan.pp} DP {r.plan.dp} CP {r.plan.cp} EP {r.plan.ep}, {r.plan.schedule}
          {r.idleGpus > 0 ? `, on ${r.plan.gpus} of ${r.systemGpus} GPUs (${r.idleGpus} idle)` : ''}
        </dd>
        {r.timeToTrain ? (
          <>
            <dt>time to train</dt>
            <dd data-days-to-train={r.timeToTrain.days}>
              {num(r.timeToTrain.days, 4)} days for {r.timeToTrain.tokens.toPrecision(3)} tokens (failures aside)
            </dd>
          </>
        ) : null}
        <dt>cost</dt>
        <dd>
          ${num(r.economics.usdPerMillionTokens)} per million tokens, {num(r.economics.joulesPerToken)} J each
        </dd>
        <dt>power</dt>
        <dd data-gpu-watts={r.power.gpuWatts}>{powerLine(r.power)}</dd>
        {r.power.warnings.map((w) => (
          <dd key={w} className="field-error">
            warning: {w}
          </dd>
        ))}
        {r.stragglers ? (
          <>
            <dt>stragglers</dt>
            <dd data-straggler-slowdown={r.stragglers.slowdown}>
              {r.stragglers.slowGpus} slow GPUs cost {pct(r.stragglers.slowdown)} of the step ({num(r.stragglers.nominalIterationS, 4)} s at nominal speed); the
              slowest, GPU {r.stragglers.slowestGpu.rank} (stage {r.stragglers.slowestGpu.stage}) at {pct(r.stragglers.slowestGpu.speed)}:{' '}
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
