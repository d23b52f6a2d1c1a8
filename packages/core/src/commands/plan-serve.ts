/** Command `plan-serve` (the CLI's `plan serve`): the serving configurations of a model on a system that meet an SLO, ranked by output tokens/s per GPU, each with its cost per token. */

import { count, defineArgs } from '../args/index.js';
import { ArgumentError } from '../base/errors.js';
import { type CurveConfig, curveKvFormat, curvePrefillTokens } from '../serving/curve.js';
import { serveOptionArgs } from '../serving/serve-args.js';
import { systemEconomics, tokenEconomics } from '../system/economics.js';
import { curveCommand } from './curve.js';
import { declareMetrics } from './metrics.js';
import { defineCommand } from './types.js';

const args = defineArgs({
  ...curveCommand.args.fields,
  slo: serveOptionArgs.fields.slo,
  top: count('configurations to report, best first', { max: 1000 }).or(10),
});

/** One configuration within the SLO: its layout, the rate it serves, and what a token costs there. */
export interface RankedServingPlan {
  readonly plan: CurveConfig;
  readonly outputTokensPerSecPerGpu: number;
  readonly tokensPerSecPerUser: number;
  readonly tpotMs: number;
  /** The steady request rate the whole system serves at this point: what `serve --rate` is given to reproduce it. */
  readonly requestsPerSec: number;
  readonly usdPerMillionTokens: number;
  /** The arguments `serve` runs this configuration with, as flags (serveArgsOf). */
  readonly serveArgs: string;
}

export interface PlanServeReport {
  readonly system: string;
  readonly model: string;
  readonly gpus: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly tpotMs: number;
  /** Configurations priced (the interactivity curve's points). */
  readonly searched: number;
  /** Of them, those within the SLO. */
  readonly feasible: number;
  readonly top: readonly RankedServingPlan[];
}

/**
 * `serve`'s flags for a configuration at its steady rate, as the curve priced it: its layout, format (and the KV format
 * the curve paired with it) and MTP, every replica's batch cap, the prefill tokens an iteration the curve priced, and
 * for a disaggregated one its replicas split as the curve balanced them; 30 s of arrivals, within serve's default work.
 */
export function serveArgsOf(r: Pick<PlanServeReport, 'gpus' | 'inputTokens' | 'outputTokens'>, t: Pick<RankedServingPlan, 'plan' | 'requestsPerSec'>): string {
  const c = t.plan;
  const replicas = Math.max(1, Math.floor(r.gpus / c.gpusPerReplica));
  const prefill = Math.min(replicas - 1, Math.max(1, Math.round((replicas * c.prefillGpusPerDecodeGpu) / (1 + c.prefillGpusPerDecodeGpu))));
  const pd = c.pd && replicas >= 2 ? ` --pd ${prefill}:${replicas - prefill}` : '';
  const requests = Math.min(50_000, Math.max(500, Math.round(t.requestsPerSec * 30)));
  return (
    `--tp ${c.tp} --dp-attention ${c.dpAttention}${c.ep ? (c.moeTp ? ` --ep --moe-tp ${c.moeTp}` : ' --ep --overlap') : ''} --precision ${c.precision} --kv-precision ${curveKvFormat(c.precision)}` +
    `${c.mtp ? ' --mtp' : ''}${pd} --max-seqs ${c.batchPerGroup * c.dpAttention} --token-budget ${curvePrefillTokens(r.inputTokens) * c.dpAttention} ` +
    `--input-len ${r.inputTokens} --output-len ${r.outputTokens} --rate ${Number(t.requestsPerSec.toPrecision(4))} --requests ${requests}`
  );
}

export const planServeCommand = defineCommand({
  id: 'plan-serve',
  description:
    'the best serving configurations for a model on a system within a TPOT: every layout, format, MTP, mixed or disaggregated and batch in steady state (as `curve` prices them), ranked by output tokens/s per GPU, with dollars per million tokens',
  source: 'serving/curve.ts',
  args,
  systemOptions: [],
  run(system, a, context): PlanServeReport {
    const tpotS = a.slo?.tpotS;
    if (tpotS === undefined) throw new ArgumentError('slo', 'needs a time per output token, e.g. tpot=50ms (the steady state prices TPOT, not TTFT)');
    if (a.slo?.ttftS !== undefined)
      throw new ArgumentError('slo', 'plans on TPOT alone: the steady state a plan is priced in has no queue to give a TTFT; drop ttft');
    // Every configuration priced as `curve` prices it, from the same arguments.
    const curve = curveCommand.run(system, a, context);
    const economics = systemEconomics(system);
    const within = curve.points.filter((p) => p.tpotMs <= tpotS * 1e3);
    const shape = { gpus: curve.gpus, inputTokens: curve.inputTokens, outputTokens: curve.outputTokens };
    // Best first; ties keep the curve's order (deterministic).
    const ranked = within
      .map((p, i) => ({ p, i }))
      .sort((x, y) => y.p.outputTokensPerSecPerGpu - x.p.outputTokensPerSecPerGpu || x.i - y.i)
      .slice(0, a.top)
      .map(({ p }) => {
        const requestsPerSec = (p.outputTokensPerSecPerGpu * curve.gpus) / curve.outputTokens;
        return {
          plan: p.config,
          outputTokensPerSecPerGpu: p.outputTokensPerSecPerGpu,
          tokensPerSecPerUser: p.tokensPerSecPerUser,
          tpotMs: p.tpotMs,
          requestsPerSec,
          usdPerMillionTokens: tokenEconomics(economics, p.outputTokensPerSecPerGpu).usdPerMillionTokens,
          serveArgs: serveArgsOf(shape, { plan: p.config, requestsPerSec }),
        };
      });
    return {
      ...{ system: curve.system, model: curve.model, gpus: curve.gpus, inputTokens: curve.inputTokens, outputTokens: curve.outputTokens },
      tpotMs: tpotS * 1e3,
      searched: curve.points.length,
      feasible: within.length,
      top: ranked,
    };
  },
  metrics: declareMetrics({
    plansSearched: 'serving configurations priced',
    plansFeasible: 'configurations within the SLO TPOT',
    bestOutputTokensPerSecPerGpu: 'the best configuration within the SLO: output tokens/s per GPU (0 if none meets it)',
    bestUsdPerMillionTokens: 'its cost per million output tokens at rated power, USD (0 if none)',
  }),
  metricsOf(r) {
    const best = r.top[0];
    return {
      plansSearched: r.searched,
      plansFeasible: r.feasible,
      bestOutputTokensPerSecPerGpu: best?.outputTokensPerSecPerGpu ?? 0,
      bestUsdPerMillionTokens: best?.usdPerMillionTokens ?? 0,
    };
  },
});
