/** A collective's result: bus bandwidth against size, nccl-tests-style rows, and the busiest links of a flow run. */

import type { RunResult } from '../sim/protocol.js';
import { bytesLabel, num, pct } from '../ui/format.js';
import { BusbwChart } from './charts.js';

export function CollectiveResult({ result }: { result: Extract<RunResult, { kind: 'collective' }> }) {
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
