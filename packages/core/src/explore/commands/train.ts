/** Sweep command `train`: one training iteration of a model on the point's system (analytical unless args say flow). */

import { z } from 'zod';
import { models } from '../../models/registry.js';
import type { PlanInput } from '../../training/plan.js';
import { train } from '../../training/train.js';
import { declareMetrics, type SweepCommand } from './types.js';

const whole = z.number().int().positive();
const bytes = z.union([z.literal(2), z.literal(4)]);

/** Every PlanInput field, so the spec's `args:` and the plan cannot drift apart (the type checks the key set). */
export const planFields = {
  tp: whole,
  pp: whole,
  vpp: whole.optional(),
  dp: whole.optional(),
  cp: whole.optional(),
  ep: whole.optional(),
  etp: whole.optional(),
  mbs: whole,
  gbs: whole,
  seq: whole,
  precision: z.enum(['bf16', 'fp8', 'fp4']).optional(),
  recompute: z.enum(['none', 'selective', 'full']).optional(),
  zero: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  sequenceParallel: z.boolean().optional(),
  attention: z.enum(['flash', 'unfused']).optional(),
  tpOverlap: z.boolean().optional(),
  dpOverlap: z.boolean().optional(),
  ppOverlap: z.boolean().optional(),
  gradientBytes: bytes.optional(),
  masterWeightBytes: bytes.optional(),
  momentBytes: bytes.optional(),
  dropout: z.boolean().optional(),
  recomputeModules: z.array(z.enum(['core-attention', 'norm', 'mla-up-proj', 'activation'])).optional(),
  schedule: z.string().optional(),
  microbatchGroup: whole.optional(),
  stageLayers: z.array(z.number().int().nonnegative()).optional(),
  accountForEmbedding: z.boolean().optional(),
  accountForLoss: z.boolean().optional(),
  offloadActivations: z.number().min(0).max(1).optional(),
  permuteFusion: z.boolean().optional(),
  mtpDepth: z.number().int().nonnegative().optional(),
  epNodeLimit: whole.optional(),
  commSms: z.number().int().nonnegative().optional(),
} satisfies Record<keyof PlanInput, z.ZodType>;

const args = z.strictObject({ model: z.string(), fidelity: z.enum(['analytical', 'flow']).optional(), ...planFields });

export const trainCommand: SweepCommand = {
  id: 'train',
  description: 'one training iteration: step time, tokens/s and MFU per GPU, memory, cost per million tokens',
  source: 'training/train.ts',
  args,
  metrics: declareMetrics({
    iterationTimeS: 'time of one iteration, s',
    tokensPerSecPerGpu: 'trained tokens per second per GPU',
    mfu: 'model FLOPs utilisation, share of dense peak',
    modelTflopsPerGpu: 'model TFLOP/s per GPU',
    memoryPerGpuGiB: 'memory per GPU (weights, gradients, optimizer, activations), GiB',
    'fits?': 'the plan fits the usable HBM (yes/no)',
    bubbleS: 'pipeline bubble per iteration, s',
    exposedCommS: 'communication on the critical path per iteration (TP, PP, DP, EP, CP), s',
    usdPerMillionTokens: 'cost per million trained tokens, USD',
    joulesPerToken: 'facility energy per trained token, J',
    stragglerSlowdown: 'share of the step that slow GPUs add (system.stragglers), 0 without',
  }),
  evaluate(system, raw) {
    const { model, fidelity, ...plan } = args.parse(raw);
    const r = train(system, models.get(model), plan as PlanInput, { fidelity: fidelity ?? 'analytical', allowOom: true });
    const c = r.breakdown.exposedCommS;
    return {
      iterationTimeS: r.iterationTimeS,
      tokensPerSecPerGpu: r.tokensPerSecPerGpu,
      mfu: r.mfu,
      modelTflopsPerGpu: r.modelTflopsPerGpu,
      memoryPerGpuGiB: r.memoryPerGpuGiB.total,
      fits: r.fits,
      bubbleS: r.breakdown.bubbleS,
      exposedCommS: c.tp + c.pp + c.dp + c.ep + c.cp,
      usdPerMillionTokens: r.economics.usdPerMillionTokens,
      joulesPerToken: r.economics.joulesPerToken,
      stragglerSlowdown: r.stragglers?.slowdown ?? 0,
    };
  },
};
