/** An interactivity curve: every configuration as a dot of output tokens/s per GPU against tokens/s per user, the envelope as a line, and its points in a table. */

import type { Curve, CurvePoint } from '@supernode/core';
import { num } from '../ui/format.js';
import { PlotView } from '../ui/plot-view.js';
import { curvePlot } from './charts.js';
import { servingConfigText } from './serving-config-text.js';

const configText = (p: CurvePoint) => servingConfigText(p.config);

export function CurveResult({ curve }: { curve: Curve }) {
  return (
    <>
      <p>
        {curve.model} on {curve.system} ({curve.gpus} GPUs), {curve.inputTokens} tokens in, {curve.outputTokens} out: {curve.points.length} configurations,{' '}
        {curve.envelope.length} on the envelope
      </p>
      {curve.noFit ? <p data-note="no-fit">{curve.noFit}</p> : null}
      <PlotView label="output tokens/s per GPU against tokens/s per user" data={curve} make={(Plot, width) => curvePlot(Plot, curve, width)} />
      <div className="table-wrap">
        <table className="results" data-table="curve">
          <thead>
            <tr>
              <th scope="col">tokens/s per user</th>
              <th scope="col">output tokens/s per GPU</th>
              <th scope="col">configuration</th>
            </tr>
          </thead>
          <tbody>
            {curve.envelope.map((p) => (
              <tr key={`${p.tokensPerSecPerUser}`} data-user={p.tokensPerSecPerUser} data-gpu={p.outputTokensPerSecPerGpu}>
                <td>{num(p.tokensPerSecPerUser)}</td>
                <td>{num(p.outputTokensPerSecPerGpu)}</td>
                <td>{configText(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
