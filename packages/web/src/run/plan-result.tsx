/** The plans a search found: training plans with what separates them and their `train` arguments; serving configurations within an SLO with their rate and cost. */

import type { PlanServeReport, PlanTrainReport, RankedServingPlan } from '@supernode/core';
import { num, pct } from '../ui/format.js';
import { servingConfigText } from './serving-config-text.js';

export function PlanResult({ report }: { report: PlanTrainReport }) {
  return (
    <>
      <p>
        {report.model} on {report.system} ({report.gpus} GPUs): {report.searched} layouts searched, {report.feasible} fit memory,{' '}
        {report.feasible - report.dominated} beaten by none on both speed and memory
        {report.top.length === 0 ? '; none fits: try more GPUs, a shorter sequence or a smaller global batch' : ''}
      </p>
      <div className="table-wrap">
        <table className="results" data-table="plans">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">plan</th>
              <th scope="col">tokens/s per GPU</th>
              <th scope="col">MFU</th>
              <th scope="col">bubble (s)</th>
              <th scope="col">exposed comm (s)</th>
              <th scope="col">memory (GiB)</th>
              <th scope="col">train arguments</th>
            </tr>
          </thead>
          <tbody>
            {report.top.map((t, i) => {
              const c = t.breakdown.exposedCommS;
              return (
                <tr key={t.trainArgs} data-rank={i + 1} data-tokens-per-sec-per-gpu={t.tokensPerSecPerGpu}>
                  <td>{i + 1}</td>
                  <td>{t.label}</td>
                  <td>{num(t.tokensPerSecPerGpu, 4)}</td>
                  <td>{pct(t.mfu)}</td>
                  <td>{num(t.breakdown.bubbleS)}</td>
                  <td>{num(c.tp + c.pp + c.dp + c.ep + c.cp)}</td>
                  <td>
                    {num(t.memoryGiB.total)} of {num(t.memoryGiB.capacity)}
                  </td>
                  <td>
                    <code>{t.trainArgs}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

const serving = (c: RankedServingPlan['plan']) => servingConfigText(c);

/** The serving configurations within the SLO, best first, with the rate each serves and its cost per token. */
export function ServingPlanResult({ report }: { report: PlanServeReport }) {
  return (
    <>
      <p>
        {report.model} on {report.system} ({report.gpus} GPUs), {report.inputTokens} tokens in, {report.outputTokens} out, TPOT within {num(report.tpotMs)} ms:{' '}
        {report.searched} configurations priced, {report.feasible} within
      </p>
      <div className="table-wrap">
        <table className="results" data-table="serving-plans">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">configuration</th>
              <th scope="col">output tokens/s per GPU</th>
              <th scope="col">tokens/s per user</th>
              <th scope="col">requests/s</th>
              <th scope="col">$ per M tokens</th>
            </tr>
          </thead>
          <tbody>
            {report.top.map((t, i) => (
              <tr key={`${serving(t.plan)} ${t.tpotMs} ${t.outputTokensPerSecPerGpu}`} data-rank={i + 1} data-output-tps={t.outputTokensPerSecPerGpu}>
                <td>{i + 1}</td>
                <td>{serving(t.plan)}</td>
                <td>{num(t.outputTokensPerSecPerGpu, 4)}</td>
                <td>{num(t.tokensPerSecPerUser)}</td>
                <td>{num(t.requestsPerSec)}</td>
                <td>{num(t.usdPerMillionTokens)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
