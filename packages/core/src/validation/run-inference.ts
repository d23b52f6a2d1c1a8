/** Runs the published inference cases as their expressions say and compares each figure with the published one. */

import type { Fidelity } from '../comm/run.js';
import { models } from '../models/registry.js';
import type { TransformerModel } from '../models/types.js';
import { systemPresets } from '../presets/registry.js';
import { serve } from '../serving/serve.js';
import { decodeRate, decodeRateAtTpot, prefillRate } from '../serving/steady.js';
import { generateRequests, type ServingRequest } from '../serving/workload.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem, type System } from '../system/system.js';
import { INFERENCE_CASES, type InferenceExpression } from './inference-cases.js';
import { caseSet, isUnverified, type PublishedCase, publishedNumber, type ValidationRow } from './types.js';

export function validateInferenceCase(c: PublishedCase, fidelity: Fidelity = 'analytical'): { rows: ValidationRow[] } | { skip: string } {
  const expression = INFERENCE_CASES[c.id];
  if (!expression) return { skip: 'no expression maps this case to a serving run yet' };
  if ('skip' in expression) return { skip: expression.skip };
  const rows: ValidationRow[] = [];
  for (const run of expression.runs) {
    const published = publishedNumber(run.key === undefined ? c.value : (c.value as Record<string, unknown>)[run.key]);
    if (published === undefined) continue;
    const { value, unit, setup } = predict(run, fidelity);
    rows.push({
      id: run.key === undefined ? c.id : `${c.id}#${run.key}`,
      kind: 'inference',
      predicted: value,
      published,
      unit,
      errorPct: ((value - published) / published) * 100,
      setup,
      unverified: isUnverified(c),
      set: caseSet(c),
      largeMessage: false,
    });
  }
  return rows.length > 0 ? { rows } : { skip: 'no numeric published value to compare' };
}

/** Seconds one request takes alone on the benchmark's replica. */
function isolatedSeconds(run: BenchmarkRun, system: System, model: TransformerModel, fidelity: Fidelity): number {
  const one: ServingRequest[] = [{ id: 0, arrivalS: 0, inputTokens: run.input, outputTokens: run.output, blockHashes: [] }];
  const shape = { ...(run.dpAttention === undefined ? {} : { dpAttention: run.dpAttention }), ...(run.ep ? { ep: true } : {}) };
  return (
    serve(system, model, one, { tp: run.tp, replicas: 1, precision: run.precision, kvPrecision: run.kvBytes === 1 ? 'fp8' : 'bf16', fidelity, ...shape }).e2eMs
      .p50 / 1000
  );
}

function predict(run: InferenceExpression, fidelity: Fidelity): { value: number; unit: string; setup: string } {
  const system = buildSystem(systemSchema.parse(systemPresets.get(run.preset).input), { gpus: run.gpus });
  const model = models.get(run.model);
  if (run.kind === 'decode' || run.kind === 'prefill' || run.kind === 'decode-at-tpot') {
    const rate =
      run.kind === 'decode'
        ? decodeRate(system, model, run.shape, run.perGroup ?? 1, run.tokens, fidelity)
        : run.kind === 'prefill'
          ? prefillRate(system, model, run.shape, run.perGroup ?? run.tokens, run.tokens, fidelity)
          : decodeRateAtTpot(system, model, run.shape, run.tokens, run.tpotS ?? 0.05, fidelity);
    const scale = run.per === 'node' ? system.spec.server.gpus : 1;
    const what =
      run.kind === 'prefill'
        ? `${run.perGroup} prompt tokens/GPU of ${run.tokens}`
        : run.kind === 'decode'
          ? `${run.perGroup} requests/GPU at ${run.tokens} ctx`
          : `TPOT ${(1000 * (run.tpotS ?? 0)).toFixed(1)} ms at ${run.tokens} ctx`;
    return {
      value: rate.tokensPerSecPerGpu * scale,
      unit: `tokens/s per ${run.per}`,
      setup: `${run.preset} x${run.gpus} ${run.model} ${run.kind} EP${run.shape.ep}${run.shape.overlap ? ' overlap' : ''}, ${what}`,
    };
  }
  return benchmark(run as BenchmarkRun, system, model, fidelity);
}

type BenchmarkRun = Extract<InferenceExpression, { kind: 'static-batch' | 'closed-loop' | 'open-loop' }>;

/** The requests a benchmark sends: a static batch at t = 0, closed-loop clients ramping in, or Poisson arrivals. */
function benchmarkRequests(run: BenchmarkRun, alone: number): ServingRequest[] {
  if (run.kind === 'open-loop') {
    const requests = run.requests ?? 500;
    const rate = run.rateRps ?? Number.POSITIVE_INFINITY;
    const lengths = { input: { kind: 'fixed', tokens: run.input }, output: { kind: 'fixed', tokens: run.output } } as const;
    const arrivals = generateRequests({ arrival: { kind: 'poisson', rateRps: Number.isFinite(rate) ? rate : 1 }, requests, ...lengths, seed: 1 });
    return Number.isFinite(rate) ? arrivals : arrivals.map((r) => ({ ...r, arrivalS: 0 }));
  }
  const closed = run.kind === 'closed-loop';
  return Array.from({ length: closed ? 8 * run.batch : run.batch }, (_, id) => ({
    id,
    arrivalS: closed && id < run.batch ? (id * alone) / run.batch : 0,
    inputTokens: run.input,
    outputTokens: run.output,
    blockHashes: [],
  }));
}

/**
 * A static batch (all prompts in one iteration), a closed loop of `batch` clients sending eight requests each as a
 * benchmark measures it (clients ramping in over one request's time alone, so they do not run in lockstep, and the
 * first three waves as warm-up), or an open loop of Poisson arrivals; the engine's limits unless the run states its own.
 */
function benchmark(run: BenchmarkRun, system: System, model: TransformerModel, fidelity: Fidelity) {
  const closed = run.kind === 'closed-loop';
  const alone = closed ? isolatedSeconds(run, system, model, fidelity) : 0;
  const report = serve(system, model, benchmarkRequests(run, alone), {
    tp: run.tp,
    replicas: 1,
    precision: run.precision,
    kvPrecision: run.kvBytes === 1 ? 'fp8' : 'bf16',
    // A static batch runs whole: every prompt in one iteration, every request at once; otherwise the engine's limits.
    ...(run.tokenBudget !== undefined
      ? { tokenBudget: run.tokenBudget }
      : run.kind === 'static-batch'
        ? { tokenBudget: Math.max(8192, run.batch * (run.input + 1)) }
        : {}),
    ...(run.maxSequences !== undefined ? { maxSeqs: run.maxSequences } : run.kind === 'static-batch' ? { maxSeqs: Math.max(256, run.batch) } : {}),
    ...(run.engine === undefined ? {} : { engine: run.engine }),
    ...(run.gpuMemoryUtilization === undefined ? {} : { gpuMemoryUtilization: run.gpuMemoryUtilization }),
    ...(run.dpAttention === undefined ? {} : { dpAttention: run.dpAttention }),
    ...(run.ep ? { ep: true } : {}),
    ...(closed ? { concurrency: run.batch, warmup: 3 * run.batch } : {}),
    fidelity,
  });
  const values: Record<BenchmarkRun['metric'], number> = {
    'ttft-ms': report.ttftMs.p50,
    'tpot-ms': report.tpotMs.p50,
    'ttft-mean-ms': report.ttftMs.mean,
    'tpot-mean-ms': report.tpotMs.mean,
    'output-tokens-per-s': report.throughput.outputTokensPerSecPerGpu * report.gpus,
    'output-tokens-per-s-per-gpu': report.throughput.outputTokensPerSecPerGpu,
  };
  const load =
    run.kind === 'open-loop'
      ? `${run.requests ?? 500} requests ${Number.isFinite(run.rateRps ?? Number.POSITIVE_INFINITY) ? `at ${run.rateRps}/s Poisson` : 'at once'}`
      : `${run.kind === 'static-batch' ? 'batch' : 'concurrency'} ${run.batch}`;
  const shape = run.dpAttention === undefined ? `TP${run.tp}` : `TP${run.tp} DP-attention ${run.dpAttention}${run.ep ? ' EP' : ''}`;
  return {
    value: values[run.metric],
    unit: run.metric.startsWith('output-tokens') ? (run.metric.endsWith('per-gpu') ? 'tokens/s per gpu' : 'tokens/s') : 'ms',
    setup: `${run.preset} ${run.model} ${shape} ${run.precision} ${load}, ${run.input} in / ${run.output} out`,
  };
}
