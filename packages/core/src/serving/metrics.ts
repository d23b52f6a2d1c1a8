/** Serving metrics: latency percentiles, throughput and goodput per GPU, KV-cache hits, and Little's law as a check. */

import type { KvTier } from './kv-tiers.js';

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
}

/** Nearest-rank percentiles of `values` (empty: zeros). Example: [1..100] -> p50 50, p90 90, p99 99. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: 0, p90: 0, p99: 0, mean: 0 };
  const s = Float64Array.from(values).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
  let sum = 0;
  for (const v of s) sum += v;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: sum / s.length };
}

/** One finished request's timings, seconds. */
export interface RequestTiming {
  readonly id: number;
  readonly arrivalS: number;
  readonly firstTokenS: number;
  readonly finishS: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedTokens: number;
}

export interface ServeMetrics {
  readonly requests: number;
  readonly ttftMs: Percentiles;
  /** Time per output token after the first, over requests with more than one output token. */
  readonly tpotMs: Percentiles;
  readonly e2eMs: Percentiles;
  readonly durationS: number;
  readonly throughput: { readonly requestsPerSec: number; readonly inputTokensPerSecPerGpu: number; readonly outputTokensPerSecPerGpu: number };
  /** Requests per second that met the SLO (all of them without one). */
  readonly goodputRps: number;
  readonly sloAttainment: number;
  /** Time to first token in log-spaced buckets: `edgesMs[i]` to `edgesMs[i + 1]` holds `counts[i]` requests. */
  readonly ttftHistogram: Histogram;
  /** Time per output token in log-spaced buckets, as ttftHistogram. */
  readonly tpotHistogram: Histogram;
  /** Mean requests in the system, from the time-weighted count, beside arrival rate x mean time in system. */
  readonly littlesLaw: { readonly meanInSystem: number; readonly arrivalRateTimesMeanE2e: number };
}

export interface Slo {
  readonly ttftS?: number;
  readonly tpotS?: number;
}

export interface Histogram {
  readonly edgesMs: readonly number[];
  readonly counts: readonly number[];
}

/**
 * Counts of `values` (ms) in `buckets` log-spaced buckets from the smallest to the largest value.
 * Example: 10, 100, 1000 in 2 buckets: edges 10, 100, 1000; counts 1, 2 (the last bucket is closed).
 */
export function histogram(values: readonly number[], buckets = 10): Histogram {
  if (values.length === 0) return { edgesMs: [], counts: [] };
  const lo = Math.max(
    1e-3,
    values.reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY),
  );
  const hi = Math.max(
    lo * 1.0001,
    values.reduce((m, v) => Math.max(m, v), 0),
  );
  const edgesMs = Array.from({ length: buckets + 1 }, (_, i) => lo * (hi / lo) ** (i / buckets));
  const counts = new Array<number>(buckets).fill(0);
  for (const v of values) {
    const i = Math.min(buckets - 1, Math.max(0, Math.floor((Math.log(Math.max(v, lo) / lo) / Math.log(hi / lo)) * buckets)));
    counts[i] = (counts[i] as number) + 1;
  }
  return { edgesMs, counts };
}

const ms = (p: Percentiles): Percentiles => ({ p50: p.p50 * 1e3, p90: p.p90 * 1e3, p99: p.p99 * 1e3, mean: p.mean * 1e3 });

/**
 * Metrics over finished requests. Duration runs from the first arrival to the last finish; `inSystemSeconds` is the
 * integral of the number of requests present over that window, which Little's law says equals arrivals x mean E2E.
 */
export function serveMetrics(timings: readonly RequestTiming[], gpus: number, slo: Slo, inSystemSeconds: number): ServeMetrics {
  const n = timings.length;
  const start = timings.reduce((t, r) => Math.min(t, r.arrivalS), Number.POSITIVE_INFINITY);
  const end = timings.reduce((t, r) => Math.max(t, r.finishS), 0);
  const durationS = n > 0 ? end - start : 0;
  const ttft = timings.map((r) => r.firstTokenS - r.arrivalS);
  const tpot = timings.filter((r) => r.outputTokens > 1).map((r) => (r.finishS - r.firstTokenS) / (r.outputTokens - 1));
  const e2e = timings.map((r) => r.finishS - r.arrivalS);
  const meets = (r: RequestTiming) =>
    (slo.ttftS === undefined || r.firstTokenS - r.arrivalS <= slo.ttftS) &&
    (slo.tpotS === undefined || r.outputTokens <= 1 || (r.finishS - r.firstTokenS) / (r.outputTokens - 1) <= slo.tpotS);
  const good = timings.filter(meets).length;
  const per = (x: number) => (durationS > 0 ? x / durationS : 0);
  const meanE2e = n > 0 ? e2e.reduce((a, b) => a + b, 0) / n : 0;
  return {
    requests: n,
    ttftMs: ms(percentiles(ttft)),
    tpotMs: ms(percentiles(tpot)),
    e2eMs: ms(percentiles(e2e)),
    durationS,
    throughput: {
      requestsPerSec: per(n),
      inputTokensPerSecPerGpu: per(timings.reduce((s, r) => s + r.inputTokens, 0)) / gpus,
      outputTokensPerSecPerGpu: per(timings.reduce((s, r) => s + r.outputTokens, 0)) / gpus,
    },
    goodputRps: per(good),
    ttftHistogram: histogram(ttft.map((t) => t * 1e3)),
    tpotHistogram: histogram(tpot.map((t) => t * 1e3)),
    sloAttainment: n > 0 ? good / n : 0,
    littlesLaw: { meanInSystem: per(inSystemSeconds), arrivalRateTimesMeanE2e: per(n) * meanE2e },
  };
}

export type TierHits = Readonly<Record<KvTier, number>>;
