/** Serving metrics: latency percentiles, throughput and goodput per GPU, KV-cache hits, and Little's law as a check. */

import { portableLog } from '../units/portable-math.js';
import type { KvTier } from './kv-tiers.js';

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
}

/** Nearest-rank percentiles of `values` (empty: zeros). Example: [1..100] -> p50 50, p90 90, p99 99. */
export function percentiles(values: ArrayLike<number>): Percentiles {
  return percentilesOfSorted(Float64Array.from(values).sort());
}

/** Percentiles of values already in ascending order; the mean sums them in that order. */
function percentilesOfSorted(s: Float64Array): Percentiles {
  if (s.length === 0) return { p50: 0, p90: 0, p99: 0, mean: 0 };
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
  let sum = 0;
  for (const v of s) sum += v;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: sum / s.length };
}

/**
 * The timings of finished requests as the metrics need them, in typed arrays sized once for the run: time to first
 * token, time per output token after the first (NaN for a one-token answer) and end to end, seconds; 24 bytes a
 * request (25 million requests: 600 MB, where as many objects would not fit), with sums and extremes kept as they come.
 * Requests whose id is below `warmup` (a benchmark's warm-up) are counted as finished and left out of the figures.
 */
export class TimingLog {
  readonly ttftS: Float64Array;
  readonly tpotS: Float64Array;
  readonly e2eS: Float64Array;
  /** Requests in the figures. */
  count = 0;
  /** Requests finished, warm-up included. */
  finished = 0;
  firstArrivalS = Number.POSITIVE_INFINITY;
  lastFinishS = 0;
  inputTokens = 0;
  outputTokens = 0;
  /** Sum of the end-to-end times in the order the requests finished. */
  e2eSumS = 0;
  /**
   * Decode iterations: when each ended, how long it ran and how many output tokens it emitted, each that long after the
   * same request's last one (the gaps inter-token latency is made of). Grows by doubling: 20 bytes an iteration.
   */
  private iterationEndS = new Float64Array(256);
  private iterationS = new Float64Array(256);
  private iterationTokens = new Uint32Array(256);
  iterations = 0;

  constructor(
    capacity: number,
    private readonly warmup = 0,
  ) {
    this.ttftS = new Float64Array(capacity);
    this.tpotS = new Float64Array(capacity);
    this.e2eS = new Float64Array(capacity);
  }

  add(id: number, arrivalS: number, firstTokenS: number, finishS: number, inputTokens: number, outputTokens: number): void {
    this.finished++;
    if (id < this.warmup) return;
    const i = this.count++;
    if (i >= this.ttftS.length) throw new Error(`TimingLog.add: more than the ${this.ttftS.length} requests it was sized for`);
    this.ttftS[i] = firstTokenS - arrivalS;
    this.tpotS[i] = outputTokens > 1 ? (finishS - firstTokenS) / (outputTokens - 1) : Number.NaN;
    this.e2eS[i] = finishS - arrivalS;
    this.firstArrivalS = Math.min(this.firstArrivalS, arrivalS);
    this.lastFinishS = Math.max(this.lastFinishS, finishS);
    this.inputTokens += inputTokens;
    this.outputTokens += outputTokens;
    this.e2eSumS += finishS - arrivalS;
  }

  /** An iteration that ended at `endS` after `durationS`, in which `tokens` running decodes each emitted a token. */
  addIteration(endS: number, durationS: number, tokens: number): void {
    const i = this.iterations++;
    if (i >= this.iterationS.length) {
      const grow = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.iterationEndS = grow(this.iterationEndS, (n) => new Float64Array(n));
      this.iterationS = grow(this.iterationS, (n) => new Float64Array(n));
      this.iterationTokens = grow(this.iterationTokens, (n) => new Uint32Array(n));
    }
    this.iterationEndS[i] = endS;
    this.iterationS[i] = durationS;
    this.iterationTokens[i] = tokens;
  }

  /**
   * Inter-token latency over every output token after a request's first, weighted by the tokens each iteration emitted;
   * iterations that ended before the first measured request arrived (a warm-up's) are left out. A request preempted
   * and resumed waits longer for its next token than the iterations it sat out: that gap is not counted (its TPOT has it).
   * Example: iterations of 10 ms (3 tokens) and 30 ms (1 token): p50 10 ms, p90 30 ms, mean 15 ms.
   */
  interTokenLatency(): Percentiles {
    const order: number[] = [];
    let weight = 0;
    for (let i = 0; i < this.iterations; i++) {
      if ((this.iterationEndS[i] as number) < this.firstArrivalS) continue;
      order.push(i);
      weight += this.iterationTokens[i] as number;
    }
    if (weight === 0) return { p50: 0, p90: 0, p99: 0, mean: 0 };
    order.sort((a, b) => (this.iterationS[a] as number) - (this.iterationS[b] as number) || a - b);
    let sum = 0;
    for (const i of order) sum += (this.iterationS[i] as number) * (this.iterationTokens[i] as number);
    // Nearest rank over the tokens: the q-quantile is the gap of the ceil(q x tokens)-th token in order.
    const at = (q: number) => {
      const rank = Math.max(1, Math.ceil(q * weight));
      let seen = 0;
      for (const i of order) {
        seen += this.iterationTokens[i] as number;
        if (seen >= rank) return this.iterationS[i] as number;
      }
      return this.iterationS[order[order.length - 1] as number] as number;
    };
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: sum / weight };
  }
}

export interface ServeMetrics {
  readonly requests: number;
  readonly ttftMs: Percentiles;
  /** Time per output token after the first, over requests with more than one output token. */
  readonly tpotMs: Percentiles;
  /** Inter-token latency: the gap before each output token after a request's first, over all of them (TimingLog.interTokenLatency). */
  readonly itlMs: Percentiles;
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
 * Counts of `values` x `scale` (ms) in `buckets` log-spaced buckets from the smallest to the largest value.
 * Example: 10, 100, 1000 in 2 buckets: edges 10, 100, 1000; counts 1, 2 (the last bucket is closed).
 */
export function histogram(values: ArrayLike<number>, buckets = 10, scale = 1): Histogram {
  if (values.length === 0) return { edgesMs: [], counts: [] };
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = (values[i] as number) * scale;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const lo = Math.max(1e-3, min);
  const hi = Math.max(lo * 1.0001, max);
  const edgesMs = Array.from({ length: buckets + 1 }, (_, i) => lo * (hi / lo) ** (i / buckets));
  const counts = new Array<number>(buckets).fill(0);
  for (let j = 0; j < values.length; j++) {
    const v = (values[j] as number) * scale;
    const i = Math.min(buckets - 1, Math.max(0, Math.floor((portableLog(Math.max(v, lo) / lo) / portableLog(hi / lo)) * buckets)));
    counts[i] = (counts[i] as number) + 1;
  }
  return { edgesMs, counts };
}

const ms = (p: Percentiles): Percentiles => ({ p50: p.p50 * 1e3, p90: p.p90 * 1e3, p99: p.p99 * 1e3, mean: p.mean * 1e3 });

/**
 * Metrics over finished requests. Duration runs from the first arrival to the last finish; `inSystemSeconds` is the
 * integral of the number of requests present over that window, which Little's law says equals arrivals x mean E2E.
 * Sorts the log's arrays in place.
 */
export function serveMetrics(log: TimingLog, gpus: number, slo: Slo, inSystemSeconds: number): ServeMetrics {
  const n = log.count;
  const durationS = n > 0 ? log.lastFinishS - log.firstArrivalS : 0;
  const ttft = log.ttftS.subarray(0, n);
  const tpotAll = log.tpotS.subarray(0, n);
  const e2e = log.e2eS.subarray(0, n);
  let good = 0;
  let multiToken = 0;
  for (let i = 0; i < n; i++) {
    const tpot = tpotAll[i] as number;
    const oneToken = Number.isNaN(tpot);
    if (!oneToken) multiToken++;
    if ((slo.ttftS === undefined || (ttft[i] as number) <= slo.ttftS) && (slo.tpotS === undefined || oneToken || tpot <= slo.tpotS)) good++;
  }
  // Sorted ascending, a one-token answer's NaN last: the requests with a time per output token come first.
  const tpot = tpotAll.sort().subarray(0, multiToken);
  ttft.sort();
  e2e.sort();
  const per = (x: number) => (durationS > 0 ? x / durationS : 0);
  const meanE2e = n > 0 ? log.e2eSumS / n : 0;
  return {
    requests: n,
    ttftMs: ms(percentilesOfSorted(ttft)),
    tpotMs: ms(percentilesOfSorted(tpot)),
    itlMs: ms(log.interTokenLatency()),
    e2eMs: ms(percentilesOfSorted(e2e)),
    durationS,
    throughput: {
      requestsPerSec: per(n),
      inputTokensPerSecPerGpu: per(log.inputTokens) / gpus,
      outputTokensPerSecPerGpu: per(log.outputTokens) / gpus,
    },
    goodputRps: per(good),
    ttftHistogram: histogram(ttft, 10, 1e3),
    tpotHistogram: histogram(tpot, 10, 1e3),
    sloAttainment: n > 0 ? good / n : 0,
    littlesLaw: { meanInSystem: per(inSystemSeconds), arrivalRateTimesMeanE2e: per(n) * meanE2e },
  };
}

export type TierHits = Readonly<Record<KvTier, number>>;
