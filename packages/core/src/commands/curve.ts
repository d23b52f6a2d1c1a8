/** Command `curve`: the interactivity curve of a model on a system, every serving configuration's tokens/s per GPU against tokens/s per user, and its envelope. */

import { choices, count, defineArgs, flag } from '../args/index.js';
import { FORMAT_IDS, type FormatId } from '../compute/formats.js';
import { type Curve, interactivityCurve, throughputAt } from '../serving/curve.js';
import { engineSettings, engineShape } from '../serving/engines.js';
import { loadArgs, replicaFields, resolveLength } from '../serving/serve-args.js';
import { meanLength } from './capacity.js';
import { declareMetrics } from './metrics.js';
import { modelArg, resolveModel } from './model.js';
import { defineCommand } from './types.js';

/** Interactivity levels the sweep metrics and comparisons read the envelope at, tokens/s per user. */
export const CURVE_LEVELS = [20, 50, 100] as const;

const args = defineArgs({
  model: modelArg(),
  inputLen: loadArgs.fields.inputLen,
  outputLen: loadArgs.fields.outputLen,
  precisions: choices(FORMAT_IDS, 'number formats to try (those the GPU has a tensor rate for)').or(['bf16', 'fp8', 'nvfp4'] as FormatId[]),
  mtp: flag('try multi-token prediction (k = 1 at 85% acceptance) beside plain decode').or(true),
  maxGpusPerReplica: count('replicas of at most this many GPUs (a replica may span scale-up domains)').otherwise('the whole system'),
  engine: replicaFields.engine,
  gpuMemoryUtilization: replicaFields.gpuMemoryUtilization,
  stepOverhead: replicaFields.stepOverhead,
  kernelGap: replicaFields.kernelGap,
  moeBackend: replicaFields.moeBackend,
  epBalance: replicaFields.epBalance,
});

export const curveCommand = defineCommand({
  id: 'curve',
  description:
    "a model's interactivity curve on a system: every serving configuration (TP, attention-DP with EP, mixed or disaggregated, batch, format, MTP) as output tokens/s per GPU against tokens/s per user, and the envelope",
  source: 'serving/curve.ts',
  args,
  systemOptions: [],
  run(system, a, context): Curve {
    const model = resolveModel(a.model, context.readText);
    return interactivityCurve(system, model, {
      inputTokens: Math.round(meanLength(resolveLength(a.inputLen, 'inputLen', context.readText))),
      outputTokens: Math.round(meanLength(resolveLength(a.outputLen, 'outputLen', context.readText))),
      precisions: a.precisions,
      mtp: a.mtp,
      ...(a.maxGpusPerReplica === undefined ? {} : { maxGpusPerReplica: a.maxGpusPerReplica }),
      engine: (tp, ep) => ({ ...engineShape(engineSettings(a, { gpu: system.spec.gpu, tp, ep })), epBalance: a.epBalance }),
    });
  },
  metrics: declareMetrics({
    configurations: 'configurations the curve tried (points)',
    maxOutputTokensPerSecPerGpu: 'the most output tokens/s per GPU any configuration serves',
    maxTokensPerSecPerUser: 'the fastest tokens/s per user any configuration serves',
    tokensPerSecPerGpuAt20: 'output tokens/s per GPU on the envelope at 20 tokens/s per user (0 if none reaches it)',
    tokensPerSecPerGpuAt50: 'output tokens/s per GPU on the envelope at 50 tokens/s per user (0 if none reaches it)',
    tokensPerSecPerGpuAt100: 'output tokens/s per GPU on the envelope at 100 tokens/s per user (0 if none reaches it)',
  }),
  metricsOf(c) {
    const [at20, at50, at100] = CURVE_LEVELS.map((level) => throughputAt(c.envelope, level));
    return {
      configurations: c.points.length,
      maxOutputTokensPerSecPerGpu: Math.max(0, ...c.points.map((p) => p.outputTokensPerSecPerGpu)),
      maxTokensPerSecPerUser: Math.max(0, ...c.points.map((p) => p.tokensPerSecPerUser)),
      tokensPerSecPerGpuAt20: at20 ?? 0,
      tokensPerSecPerGpuAt50: at50 ?? 0,
      tokensPerSecPerGpuAt100: at100 ?? 0,
    };
  },
});
