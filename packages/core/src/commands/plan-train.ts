/** Command `plan-train` (the CLI's `plan train`): the best training plans for a model on a system, searched and ranked by tokens/s per GPU. */

import { argDefaults, count, defineArgs, kebab } from '../args/index.js';
import { planArgs } from '../training/plan-args.js';
import { countLayouts, FRAMEWORK_FIELDS, type PlanFramework, type PlanSearchReport, type RankedPlan, searchTrainingPlans } from '../training/plan-search.js';
import { stageLayersText } from '../training/stages.js';
import { declareMetrics } from './metrics.js';
import { modelArg, resolveModel } from './model.js';
import { type TimeToTrain, timeToTrain, tokensArg } from './train.js';
import { defineCommand } from './types.js';
import { allowLargeArg, checkWork } from './work.js';

/**
 * Layouts times GPUs: a plan's price grows with the GPUs its groups span. Llama 3.1 405B on 16,384 H100s is 2.8e7
 * (1.2 s); moe-10t on 262,144 AL128 GPUs 2.9e9 (20 s); the same at 32K tokens 1.5e10, past the default.
 */
export const PLAN_WORK_LIMIT = 3e9;
export const PLAN_WORK_HARD_LIMIT = 1e11;

const args = defineArgs({
  model: modelArg(),
  seq: planArgs.fields.seq,
  gbs: planArgs.fields.gbs,
  precision: planArgs.fields.precision,
  tpOverlap: planArgs.fields.tpOverlap,
  dpOverlap: planArgs.fields.dpOverlap,
  gradientBytes: planArgs.fields.gradientBytes,
  masterWeightBytes: planArgs.fields.masterWeightBytes,
  momentBytes: planArgs.fields.momentBytes,
  dropout: planArgs.fields.dropout,
  expertKernels: planArgs.fields.expertKernels,
  accountForEmbedding: planArgs.fields.accountForEmbedding,
  accountForLoss: planArgs.fields.accountForLoss,
  mtpDepth: planArgs.fields.mtpDepth,
  recomputeModules: planArgs.fields.recomputeModules,
  commSms: planArgs.fields.commSms,
  epNodeLimit: planArgs.fields.epNodeLimit,
  top: count('plans to report, best first', { max: 1000 }).or(10),
  tokens: tokensArg(),
  refine: count('price this many leaders again at flow fidelity (contention simulated) and rank them again', { min: 0, max: 10 }).or(0),
  allowLarge: allowLargeArg(),
});

/**
 * A ranked plan in words and with the arguments `train` runs it with, as flags (the layout, then each framework option not at its
 * default); with `tokens`, the time and dollars to train them at its rate.
 */
export type RankedTrainPlan = RankedPlan & {
  /** The plan in words (planLabel). */
  readonly label: string;
  readonly trainArgs: string;
  readonly timeToTrain?: TimeToTrain;
  readonly usdToTrain?: number;
};

export type PlanTrainReport = Omit<PlanSearchReport, 'top'> & {
  readonly model: string;
  readonly system: string;
  readonly gpus: number;
  readonly framework: PlanFramework;
  readonly top: readonly RankedTrainPlan[];
};

const PLAN_DEFAULTS = argDefaults(planArgs) as Record<string, unknown>;

/** 'TP 1 PP 16 (3,4x14,2) DP 128 EP 64 ETP 1, ZeRO 1, recompute selective, mbs 1, DualPipe': a ranked plan in words. */
export function planLabel(p: RankedPlan['plan']): string {
  const split = p.stageLayers ? ` (${stageLayersText(p.stageLayers)})` : '';
  const layout = `TP ${p.tp} PP ${p.pp}${split}${p.vpp > 1 ? ` VPP ${p.vpp}` : ''} DP ${p.dp}${p.cp > 1 ? ` CP ${p.cp}` : ''}${p.ep > 1 ? ` EP ${p.ep} ETP ${p.etp}` : ''}`;
  return `${layout}, ZeRO ${p.zero}, recompute ${p.recompute}, mbs ${p.mbs}${p.schedule === 'dualpipe' ? ', DualPipe' : ''}`;
}

/** `--tp 8 --pp 16 ... --tp-overlap --gradient-bytes 2`: what `train` needs to run this plan with these options. */
export function trainArgsOf(p: RankedPlan['plan'], framework: PlanFramework): string {
  const layout = ['tp', 'pp', 'vpp', 'dp', 'cp', 'ep', 'etp', 'zero', 'recompute', 'mbs', 'gbs', 'seq', 'precision'] as const;
  const words = layout.map((f) => `--${kebab(f)} ${p[f]}`);
  if (p.schedule !== (p.vpp > 1 ? 'interleaved' : '1f1b')) words.push(`--schedule ${p.schedule}`);
  if (p.stageLayers) words.push(`--stage-layers ${stageLayersText(p.stageLayers)}`);
  for (const f of FRAMEWORK_FIELDS) {
    const value = framework[f];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(PLAN_DEFAULTS[f])) continue;
    words.push(typeof value === 'boolean' ? `--${value ? '' : 'no-'}${kebab(f)}` : `--${kebab(f)} ${Array.isArray(value) ? value.join(',') : String(value)}`);
  }
  return words.join(' ');
}

export const planTrainCommand = defineCommand({
  id: 'plan-train',
  description:
    'the best training plans for a model on a system: every TP, PP, VPP, CP, EP/ETP, ZeRO and micro-batch layout at the least recomputation that fits, ranked by tokens/s per GPU',
  source: 'training/plan-search.ts',
  args,
  workLimit: `${PLAN_WORK_LIMIT.toExponential().replace('e+', 'e')} layout-GPUs (layouts searched x GPUs) unless allowLarge; ${PLAN_WORK_HARD_LIMIT.toExponential().replace('e+', 'e')} at most`,
  systemOptions: ['job'],
  run(system, a, context): PlanTrainReport {
    const model = resolveModel(a.model, context.readText);
    const framework = Object.fromEntries(FRAMEWORK_FIELDS.map((f) => [f, a[f]])) as PlanFramework;
    const input = { seq: a.seq, gbs: a.gbs, precision: a.precision, top: a.top, refine: a.refine, framework };
    const gpus = system.jobGpus ?? system.gpus;
    checkWork(
      { field: 'gpus', amount: countLayouts(system, model, input) * gpus, unit: 'layout-GPUs', limit: PLAN_WORK_LIMIT, hardLimit: PLAN_WORK_HARD_LIMIT },
      a.allowLarge,
    );
    const found = searchTrainingPlans(system, model, input);
    const top = found.top.map((t) => ({
      ...t,
      label: planLabel(t.plan),
      trainArgs: trainArgsOf(t.plan, framework),
      ...(a.tokens === undefined
        ? {}
        : { timeToTrain: timeToTrain(t.tokensPerSecPerGpu, gpus, a.tokens), usdToTrain: (a.tokens / 1e6) * t.usdPerMillionTokens }),
    }));
    return { model: model.id, system: system.spec.name, gpus: system.jobGpus ?? system.gpus, framework, ...found, top };
  },
  metrics: declareMetrics({
    plansSearched: 'layouts the search considered',
    plansFeasible: 'layouts that fit memory at some recomputation (each priced)',
    bestTokensPerSecPerGpu: "the best plan's trained tokens per second per GPU (0 if none fits)",
    bestMfu: "the best plan's model FLOPs utilisation (0 if none fits)",
    bestUsdPerMillionTokens: 'what a million tokens cost on the best plan (0 if none fits)',
    bestDaysToTrain: 'days to train args.tokens on the best plan (0 without args.tokens or a plan that fits)',
    bestPlan$: "the best plan as train's arguments, such as 'tp 8 pp 16 vpp 4 dp 64 cp 2 zero 1 recompute selective mbs 1'",
  }),
  metricsOf(r) {
    const best = r.top[0];
    const p = best?.plan;
    return {
      plansSearched: r.searched,
      plansFeasible: r.feasible,
      bestTokensPerSecPerGpu: best?.tokensPerSecPerGpu ?? 0,
      bestMfu: best?.mfu ?? 0,
      bestUsdPerMillionTokens: best?.usdPerMillionTokens ?? 0,
      bestDaysToTrain: best?.timeToTrain?.days ?? 0,
      bestPlan: p
        ? `tp ${p.tp} pp ${p.pp} vpp ${p.vpp} dp ${p.dp} cp ${p.cp} ep ${p.ep} etp ${p.etp} zero ${p.zero} recompute ${p.recompute} mbs ${p.mbs}`
        : 'none',
    };
  },
});
