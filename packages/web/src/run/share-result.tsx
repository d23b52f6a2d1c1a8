/** A shared-cluster run's results: each job's collective alone and with the others at once, its slowdown, and where the placement put it. */

import type { ShareReport } from '@supernode/core';
import { bytesLabel, num } from '../ui/format.js';
import { SlowdownChart } from './charts.js';

export function ShareResult({ report: r }: { report: ShareReport }) {
  return (
    <>
      <p>
        {r.jobs.length} jobs on {r.system} ({r.gpus} GPUs, scale-up domains of {r.domainSize}), placed {r.placement}
        {r.placement === 'random' ? ` (seed ${r.seed})` : ''}, {r.routing} routing: the slowest job takes {num(r.maxSlowdown, 4)}x its time alone, the mean{' '}
        {num(r.meanSlowdown, 4)}x; all done after {num(r.makespanUs, 4)} us
      </p>
      <div className="table-wrap">
        <table className="results" data-table="share" data-max-slowdown={r.maxSlowdown} data-makespan-us={r.makespanUs}>
          <thead>
            <tr>
              <th scope="col">job</th>
              <th scope="col">GPUs (domains)</th>
              <th scope="col">algorithm</th>
              <th scope="col">alone (us)</th>
              <th scope="col">shared (us)</th>
              <th scope="col">slowdown</th>
            </tr>
          </thead>
          <tbody>
            {r.jobs.map((j) => (
              <tr key={j.name} data-job={j.name} data-slowdown={j.slowdown}>
                <th scope="row">
                  {j.name}: {j.op} {bytesLabel(j.bytes)}
                </th>
                <td>
                  {j.gpus} ({j.domains}; ranks {j.firstRank}-{j.lastRank})
                </td>
                <td>
                  {j.algorithm}/{j.protocol}
                </td>
                <td>{num(j.aloneUs, 4)}</td>
                <td>{num(j.sharedUs, 4)}</td>
                <td>{num(j.slowdown, 4)}x</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SlowdownChart report={r} />
    </>
  );
}
