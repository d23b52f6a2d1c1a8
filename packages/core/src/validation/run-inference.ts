/** Runs the published inference cases as their expressions say and compares each figure with the published one. */

import type { Fidelity } from '../comm/run.js';
import { models } from '../models/registry.js';
import type { TransformerModel } from '../models/types.js';
import { systemPresets } from '../presets/registry.js';
import { serve } from '../serving/serve.js';
import { decodeRate, decodeRateAtTpot, prefillRate } from '../serving/steady.js';
import type { ServingRequest } from '../serving/workload.js';
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
function isolatedSeconds(
  run: Extract<InferenceExpression, { kind: 'static-batch' | 'closed-loop' }>,
  system: System,
  model: TransformerModel,
  fidelity: Fidelity,
): number {
  const one: ServingRequest[] = [{ id: 0, arrivalS: 0, inputTokens: run.input, outputTokens: run.output, blockHashes: [] }];
  return serve(system, model, one, { tp: run.tp, replicas: 1, precision: run.precision, kvBytes: run.kvBytes ?? 2, fidelity }).e2eMs.p50 / 1000;
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
  return benchmark(run as Extract<InferenceExpression, { kind: 'static-batch' | 'closed-loop' }>, system, model, fidelity);
}

/**
 * A static batch (all prompts in one iteration), or a closed loop of `batch` clients sending eight requests each as a
 * benchmark measures it: the engine's default 8,192-token budget, clients ramping in over one request's time alone
 * (so they do not run in lockstep), and the first three waves as warm-up.
 */
function benchmark(run: Extract<InferenceExpression, { kind: 'static-batch' | 'closed-loop' }>, system: System, model: TransformerModel, fidelity: Fidelity) {
  const closed = run.kind === 'closed-loop';
  const count = closed ? 8 * run.batch : run.batch;
  const alone = closed ? isolatedSeconds(run, system, model, fidelity) : 0;
  const requests: ServingRequest[] = Array.from({ length: count }, (_, id) => ({
    id,
    arrivalS: closed && id < run.batch ? (id * alone) / run.batch : 0,
    inputTokens: run.input,
    outputTokens: run.output,
    blockHashes: [],
  }));
  const report = serve(system, model, requests, {
    tp: run.tp,
    replicas: 1,
    precision: run.precision,
    kvBytes: run.kvBytes ?? 2,
    tokenBudget: closed ? 8192 : Math.max(8192, run.batch * (run.input + 1)),
    maxSequences: Math.max(256, run.batch),
    ...(closed ? { clients: run.batch, warmup: 3 * run.batch } : {}),
    fidelity,
  });
  const value =
    run.metric === 'ttft-ms' ? report.ttftMs.p50 : run.metric === 'tpot-ms' ? report.tpotMs.p50 : report.throughput.outputTokensPerSecPerGpu * report.gpus;
  return {
    value,
    unit: run.metric === 'output-tokens-per-s' ? 'tokens/s' : 'ms',
    setup: `${run.preset} ${run.model} TP${run.tp} ${run.precision} ${run.kind === 'static-batch' ? 'batch' : 'concurrency'} ${run.batch}, ${run.input} in / ${run.output} out`,
  };
}
