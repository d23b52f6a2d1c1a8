/** `supernode serve`: a model served on a system under a request load, request by request; percentiles and throughput. */

import { readFileSync, statSync } from 'node:fs';
import {
  capacityAt,
  type Fidelity,
  generateRequests,
  KV_TIERS,
  type KvTier,
  type LengthSpec,
  maxRate,
  parseCsvTrace,
  parseJsonlTrace,
  routers,
  type ServeOptions,
  type ServeReport,
  type ServingRequest,
  type Slo,
  schedulers,
  serve,
  type WorkloadSpec,
} from '@supernode/core';
import { UsageError } from '../errors.js';
import { loadSystem } from '../load-system.js';
import { oneOf, timeOption, wholeOption } from '../options.js';
import { heading, num, table } from '../report/table.js';
import { loadModel } from './train.js';

export interface ServeCommandOptions {
  readonly system: string;
  readonly gpus?: number;
  readonly model: string;
  readonly tp?: number;
  readonly dpAttention?: number;
  readonly ep?: boolean;
  readonly pd?: string;
  readonly replicas?: number;
  readonly precision: string;
  readonly kvBytes: string;
  readonly rate?: string;
  readonly burstiness?: string;
  readonly trace?: string;
  readonly requests?: number;
  readonly duration?: string;
  readonly inputLen: string;
  readonly outputLen: string;
  readonly prefixShare?: string;
  readonly turns?: number;
  readonly think?: string;
  readonly kvTiers: string;
  readonly router: string;
  readonly scheduler: string;
  readonly preemption: string;
  readonly fidelity: string;
  readonly tokenBudget?: number;
  readonly maxSeqs?: number;
  readonly overlap?: boolean;
  readonly concurrency?: number;
  readonly slo?: string;
  readonly maxRate?: boolean;
  readonly compareTiers?: string;
  readonly capacity?: boolean;
  readonly seed: number;
  readonly json?: boolean;
  readonly straggler?: readonly string[];
  readonly fail?: readonly string[];
  readonly spares?: string;
  readonly restart?: string;
}

/** Largest trace file read: a day of a busy service is tens of MB. */
const MAX_TRACE_BYTES = 512 * 2 ** 20;

export function runServe(o: ServeCommandOptions): string {
  const system = loadSystem(o.system, o.gpus, o.fail ?? [], o.straggler);
  const model = loadModel(o.model);
  const options: ServeOptions = {
    ...(o.tp === undefined ? {} : { tp: o.tp }),
    ...(o.dpAttention === undefined ? {} : { dpAttention: o.dpAttention }),
    ...(o.ep ? { ep: true } : {}),
    ...(o.pd === undefined ? {} : { pd: parsePd(o.pd) }),
    ...(o.replicas === undefined ? {} : { replicas: o.replicas }),
    precision: oneOf<'bf16' | 'fp8'>('--precision', o.precision, ['bf16', 'fp8']),
    kvBytes: Number(oneOf('--kv-bytes', o.kvBytes, ['1', '2'])) as 1 | 2,
    kvTiers: o.kvTiers.split(',').map((t) => oneOf<KvTier>('--kv-tiers', t.trim(), KV_TIERS)),
    router: oneOf('--router', o.router, routers.ids),
    scheduler: oneOf('--scheduler', o.scheduler, schedulers.ids),
    preemption: oneOf<'recompute' | 'swap'>('--preemption', o.preemption, ['recompute', 'swap']),
    fidelity: oneOf<Fidelity>('--fidelity', o.fidelity, ['analytical', 'flow']),
    ...(o.tokenBudget === undefined ? {} : { tokenBudget: o.tokenBudget }),
    ...(o.maxSeqs === undefined ? {} : { maxSequences: o.maxSeqs }),
    ...(o.overlap ? { overlap: true } : {}),
    ...(o.concurrency === undefined ? {} : { clients: o.concurrency }),
    ...(o.slo === undefined ? {} : { slo: parseSlo(o.slo) }),
    ...(o.spares === undefined ? {} : { spareGpus: wholeOption('--spares', o.spares, 0, 'a whole number of GPUs >= 0') }),
    ...(o.restart === undefined ? {} : { restartS: timeOption('--restart', o.restart, true) }),
  };
  if (o.capacity) return capacity(o, system, model, options);
  if (o.maxRate) {
    if (o.trace !== undefined) throw new UsageError('option --max-rate: searches the rate of a generated load; it cannot take --trace');
    const found = maxRate(system, model, workload(o), options);
    return o.json
      ? JSON.stringify({ maxRateRps: found.rateRps, tried: found.tried, ...found.report }, null, 2)
      : render(found.report, `highest rate meeting the SLO: ${num(found.rateRps)} requests/s`);
  }
  const requests = o.trace === undefined ? generateRequests(workload(o)) : readTrace(o.trace, o.requests);
  if (o.compareTiers !== undefined) return compareTiers(o, (tiers) => serve(system, model, requests, { ...options, kvTiers: tiers }));
  const report = serve(system, model, requests, options);
  return o.json ? JSON.stringify(report, null, 2) : render(report);
}

function workload(o: ServeCommandOptions): WorkloadSpec {
  if (o.rate === undefined) throw new UsageError('give --rate <requests/s> (or --trace <file>)');
  const rateRps = positiveNumber('--rate', o.rate);
  if (o.requests === undefined && o.duration === undefined) throw new UsageError('give --requests <n> or --duration <time>');
  return {
    arrival: o.burstiness === undefined ? { kind: 'poisson', rateRps } : { kind: 'gamma', rateRps, cv: positiveNumber('--burstiness', o.burstiness) },
    ...(o.requests === undefined ? {} : { requests: o.requests }),
    ...(o.duration === undefined ? {} : { durationS: timeOption('--duration', o.duration) }),
    input: parseLength('--input-len', o.inputLen),
    output: parseLength('--output-len', o.outputLen),
    ...(o.prefixShare === undefined ? {} : { prefixShare: Number(o.prefixShare) }),
    ...(o.turns === undefined ? {} : { sessions: { turns: o.turns, thinkS: o.think === undefined ? 0 : timeOption('--think', o.think) } }),
    seed: o.seed,
  };
}

function positiveNumber(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`option ${flag}: '${text}' is not a positive number`);
  return n;
}

/** '1024' | 'fixed:1024' | 'uniform:100:2000' | 'lognormal:1000:0.8' (mean, sigma) | 'file:lengths.txt' (one per line). */
export function parseLength(flag: string, text: string): LengthSpec {
  const [kind, ...args] = text.split(':');
  const nums = args.map(Number);
  const bad = () => new UsageError(`option ${flag}: '${text}' is not a length: N, fixed:N, uniform:MIN:MAX, lognormal:MEAN:SIGMA or file:PATH`);
  const whole = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n > 0;
  if (/^\d+$/.test(text)) return { kind: 'fixed', tokens: Number(text) };
  if (kind === 'fixed' && whole(nums[0]) && nums.length === 1) return { kind, tokens: nums[0] as number };
  if (kind === 'uniform' && whole(nums[0]) && whole(nums[1]) && (nums[0] as number) <= (nums[1] as number))
    return { kind, min: nums[0] as number, max: nums[1] as number };
  if (kind === 'lognormal' && (nums[0] ?? 0) >= 1 && (nums[1] ?? -1) >= 0 && nums.length === 2)
    return { kind, mean: nums[0] as number, sigma: nums[1] as number };
  if (kind === 'file' && args.length > 0) {
    const file = args.join(':');
    let values: number[];
    try {
      values = readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number);
    } catch {
      throw new UsageError(`option ${flag}: cannot read '${file}'`);
    }
    const at = values.findIndex((v) => !(Number.isInteger(v) && v > 0));
    if (values.length === 0 || at >= 0)
      throw new UsageError(
        `option ${flag}: '${file}' holds ${values.length === 0 ? 'no lengths' : `'${values[at]}' at entry ${at + 1}, not a positive whole number`}`,
      );
    return { kind: 'empirical', values };
  }
  throw bad();
}

function parsePd(text: string): { prefill: number; decode: number } {
  const m = /^(\d+):(\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new UsageError(`option --pd: '${text}' is not P:D, prefill and decode replicas such as 1:3`);
  return { prefill: Number(m[1]), decode: Number(m[2]) };
}

/** 'ttft=2s,tpot=50ms' */
export function parseSlo(text: string): Slo {
  const slo: { ttftS?: number; tpotS?: number } = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if ((key !== 'ttft' && key !== 'tpot') || value === undefined)
      throw new UsageError(`option --slo: '${part}' is not ttft=TIME or tpot=TIME (e.g. ttft=2s,tpot=50ms)`);
    slo[key === 'ttft' ? 'ttftS' : 'tpotS'] = timeOption(`--slo ${key}`, value);
  }
  return slo;
}

function readTrace(file: string, limit?: number): ServingRequest[] {
  let text: string;
  try {
    if (statSync(file).size > MAX_TRACE_BYTES) throw new UsageError(`trace '${file}' is larger than ${MAX_TRACE_BYTES / 2 ** 20} MiB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read trace '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  const requests = /\.csv$/i.test(file) ? parseCsvTrace(text, file) : parseJsonlTrace(text, file);
  return limit === undefined ? requests : requests.slice(0, limit);
}

/** The mean of a length spec: what the steady-state capacity evaluates at. */
function meanLength(spec: LengthSpec): number {
  switch (spec.kind) {
    case 'fixed':
      return spec.tokens;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'lognormal':
      return spec.mean;
    case 'empirical':
      return spec.values.reduce((a, b) => a + b, 0) / spec.values.length;
  }
}

/** --capacity: decode tokens/s per GPU within the SLO's TPOT at the mean context, prefill rate and unloaded TTFT. */
function capacity(o: ServeCommandOptions, system: ReturnType<typeof loadSystem>, model: ReturnType<typeof loadModel>, options: ServeOptions): string {
  const tpot = options.slo?.tpotS;
  if (tpot === undefined) throw new UsageError('option --capacity: needs a time per output token, e.g. --slo tpot=50ms');
  const prompt = Math.round(meanLength(parseLength('--input-len', o.inputLen)));
  const context = Math.round(prompt + meanLength(parseLength('--output-len', o.outputLen)) / 2);
  const tp = options.tp ?? 1;
  const dp = options.dpAttention ?? 1;
  const shape = {
    tp,
    dpAttention: dp,
    ep: options.ep && model.family === 'moe' ? tp * dp : 1,
    precision: options.precision ?? 'bf16',
    kvBytesPerElement: options.kvBytes ?? 2,
    ...(options.overlap ? { overlap: true } : {}),
  };
  const r = capacityAt(system, model, shape, context, prompt, tpot, options.fidelity);
  if (o.json) return JSON.stringify(r, null, 2);
  return [
    heading(`${r.model} on ${r.system}: steady state of one replica of ${r.gpusPerReplica} GPUs at TPOT ${num(r.tpotTargetMs)} ms`),
    table(
      ['metric', 'value'],
      [
        ['decode tokens/s per GPU', num(r.decodeTokensPerSecPerGpu)],
        ['decode batch per attention group', `${num(r.decodeBatchPerGroup)} at ${num(r.context)} tokens of context (step ${num(r.decodeStepMs)} ms)`],
        ['prefill tokens/s per GPU', num(r.prefillTokensPerSecPerGpu)],
        [`TTFT of a ${num(prompt)}-token prompt, unloaded`, `${num(r.ttftMs)} ms`],
        [
          'cost per output token',
          `$${r.usdPerMillionOutputTokens.toPrecision(3)} per million, ${num(r.joulesPerOutputToken)} J each ($${r.usdPerGpuHour.toFixed(2)} per GPU-hour)`,
        ],
      ],
    ),
  ].join('\n');
}

/**
 * The same load under each KV-tier list ('hbm;hbm,cxl;hbm,remote'), against the first: time to first token and served
 * throughput, beside the published claims they can be read against.
 */
function compareTiers(o: ServeCommandOptions, run: (tiers: KvTier[]) => ServeReport): string {
  const lists = (o.compareTiers ?? '').split(';').map((l) => l.split(',').map((t) => oneOf<KvTier>('--compare-tiers', t.trim(), KV_TIERS)));
  if (lists.length < 2)
    throw new UsageError(`option --compare-tiers: '${o.compareTiers}' needs two or more tier lists separated by ';', e.g. 'hbm;hbm,cxl;hbm,remote'`);
  const reports = lists.map((tiers) => run(tiers));
  if (o.json)
    return JSON.stringify(
      reports.map((r, i) => ({ tiers: lists[i], ...r })),
      null,
      2,
    );
  const base = reports[0] as ServeReport;
  const rows = reports.map((r, i) => [
    (lists[i] as KvTier[]).join(','),
    `${(r.kv.hitRate * 100).toFixed(1)}%`,
    num(r.ttftMs.p50),
    num(r.ttftMs.p90),
    `${((r.ttftMs.p50 / base.ttftMs.p50 - 1) * 100).toFixed(1)}%`,
    num(r.throughput.outputTokensPerSecPerGpu),
    `${num(r.throughput.outputTokensPerSecPerGpu / base.throughput.outputTokensPerSecPerGpu)}x`,
    num(r.goodputRps),
  ]);
  return [
    heading(`${base.model} on ${base.system}: the same ${base.requests} requests under each KV-tier list`),
    table(['tiers', 'prefix hits', 'TTFT p50 (ms)', 'TTFT p90 (ms)', 'TTFT p50 vs first', 'output tok/s/GPU', 'vs first', 'goodput (req/s)'], rows),
    'Published, for comparison: Alibaba AL128 CXL pool, KV-cache performance 4.79x and TTFT -82.7% (vendor claim, workload unstated);',
    'Beluga (CXL pool vs RDMA-based Mooncake store), 7.35x throughput and TTFT -89.6% (its own workload and baseline).',
  ].join('\n');
}

const BAR = 40;

/** One line on the deployment under failures: how often a replica stops, for how long, and the capacity left. */
function availability(a: ServeReport['availability']): string {
  const every = Number.isFinite(a.replicaMtbfHours)
    ? `a replica stops every ${num(a.replicaMtbfHours)} h for ${num(a.meanOutageS / 60)} min`
    : 'no replica stops';
  return `${(a.availability * 100).toFixed(2)}% up (${every}; ${a.spareGpus} spare GPUs); ${a.replicasDownP99} of ${a.replicas} replicas down at the worst 1% of moments; ${num(a.outputTokensPerSecPerGpu)} output tokens/s per GPU with outages`;
}

function render(r: ServeReport, note?: string): string {
  const d = r.deployment;
  const replicas = d.replicas.mixed > 0 ? `${d.replicas.mixed} replicas` : `${d.replicas.prefill} prefill + ${d.replicas.decode} decode replicas`;
  const out = [
    heading(
      `${r.model} on ${r.system}: ${replicas} of ${d.gpusPerReplica} GPUs (TP ${d.tp}${d.dpAttention > 1 ? `, DP-attention ${d.dpAttention}` : ''}${d.ep > 1 ? `, EP ${d.ep}` : ''}), ${r.gpus} GPUs`,
    ),
  ];
  if (note) out.push(note);
  const slow = r.slowReplicas ?? [];
  if (slow.length > 0) {
    const worst = slow.reduce((a, b) => (b.speed < a.speed ? b : a));
    out.push(
      `stragglers: ${slow.length} replica${slow.length === 1 ? '' : 's'} with a GPU below nominal speed; the slowest, replica ${worst.replica}, computes at ${num(worst.speed * 100, 3)}%`,
    );
  }
  out.push(
    table(
      ['metric', 'p50', 'p90', 'p99', 'mean'],
      [
        ['TTFT (ms)', ...[r.ttftMs.p50, r.ttftMs.p90, r.ttftMs.p99, r.ttftMs.mean].map((v) => num(v))],
        ['TPOT (ms)', ...[r.tpotMs.p50, r.tpotMs.p90, r.tpotMs.p99, r.tpotMs.mean].map((v) => num(v))],
        ['end to end (ms)', ...[r.e2eMs.p50, r.e2eMs.p90, r.e2eMs.p99, r.e2eMs.mean].map((v) => num(v))],
      ],
    ),
  );
  out.push(
    table(
      ['throughput', 'value'],
      [
        ['requests', `${r.requests} over ${num(r.durationS)} s (${num(r.throughput.requestsPerSec)} /s)`],
        ['input tokens/s per GPU', num(r.throughput.inputTokensPerSecPerGpu)],
        ['output tokens/s per GPU', num(r.throughput.outputTokensPerSecPerGpu)],
        ['goodput (requests/s in SLO)', `${num(r.goodputRps)} (${(r.sloAttainment * 100).toFixed(1)}%)`],
        ['KV prefix hits', `${(r.kv.hitRate * 100).toFixed(1)}% of prompt blocks (${r.kv.tiers.map((t) => `${t} ${r.kv.byTier[t]}`).join(', ')})`],
        ['preemptions', String(r.preemptions)],
        ['under failures', availability(r.availability)],
        [
          'cost per output token',
          `$${r.economics.usdPerMillionOutputTokens.toPrecision(3)} per million, ${num(r.economics.joulesPerOutputToken)} J each ($${r.economics.usdPerGpuHour.toFixed(2)} per GPU-hour)`,
        ],
      ],
    ),
  );
  const h = r.ttftHistogram;
  const most = Math.max(1, ...h.counts);
  out.push('TTFT histogram (ms)');
  h.counts.forEach((c, i) => {
    out.push(`${num(h.edgesMs[i]).padStart(9)} - ${num(h.edgesMs[i + 1]).padEnd(9)} ${'#'.repeat(Math.round((c / most) * BAR)).padEnd(BAR)} ${c}`);
  });
  return out.join('\n');
}
