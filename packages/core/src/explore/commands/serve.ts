/** Sweep commands `serve` (a generated load served request by request) and `capacity` (steady state at a TPOT target). */

import { z } from 'zod';
import { models } from '../../models/registry.js';
import { capacityAt } from '../../serving/capacity.js';
import { KV_TIERS } from '../../serving/kv-tiers.js';
import { type ServeOptions, serve } from '../../serving/serve.js';
import { generateRequests, type LengthSpec } from '../../serving/workload.js';
import { declareMetrics, type SweepCommand } from './types.js';

const whole = z.number().int().positive();
const length = z.union([
  whole,
  z.strictObject({ kind: z.literal('fixed'), tokens: whole }),
  z.strictObject({ kind: z.literal('uniform'), min: whole, max: whole }),
  z.strictObject({ kind: z.literal('lognormal'), mean: z.number().positive(), sigma: z.number().nonnegative() }),
]);
const toLength = (l: z.infer<typeof length>): LengthSpec => (typeof l === 'number' ? { kind: 'fixed', tokens: l } : l);

/** How a replica is laid out, shared by both commands. */
const deployment = {
  model: z.string(),
  tp: whole.optional(),
  dpAttention: whole.optional(),
  ep: z.boolean().optional(),
  precision: z.enum(['bf16', 'fp8']).optional(),
  kvBytes: z.union([z.literal(1), z.literal(2)]).optional(),
  overlap: z.boolean().optional(),
  fidelity: z.enum(['analytical', 'flow']).optional(),
};

const serveArgs = z.strictObject({
  ...deployment,
  pd: z.strictObject({ prefill: whole, decode: whole }).optional(),
  replicas: whole.optional(),
  kvTiers: z.array(z.enum(KV_TIERS)).optional(),
  router: z.string().optional(),
  scheduler: z.string().optional(),
  preemption: z.enum(['recompute', 'swap']).optional(),
  tokenBudget: whole.optional(),
  maxSequences: whole.optional(),
  epNodeLimit: whole.optional(),
  sloTtftMs: z.number().positive().optional(),
  sloTpotMs: z.number().positive().optional(),
  rateRps: z.number().positive(),
  burstiness: z.number().positive().optional(),
  requests: whole.optional(),
  durationS: z.number().positive().optional(),
  input: length,
  output: length,
  prefixShare: z.number().min(0).lt(1).optional(),
  turns: whole.optional(),
  thinkS: z.number().nonnegative().optional(),
  seed: z.number().int().nonnegative().optional(),
  spareGpus: z.number().int().nonnegative().optional(),
  restartS: z.number().nonnegative().optional(),
});

export const serveCommand: SweepCommand = {
  id: 'serve',
  description: 'a generated request load served request by request: TTFT, TPOT, throughput, goodput, cost per output token, capacity under failures',
  source: 'serving/serve.ts',
  args: serveArgs,
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
  }),
  evaluate(system, raw) {
    const a = serveArgs.parse(raw);
    const requests = generateRequests({
      arrival: a.burstiness === undefined ? { kind: 'poisson', rateRps: a.rateRps } : { kind: 'gamma', rateRps: a.rateRps, cv: a.burstiness },
      ...(a.requests === undefined && a.durationS === undefined ? { requests: 1000 } : {}),
      ...(a.requests === undefined ? {} : { requests: a.requests }),
      ...(a.durationS === undefined ? {} : { durationS: a.durationS }),
      input: toLength(a.input),
      output: toLength(a.output),
      ...(a.prefixShare === undefined ? {} : { prefixShare: a.prefixShare }),
      ...(a.turns === undefined ? {} : { sessions: { turns: a.turns, thinkS: a.thinkS ?? 0 } }),
      seed: a.seed ?? 1,
    });
    const { model, rateRps, burstiness, requests: _n, durationS, input, output, prefixShare, turns, thinkS, seed, sloTtftMs, sloTpotMs, ...rest } = a;
    const slo = { ...(sloTtftMs === undefined ? {} : { ttftS: sloTtftMs / 1000 }), ...(sloTpotMs === undefined ? {} : { tpotS: sloTpotMs / 1000 }) };
    const r = serve(system, models.get(model), requests, { ...(rest as ServeOptions), slo });
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
    };
  },
};

const capacityArgs = z.strictObject({ ...deployment, tpotMs: z.number().positive(), input: whole, output: whole });

export const capacityCommand: SweepCommand = {
  id: 'capacity',
  description: 'one replica in steady state: the decode batch and tokens/s per GPU that meet a TPOT target, prefill rate, unloaded TTFT',
  source: 'serving/capacity.ts',
  args: capacityArgs,
  metrics: declareMetrics({
    decodeTokensPerSecPerGpu: 'decoded tokens per second per GPU at the TPOT target',
    decodeBatchPerGroup: 'requests per attention group at the target',
    decodeStepMs: 'decode iteration at that batch, ms',
    prefillTokensPerSecPerGpu: 'prompt tokens per second per GPU',
    ttftMs: 'prefill of one prompt per attention group, unloaded, ms',
    usdPerMillionOutputTokens: 'cost per million decoded tokens at the target, USD',
    joulesPerOutputToken: 'facility energy per decoded token, J',
  }),
  evaluate(system, raw) {
    const a = capacityArgs.parse(raw);
    const model = models.get(a.model);
    const tp = a.tp ?? 1;
    const dp = a.dpAttention ?? 1;
    const shape = {
      ...{ tp, dpAttention: dp, ep: a.ep && model.family === 'moe' ? tp * dp : 1 },
      ...{ precision: a.precision ?? 'bf16', kvBytesPerElement: a.kvBytes ?? 2 },
      ...(a.overlap ? { overlap: true } : {}),
    } as const;
    const r = capacityAt(system, model, shape, a.input + Math.round(a.output / 2), a.input, a.tpotMs / 1000, a.fidelity ?? 'analytical');
    return {
      decodeTokensPerSecPerGpu: r.decodeTokensPerSecPerGpu,
      decodeBatchPerGroup: r.decodeBatchPerGroup,
      decodeStepMs: r.decodeStepMs,
      prefillTokensPerSecPerGpu: r.prefillTokensPerSecPerGpu,
      ttftMs: r.ttftMs,
      usdPerMillionOutputTokens: r.usdPerMillionOutputTokens,
      joulesPerOutputToken: r.joulesPerOutputToken,
    };
  },
};
