/** A resilience run's results: interruptions, checkpoint, goodput (expected and Monte-Carlo spread), time to train, failures by component. */

import type { ResilienceReport } from '@supernode/core';
import { num, pct } from '../ui/format.js';
import { FailuresChart } from './charts.js';

export function ResilienceResult({ report: r }: { report: ResilienceReport }) {
  const mc = r.monteCarlo;
  return (
    <>
      <dl className="metrics" data-goodput={r.goodput} data-interruptions={r.interruptionsPerDay} data-mc-goodput={mc.goodput.mean}>
        <dt>interruptions</dt>
        <dd>
          {num(r.interruptionsPerDay)} per day, one every {num(r.mtbfHours)} h ({r.gpus} GPUs, {r.gpusPerOs} per OS image, {r.spareGpus} spares)
        </dd>
        <dt>checkpoint</dt>
        <dd>
          {num(r.checkpoint.stateGB)} GB written in {num(r.checkpoint.writeS)} s every {num(r.checkpoint.intervalS)} s ({r.checkpoint.interval}); restore{' '}
          {num(r.checkpoint.restoreS)} s, restart {num(r.restartS)} s
        </dd>
        <dt>goodput</dt>
        <dd>
          {pct(r.goodput)} expected; Monte-Carlo ({mc.runs} runs, seed {mc.seed}) mean {pct(mc.goodput.mean)}, p5 {pct(mc.goodput.p5)}, p50{' '}
          {pct(mc.goodput.p50)}, p95 {pct(mc.goodput.p95)}
        </dd>
        {r.daysToTrain === null ? null : (
          <>
            <dt>days to train</dt>
            <dd>
              {num(r.daysToTrain)} ({num(r.daysToTrainFailureFree)} without failures) for {num(r.tokens)} tokens
            </dd>
          </>
        )}
      </dl>
      <FailuresChart report={r} />
      <div className="table-wrap">
        <table className="results">
          <thead>
            <tr>
              <th scope="col">component</th>
              <th scope="col">failures/day</th>
              <th scope="col">blast radius</th>
              <th scope="col">detect, repair</th>
            </tr>
          </thead>
          <tbody>
            {r.components.map((c) => (
              <tr key={c.key}>
                <th scope="row">{c.key}</th>
                <td>{num(c.failuresPerDay)}</td>
                <td>{c.interrupts ? `${num(c.blastRadiusGpus)} GPUs (${c.scope})` : 'absorbed'}</td>
                <td>
                  {num(c.detectS)} s, {num(c.repairS / 3600)} h
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
