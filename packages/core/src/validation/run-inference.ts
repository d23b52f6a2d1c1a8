/** Runs the published inference cases as their expressions say and compares each figure with the published one. */

import type { Fidelity } from '../comm/run.js';
import { models } from '../models/registry.js';
import type { TransformerModel } from '../models/types.js';
import { systemPresets } from '../presets/registry.js';
import { fewestOffloadLayers } from '../serving/deployment.js';
import { engines } from '../serving/engines.js';
import { serve } from '../serving/serve.js';
import type { ServeOptions } from '../serving/serve-args.js';
import { decodeRate, decodeRateAtTpot, kvBatchPerGroup, prefillRate } from '../serving/steady.js';
import { generateRequests, type ServingRequest } from '../serving/workload.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem, type System } from '../system/system.js';
import { seconds } from '../units/units.js';
import { HOLDOUT_INFERENCE_CASES } from './holdout-inference-cases.js';
import { INFERENCE_CASES } from './inference-cases.js';
import type { BenchmarkMetric, BenchmarkRun, InferenceCaseExpression, InferenceExpression, SteadyRun } from './inference-expression.js';
import { caseSet, isUnverified, type PublishedCase, publishedNumber, type ValidationRow } from './types.js';

/** Every inference case's expression: the upstream development set's and the ones added since, held back. */
const EXPRESSIONS: Readonly<Record<string, InferenceCaseExpression>> = { ...INFERENCE_CASES, ...HOLDOUT_INFERENCE_CASES };

export function validateInferenceCase(c: PublishedCase, fidelity: Fidelity = 'analytical'): { rows: ValidationRow[] } | { skip: string } {
  const expression = EXPRESSIONS[c.id];
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

interface Prediction {
  readonly value: number;
  readonly unit: string;
  readonly setup: string;
}

function predict(run: InferenceExpression, fidelity: Fidelity): Prediction {
  if (run.kind === 'ratio') {
    const of = predict(run.of, fidelity);
    const over = predict(run.over, fidelity);
    return { value: of.value / over.value, unit: 'x', setup: `${of.setup} over ${over.setup}` };
  }
  const system = buildSystem(systemSchema.parse(systemPresets.get(run.preset).input), { gpus: run.gpus });
  const model = models.get(run.model);
  return isSteady(run) ? steady(run, system, model, fidelity) : benchmark(run, system, model, fidelity);
}

const isSteady = (run: SteadyRun | BenchmarkRun): run is SteadyRun => run.kind === 'decode' || run.kind === 'prefill' || run.kind === 'decode-at-tpot';

/** A steady-state rate of the replica: decode at a batch (given, or what fills the KV cache), within a TPOT, or prefill. */
function steady(run: SteadyRun, system: System, model: TransformerModel, fidelity: Fidelity): Prediction {
  const engine = run.engine === undefined ? undefined : engines.get(run.engine);
  const sized = engine ? { ...run.shape, memory: engine.memory({ gpu: system.spec.gpu, tp: run.shape.tp, ep: run.shape.ep > 1 }) } : run.shape;
  // KV the step holds: a prefill's prompt tokens, a decode's requests' contexts.
  const held = (run.perGroup ?? run.tokens) * (run.kind === 'prefill' ? 1 : run.tokens) * sized.dpAttention;
  const shape = run.offloadToFit ? fewestOffloadLayers(model, sized, run.offloadToFit, system.spec.gpu.hbmUsable, held) : sized;
  const perGroup = run.kind === 'decode' && run.fillKv ? kvBatchPerGroup(system, model, shape, run.tokens) : run.perGroup;
  const rate =
    run.kind === 'decode'
      ? decodeRate(system, model, shape, perGroup ?? 1, run.tokens, fidelity)
      : run.kind === 'prefill'
        ? prefillRate(system, model, shape, perGroup ?? run.tokens, run.tokens, fidelity)
        : decodeRateAtTpot(system, model, shape, run.tokens, run.tpotS ?? 0.05, fidelity);
  const scale = run.per === 'node' ? system.spec.server.gpus : 1;
  const what =
    run.kind === 'prefill'
      ? `${perGroup} prompt tokens/GPU of ${run.tokens}`
      : run.kind === 'decode'
        ? `${perGroup}${run.fillKv ? ' (fills KV)' : ''} requests/GPU at ${run.tokens} ctx`
        : `TPOT ${(1000 * (run.tpotS ?? 0)).toFixed(1)} ms at ${run.tokens} ctx`;
  const spec = shape.speculation;
  const mtp = spec ? ` MTP ${spec.draftTokens} at ${spec.acceptance.toFixed(2)}` : '';
  const kv = shape.kvBytesPerElement === 2 ? '' : ` KV ${shape.kvBytesPerElement} B`;
  const replica = shape.tp * shape.dpAttention;
  const gpus = replica < run.gpus ? `x${run.gpus} (replica of ${replica})` : `x${run.gpus}`;
  const offload = shape.weightOffload ? ` ${shape.weightOffload.layers} layers in ${shape.weightOffload.tier}` : '';
  return {
    value: rate.tokensPerSecPerGpu * scale,
    unit: `tokens/s per ${run.per}`,
    setup: `${run.preset} ${gpus} ${run.model} ${run.kind} ${shape.precision}${shape.attentionPrecision ? ` attention ${shape.attentionPrecision}` : ''}${kv} EP${shape.ep}${shape.overlap ? ' overlap' : ''}${offload}${mtp}, ${what}`,
  };
}

/** Seconds one request takes alone on the benchmark's replica. */
function isolatedSeconds(run: BenchmarkRun, system: System, model: TransformerModel, fidelity: Fidelity): number {
  const one: ServingRequest[] = [{ id: 0, arrivalS: 0, inputTokens: run.input, outputTokens: run.output, blockHashes: [] }];
  return serve(system, model, one, { ...deployment(run), replicas: 1, fidelity }).e2eMs.p50 / 1000;
}

/** The replica a benchmark runs on, as serve takes it: its layout, number formats and speculation. */
function deployment(run: BenchmarkRun): ServeOptions {
  return {
    tp: run.tp,
    precision: run.precision,
    kvPrecision: run.kvPrecision ?? 'bf16',
    ...(run.dpAttention === undefined ? {} : { dpAttention: run.dpAttention }),
    ...(run.ep ? { ep: true } : {}),
    ...(run.moeTp === undefined ? {} : { moeTp: run.moeTp }),
    ...(run.attentionPrecision === undefined ? {} : { attentionPrecision: run.attentionPrecision }),
    ...(run.epBalance === undefined ? {} : { epBalance: run.epBalance }),
    ...(run.mtp ? { speculative: 'mtp', draftTokens: run.mtp.draftTokens, acceptance: run.mtp.acceptance } : {}),
    ...(run.engine === undefined ? {} : { engine: run.engine }),
    ...(run.moeBackend === undefined ? {} : { moeBackend: run.moeBackend }),
    ...(run.gpuMemoryUtilization === undefined ? {} : { gpuMemoryUtilization: run.gpuMemoryUtilization }),
  };
}

/** The requests a benchmark sends: a static batch at t = 0, closed-loop clients ramping in, or Poisson arrivals. */
function benchmarkRequests(run: BenchmarkRun, alone: number): ServingRequest[] {
  if (run.kind === 'open-loop') {
    const requests = run.requests ?? 500;
    const rate = run.rateRps ?? Number.POSITIVE_INFINITY;
    const lengths = { input: { kind: 'fixed', tokens: run.input }, output: { kind: 'fixed', tokens: run.output } } as const;
    // An infinite rate sends every request at once (trtllm-bench and benchmark_serving at request rate inf).
    const arrival = Number.isFinite(rate) ? ({ kind: 'poisson', rateRps: rate } as const) : ({ kind: 'at-once' } as const);
    return generateRequests({ arrival, requests, ...lengths, seed: 1 });
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
 * Output tokens/s per user is a request's output over its whole time, prefill included (as trtllm-bench reports it).
 * Closed and open loops run through the engine's HTTP front end (serving/host-cpu.ts); a static batch runs offline.
 */
function benchmark(run: BenchmarkRun, system: System, model: TransformerModel, fidelity: Fidelity): Prediction {
  const closed = run.kind === 'closed-loop';
  const alone = closed ? isolatedSeconds(run, system, model, fidelity) : 0;
  const report = serve(system, model, benchmarkRequests(run, alone), {
    ...deployment(run),
    replicas: 1,
    // A static batch runs whole: every prompt in one iteration, every request at once; otherwise the engine's limits.
    ...(run.tokenBudget !== undefined
      ? { tokenBudget: run.tokenBudget }
      : run.kind === 'static-batch'
        ? { tokenBudget: Math.max(8192, run.batch * (run.input + 1)) }
        : {}),
    ...(run.maxSequences !== undefined ? { maxSeqs: run.maxSequences } : run.kind === 'static-batch' ? { maxSeqs: Math.max(256, run.batch) } : {}),
    ...(closed ? { concurrency: run.batch, warmup: 3 * run.batch } : {}),
    // A static batch runs offline (the engine's generate call on token ids or raw prompts): no HTTP server and no chat
    // template; tokenizing 128 tokens is 31 us (serving/host-cpu.ts), left out.
    ...(run.kind === 'static-batch' ? { requestOverhead: seconds(0) } : {}),
    fidelity,
  });
  const values: Record<BenchmarkMetric, number> = {
    'ttft-ms': report.ttftMs.p50,
    'tpot-ms': report.tpotMs.p50,
    'ttft-mean-ms': report.ttftMs.mean,
    'tpot-mean-ms': report.tpotMs.mean,
    'output-tokens-per-s': report.throughput.outputTokensPerSecPerGpu * report.gpus,
    'output-tokens-per-s-per-gpu': report.throughput.outputTokensPerSecPerGpu,
    'output-tokens-per-s-per-user': run.output / (report.e2eMs.mean / 1000),
  };
  const load =
    run.kind === 'open-loop'
      ? `${run.requests ?? 500} requests ${Number.isFinite(run.rateRps ?? Number.POSITIVE_INFINITY) ? `at ${run.rateRps}/s Poisson` : 'at once'}`
      : `${run.kind === 'static-batch' ? 'batch' : 'concurrency'} ${run.batch}`;
  const experts = run.moeTp === undefined ? '' : ` experts EP ${(run.tp * (run.dpAttention ?? 1)) / run.moeTp} x TP ${run.moeTp}`;
  const shape = run.dpAttention === undefined ? `TP${run.tp}${experts}` : `TP${run.tp} DP-attention ${run.dpAttention}${run.ep ? ' EP' : ''}${experts}`;
  const kv = run.kvPrecision === undefined || run.kvPrecision === run.precision ? '' : ` KV ${run.kvPrecision}`;
  const mtp = run.mtp ? ` MTP ${run.mtp.draftTokens} at ${run.mtp.acceptance.toFixed(2)}` : '';
  return {
    value: values[run.metric],
    unit: run.metric.startsWith('output-tokens')
      ? `tokens/s${run.metric.endsWith('per-gpu') ? ' per gpu' : run.metric.endsWith('per-user') ? ' per user' : ''}`
      : 'ms',
    setup: `${run.preset} ${run.model} ${shape} ${run.precision}${run.attentionPrecision ? ` attention ${run.attentionPrecision}` : ''}${kv}${mtp} ${load}, ${run.input} in / ${run.output} out`,
  };
}
