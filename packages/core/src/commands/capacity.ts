/** Command `capacity`: one replica in steady state at a TPOT target: the decode batch and tokens/s per GPU, the prefill rate, the unloaded TTFT. */

import { count, defineArgs } from '../args/index.js';
import { ArgumentError } from '../base/errors.js';
import { type CapacityReport, capacityAt } from '../serving/capacity.js';
import { replicaDeployment } from '../serving/replica-deployment.js';
import { loadArgs, replicaFields, resolveLength, serveOptionArgs } from '../serving/serve-args.js';
import type { LengthSpec } from '../serving/workload.js';
import { declareMetrics } from './metrics.js';
import { modelArg, resolveModel } from './model.js';
import { defineCommand } from './types.js';

/** The mean of a length spec: what the steady state evaluates at. */
export function meanLength(spec: LengthSpec): number {
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

/** The same names as `serve`'s, so `serve --capacity` hands its arguments over unchanged. */
const args = defineArgs({
  model: modelArg(),
  ...replicaFields,
  slo: serveOptionArgs.fields.slo,
  batch: count('decode at this many requests per attention group instead of the largest batch within the SLO TPOT', { max: 10_000_000 }).otherwise(
    'the largest batch within the SLO TPOT',
  ),
  inputLen: loadArgs.fields.inputLen,
  outputLen: loadArgs.fields.outputLen,
});

export const capacityCommand = defineCommand({
  id: 'capacity',
  description:
    'one replica in steady state: the decode batch and tokens/s per GPU that meet the SLO TPOT (or at a given batch) at the mean context, prefill rate, unloaded TTFT',
  source: 'serving/capacity.ts',
  args,
  systemOptions: ['straggler'],
  run(system, a, context): CapacityReport {
    const model = resolveModel(a.model, context.readText);
    const tpot = a.slo?.tpotS;
    if (tpot === undefined && a.batch === undefined) throw new ArgumentError('slo', 'needs a time per output token, e.g. tpot=50ms, or give a decode batch');
    if (tpot !== undefined && a.batch !== undefined)
      throw new ArgumentError('batch', 'sizes the decode batch as given; give it or a TPOT in the SLO, not both');
    const prompt = Math.round(meanLength(resolveLength(a.inputLen, 'inputLen', context.readText)));
    const mean = Math.round(prompt + meanLength(resolveLength(a.outputLen, 'outputLen', context.readText)) / 2);
    // Offloaded weights make room for one request of the mean context at least.
    const { shape, engine } = replicaDeployment(system, model, a, mean);
    const target = a.batch !== undefined ? { batchPerGroup: a.batch } : { tpotS: tpot as number };
    const frontEnd = engine.requestOverhead.fixedS + engine.requestOverhead.perPromptTokenS * prompt;
    return capacityAt(system, model, shape, mean, prompt, target, a.fidelity, frontEnd);
  },
  metrics: declareMetrics({
    decodeTokensPerSecPerGpu: 'decoded tokens per second per GPU at the TPOT target',
    decodeBatchPerGroup: 'requests per attention group at the target',
    decodeStepMs: 'decode iteration at that batch, ms',
    prefillTokensPerSecPerGpu: 'prompt tokens per second per GPU',
    ttftMs: 'prefill of one prompt per attention group, unloaded, ms',
    usdPerMillionOutputTokens: 'cost per million decoded tokens at the target, USD',
    joulesPerOutputToken: 'facility energy per decoded token, J',
  }),
  metricsOf(r) {
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
});
