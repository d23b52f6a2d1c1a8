/** The highest request rate a deployment serves within its SLO: a search over `serve` runs of the same workload shape. */

import { ArgumentError } from '../base/errors.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { type ServeReport, serve } from './serve.js';
import type { ServeOptions } from './serve-args.js';
import { generateRequests, type WorkloadSpec } from './workload.js';

export interface MaxRateResult {
  readonly rateRps: number;
  readonly report: ServeReport;
  /** Rates tried, in order, with the share of requests that met the SLO at each. */
  readonly tried: readonly { readonly rateRps: number; readonly attainment: number }[];
}

/**
 * Doubles the rate from `workload`'s until the SLO attainment falls below `attainment`, then bisects to 2% (or 12
 * runs): the same seed at every rate, so the answer moves only with the rate. The SLO comes from `options.slo`.
 * Example: 99% of requests within TTFT 2 s and TPOT 50 ms.
 */
export function maxRate(system: System, model: TransformerModel, workload: WorkloadSpec, options: ServeOptions, attainment = 0.99): MaxRateResult {
  if (!options.slo || (options.slo.ttftS === undefined && options.slo.tpotS === undefined))
    throw new ArgumentError('slo', 'the highest rate within the SLO needs an SLO, e.g. ttft=2s,tpot=50ms');
  const arrival = workload.arrival;
  if (arrival.kind === 'at-once') throw new ArgumentError('maxRate', 'searches an arrival rate; requests arriving at once have none');
  const tried: { rateRps: number; attainment: number }[] = [];
  const run = (rateRps: number) => {
    const report = serve(system, model, generateRequests({ ...workload, arrival: { ...arrival, rateRps } }), options);
    tried.push({ rateRps, attainment: report.sloAttainment });
    return report;
  };
  let lo = 0;
  let best: ServeReport | undefined;
  let hi = arrival.rateRps;
  for (let r = run(hi); r.sloAttainment >= attainment && tried.length < 20; r = run(hi)) {
    lo = hi;
    best = r;
    hi *= 2;
  }
  while (lo > 0 ? hi / lo > 1.02 : hi > 1e-3) {
    if (tried.length >= 24) break;
    const mid = lo > 0 ? (lo + hi) / 2 : hi / 2;
    const r = run(mid);
    if (r.sloAttainment >= attainment) {
      lo = mid;
      best = r;
    } else hi = mid;
  }
  if (!best) throw new ArgumentError('slo', `no rate down to ${hi.toPrecision(3)} requests/s meets the SLO for ${attainment * 100}% of requests`);
  return { rateRps: lo, report: best, tried };
}
