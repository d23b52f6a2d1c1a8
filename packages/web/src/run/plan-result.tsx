/** The best training plans a search found: each plan, its tokens/s per GPU and MFU, what separates it (bubble, exposed communication, memory), and its `train` arguments. */

import type { PlanTrainReport, RankedPlan } from '@supernode/core';
import { num, pct } from '../ui/format.js';

const layout = (p: RankedPlan['plan']) =>
  `TP ${p.tp} PP ${p.pp}${p.vpp > 1 ? ` VPP ${p.vpp}` : ''} DP ${p.dp}${p.cp > 1 ? ` CP ${p.cp}` : ''}${p.ep > 1 ? ` EP ${p.ep} ETP ${p.etp}` : ''}, ZeRO ${p.zero}, recompute ${p.recompute}, mbs ${p.mbs}`;

const flags = (p: RankedPlan['plan']) =>
  `--tp ${p.tp} --pp ${p.pp} --vpp ${p.vpp} --dp ${p.dp} --cp ${p.cp} --ep ${p.ep} --etp ${p.etp} --zero ${p.zero} --recompute ${p.recompute} --mbs ${p.mbs}`;

export function PlanResult({ report }: { report: PlanTrainReport }) {
  return (
    <>
      <p>
        {report.model} on {report.system} ({report.gpus} GPUs): {report.searched} layouts searched, {report.feasible} fit memory
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
                <tr key={flags(t.plan)} data-rank={i + 1} data-tokens-per-sec-per-gpu={t.tokensPerSecPerGpu}>
                  <td>{i + 1}</td>
                  <td>{layout(t.plan)}</td>
                  <td>{num(t.tokensPerSecPerGpu, 4)}</td>
                  <td>{pct(t.mfu)}</td>
                  <td>{num(t.breakdown.bubbleS)}</td>
                  <td>{num(c.tp + c.pp + c.dp + c.ep + c.cp)}</td>
                  <td>
                    {num(t.memoryGiB.total)} of {num(t.memoryGiB.capacity)}
                  </td>
                  <td>
                    <code>{flags(t.plan)}</code>
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
