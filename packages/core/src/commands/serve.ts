/** Command `serve`: a model served on a system under a request load, request by request; or the highest rate within the SLO; or the same load under several KV-tier lists. */

import type { ArgValues } from '../args/define.js';
import { ArgValueError, defineArgs, flag, shown, text } from '../args/index.js';
import type { ReadText, RunContext, TextLines } from '../base/context.js';
import { ArgumentError } from '../base/errors.js';
import { KV_TIERS, type KvTier } from '../serving/kv-tiers.js';
import { maxRate } from '../serving/max-rate.js';
import { type ServeReport, serve } from '../serving/serve.js';
import { loadArgs, MAX_REQUESTS, resolveLength, type ServeOptions, serveOptionArgs } from '../serving/serve-args.js';
import { traceFormatOf, traceRequests } from '../serving/trace.js';
import { generateRequests, type RequestSource, type WorkloadSpec } from '../serving/workload.js';
import { declareMetrics } from './metrics.js';
import { modelArg, resolveModel } from './model.js';
import { defineCommand } from './types.js';
import { allowLargeArg, checkWork } from './work.js';

/** 'hbm;hbm,cxl;hbm,remote' (or a list of lists): two or more KV-tier lists to serve the same load under. */
function readTierLists(value: unknown): KvTier[][] {
  const lists = typeof value === 'string' ? value.split(';').map((l) => l.split(',').map((t) => t.trim())) : Array.isArray(value) ? value : [];
  const tiers = KV_TIERS as readonly unknown[];
  if (lists.length < 2 || !lists.every((l) => Array.isArray(l) && l.length > 0 && l.every((t) => tiers.includes(t))))
    throw new ArgValueError(
      `expected two or more lists of ${KV_TIERS.join(', ')} separated by ';', such as 'hbm;hbm,cxl;hbm,remote', received ${shown(value)}`,
    );
  return lists as KvTier[][];
}

const args = defineArgs({
  model: modelArg(),
  ...serveOptionArgs.fields,
  ...loadArgs.fields,
  maxRate: flag('search the highest rate whose requests meet the SLO (99%), from rate up').or(false),
  compareTiers: text('serve the same load under each KV-tier list and compare', {
    valueName: 'lists',
    examples: ['hbm;hbm,cxl;hbm,remote'],
    parse: readTierLists,
    data: readTierLists,
  }),
  allowLarge: allowLargeArg(),
});

/** Requests a run serves, all its simulations together: fifty thousand take a few seconds on one core. */
const REQUESTS_LIMIT = 50_000;
/** Runs the highest-rate search makes at most (max-rate.ts doubles, then bisects). */
const MAX_RATE_RUNS = 24;

/**
 * The requests the run will simulate, or undefined for a trace replayed whole (its file's size bounds it): the requests
 * asked for, or the rate times the duration, once per KV-tier list and per rate the search tries.
 */
function requestsOf(a: ServeArgs): { field: string; amount: number } | undefined {
  const generated = a.rate !== undefined && a.duration !== undefined ? a.rate * a.duration : undefined;
  const perRun = a.requests !== undefined && generated !== undefined ? Math.min(a.requests, generated) : (a.requests ?? generated);
  if (perRun === undefined) return undefined;
  const runs = (a.maxRate ? MAX_RATE_RUNS : 1) * (a.compareTiers?.length ?? 1);
  return { field: a.requests === undefined || (generated !== undefined && generated < a.requests) ? 'duration' : 'requests', amount: perRun * runs };
}

type ServeArgs = ArgValues<typeof args.fields>;

export interface ServeCommandReport {
  /** The run (with compareTiers: under the first list). */
  readonly report: ServeReport;
  /** With maxRate: the highest rate meeting the SLO and the rates tried on the way. */
  readonly maxRate?: { readonly rateRps: number; readonly tried: readonly { readonly rateRps: number; readonly attainment: number }[] };
  /** With compareTiers: each list and its run, the first being `report`. */
  readonly tiers?: readonly { readonly tiers: readonly KvTier[]; readonly report: ServeReport }[];
}

/** The deployment's options out of the command's arguments. */
function optionsOf(a: ServeArgs, context: RunContext): ServeOptions {
  const names = Object.keys(serveOptionArgs.fields) as (keyof ServeArgs)[];
  const options = Object.fromEntries(names.filter((n) => a[n] !== undefined).map((n) => [n, a[n]])) as ServeOptions;
  const progress = context.progress;
  return progress ? { ...options, onProgress: (done, total) => progress(done, total, `${done} of ${total} requests finished`) } : options;
}

/** The generated load the arguments describe. */
export function workloadOf(a: ServeArgs, context: RunContext): WorkloadSpec {
  // A closed loop sends each client's next request when its last one ends. Its clients start together, as concurrency
  // benchmarks start them, unless a rate is given: then they ramp in at that rate.
  if (a.rate === undefined && a.concurrency === undefined)
    throw new ArgumentError('rate', 'missing; give arrivals per second, a concurrency (closed loop) or a trace to replay');
  if (a.concurrency !== undefined && a.requests === undefined) throw new ArgumentError('requests', 'a closed loop serves a number of requests; give it');
  const rate = a.rate;
  return {
    arrival:
      rate === undefined
        ? { kind: 'at-once' }
        : a.burstiness === undefined
          ? { kind: 'poisson', rateRps: rate }
          : { kind: 'gamma', rateRps: rate, cv: a.burstiness },
    ...(a.requests === undefined ? {} : { requests: a.requests }),
    ...(a.duration === undefined ? {} : { durationS: a.duration }),
    input: resolveLength(a.inputLen, 'inputLen', context.readText),
    output: resolveLength(a.outputLen, 'outputLen', context.readText),
    prefixShare: a.prefixShare,
    ...(a.turns === undefined ? {} : { sessions: { turns: a.turns, thinkS: a.think } }),
    seed: a.seed,
  };
}

/**
 * A trace's requests (its first `limit`), read through the front end line by line where it can (else its whole text),
 * checked once and walked again by each run: CSV (Azure) by extension, else JSON lines (Mooncake).
 */
function readTrace(file: string, limit: number | undefined, context: RunContext): RequestSource {
  const { readLines, readText, progress } = context;
  if (!readLines && !readText) throw new ArgumentError('trace', `'${file}': files cannot be read here; give a rate and a number of requests`);
  let lines: TextLines | undefined;
  const open = (): Iterable<string> => {
    if (!readLines) return (readText as ReadText)(file, 'trace').split('\n');
    lines = readLines(file, 'trace');
    return lines;
  };
  const onRows = (rows: number) => progress?.(lines?.bytesRead ?? 0, lines?.bytes ?? 0, `${rows.toLocaleString('en-US')} requests of ${file} checked`);
  return traceRequests(open, file, traceFormatOf(file), { ...(limit === undefined ? {} : { limit }), ...(progress ? { onRows } : {}) });
}

export const serveCommand = defineCommand({
  id: 'serve',
  description: 'a model served under a request load, request by request: TTFT, TPOT, throughput per GPU, goodput, KV-cache hits, cost, capacity under failures',
  source: 'serving/serve.ts',
  args,
  workLimit: `${REQUESTS_LIMIT.toLocaleString('en-US')} requests a run (the requests, or the rate times the duration, once per KV-tier list and per rate the highest-rate search tries) unless allowLarge; ${MAX_REQUESTS.toLocaleString('en-US')} at most`,
  systemOptions: ['fail', 'straggler'],
  run(system, a, context): ServeCommandReport {
    if (a.maxRate && a.requests === undefined)
      throw new ArgumentError('requests', 'the highest-rate search doubles the rate run by run; give a number of requests so each run stays bounded');
    const work = requestsOf(a);
    if (work) checkWork({ ...work, unit: 'requests', limit: REQUESTS_LIMIT, hardLimit: MAX_REQUESTS }, a.allowLarge);
    const model = resolveModel(a.model, context.readText);
    const options = optionsOf(a, context);
    if (a.maxRate) {
      if (a.trace !== undefined) throw new ArgumentError('maxRate', 'searches the rate of a generated load; it cannot take a trace');
      if (a.concurrency !== undefined)
        throw new ArgumentError('maxRate', 'searches the arrival rate of an open loop; a closed loop (concurrency) is paced by its clients');
      const found = maxRate(system, model, workloadOf(a, context), options);
      return { report: found.report, maxRate: { rateRps: found.rateRps, tried: found.tried } };
    }
    const requests = a.trace === undefined ? generateRequests(workloadOf(a, context)) : readTrace(a.trace, a.requests, context);
    if (a.compareTiers === undefined) return { report: serve(system, model, requests, options) };
    const tiers = a.compareTiers.map((list) => ({ tiers: list, report: serve(system, model, requests, { ...options, kvTiers: list }) }));
    return { report: (tiers[0] as (typeof tiers)[number]).report, tiers };
  },
  metrics: declareMetrics({
    ttftP50Ms: 'time to first token, median, ms',
    ttftP99Ms: 'time to first token, 99th percentile, ms',
    tpotP50Ms: 'time per output token, median, ms',
    tpotP99Ms: 'time per output token, 99th percentile, ms',
    e2eP50Ms: 'request latency, median, ms',
    inputTokensPerSecPerGpu: 'prompt tokens per second per GPU',
    outputTokensPerSecPerGpu: 'generated tokens per second per GPU',
    goodputRps: 'requests per second meeting the SLO',
    sloAttainment: 'share of requests meeting the SLO',
    kvHitRate: 'share of prompt blocks found in a KV tier',
    usdPerMillionOutputTokens: 'cost per million generated tokens, USD',
    joulesPerOutputToken: 'facility energy per generated token, J',
    availability: 'share of replica-time up under the failure rates',
    capacityP99: 'share of replicas up at the worst 1% of moments',
    replicaMtbfHours: 'mean time between stops of one replica, hours',
    outputTokensPerSecPerGpuWithOutages: 'generated tokens per second per GPU, times the availability',
    maxRateRps: 'with args.maxRate: the highest arrival rate meeting the SLO, requests/s (0 without)',
    hostCpuUtilization: "share of an OS image's cores the run keeps busy (GPU workers, schedulers, tokenizing and streaming)",
  }),
  metricsOf({ report: r, maxRate: found }) {
    return {
      ttftP50Ms: r.ttftMs.p50,
      ttftP99Ms: r.ttftMs.p99,
      tpotP50Ms: r.tpotMs.p50,
      tpotP99Ms: r.tpotMs.p99,
      e2eP50Ms: r.e2eMs.p50,
      inputTokensPerSecPerGpu: r.throughput.inputTokensPerSecPerGpu,
      outputTokensPerSecPerGpu: r.throughput.outputTokensPerSecPerGpu,
      goodputRps: r.goodputRps,
      sloAttainment: r.sloAttainment,
      kvHitRate: r.kv.hitRate,
      usdPerMillionOutputTokens: r.economics.usdPerMillionOutputTokens,
      joulesPerOutputToken: r.economics.joulesPerOutputToken,
      availability: r.availability.availability,
      capacityP99: r.availability.capacityP99,
      replicaMtbfHours: r.availability.replicaMtbfHours,
      outputTokensPerSecPerGpuWithOutages: r.availability.outputTokensPerSecPerGpu,
      maxRateRps: found?.rateRps ?? 0,
      hostCpuUtilization: r.hostCpu.utilization,
    };
  },
});
