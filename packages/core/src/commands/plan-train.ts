/** Command `plan-train` (the CLI's `plan train`): the best training plans for a model on a system, searched and ranked by tokens/s per GPU. */

import { count, defineArgs } from '../args/index.js';
import { planArgs } from '../training/plan-args.js';
import { countLayouts, type PlanSearchReport, searchTrainingPlans } from '../training/plan-search.js';
import { declareMetrics } from './metrics.js';
import { modelArg, resolveModel } from './model.js';
import { defineCommand } from './types.js';
import { allowLargeArg, checkWork } from './work.js';

/** Layouts times GPUs: a plan's price grows with the GPUs its groups span. Llama 3.1 405B on 16,384 H100s is 1.1e7 (1.4 s). */
export const PLAN_WORK_LIMIT = 3e8;
export const PLAN_WORK_HARD_LIMIT = 1e11;

const args = defineArgs({
  model: modelArg(),
  seq: planArgs.fields.seq,
  gbs: planArgs.fields.gbs,
  precision: planArgs.fields.precision,
  top: count('plans to report, best first', { max: 1000 }).or(10),
  refine: count('price this many leaders again at flow fidelity (contention simulated) and rank them again', { min: 0, max: 10 }).or(0),
  allowLarge: allowLargeArg(),
});

export type PlanTrainReport = PlanSearchReport & { readonly model: string; readonly system: string; readonly gpus: number };

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
    const input = { seq: a.seq, gbs: a.gbs, precision: a.precision, top: a.top, refine: a.refine };
    const gpus = system.jobGpus ?? system.gpus;
    checkWork(
      { field: 'gpus', amount: countLayouts(system, model, input) * gpus, unit: 'layout-GPUs', limit: PLAN_WORK_LIMIT, hardLimit: PLAN_WORK_HARD_LIMIT },
      a.allowLarge,
    );
    const found = searchTrainingPlans(system, model, input);
    return { model: model.id, system: system.spec.name, gpus: system.jobGpus ?? system.gpus, ...found };
  },
  metrics: declareMetrics({
    plansSearched: 'layouts the search considered',
    plansFeasible: 'layouts that fit memory at some recomputation (each priced)',
    bestTokensPerSecPerGpu: "the best plan's trained tokens per second per GPU (0 if none fits)",
    bestMfu: "the best plan's model FLOPs utilisation (0 if none fits)",
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
      bestPlan: p
        ? `tp ${p.tp} pp ${p.pp} vpp ${p.vpp} dp ${p.dp} cp ${p.cp} ep ${p.ep} etp ${p.etp} zero ${p.zero} recompute ${p.recompute} mbs ${p.mbs}`
        : 'none',
    };
  },
});
