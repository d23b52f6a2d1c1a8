/**
 * What practitioners chose, against the plan search: for production runs whose plans are public, the published plan
 * must fit, rank among the search's best ten (the plans it ranks: none beaten by another on both speed and memory), and
 * be predicted no faster than the best plan the search finds. Each run
 * is a training case of validation/cases.json (its source there), searched with the published plan's framework options.
 */

import { deepMerge } from '../base/merge.js';
import { models } from '../models/registry.js';
import { systemPresets } from '../presets/registry.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem } from '../system/system.js';
import { FRAMEWORK_FIELDS, type PlanFramework, searchTrainingPlans } from '../training/plan-search.js';
import { train } from '../training/train.js';
import { expressTrainingCase } from './training-cases.js';
import type { PublishedCase } from './types.js';

/** The production runs checked: Meta's, DeepSeek's, and NeMo and Megatron-Bridge recipes. */
export const PLAN_CHECK_CASES: readonly string[] = [
  'train-llama3-405b-16384',
  'train-llama3-405b-8192',
  'train-deepseekv3-per-T-tokens',
  'train-nemo2407-h100-LLAMA3-70B-64',
  'train-nemo2407-h100-GPT3-175B-512',
  'train-nemo2407-h100-Nemotron-340B-128',
  'train-mbridge-h100-llama31-405b-1024-2602-fp8',
];

/** The published plan's rank among the searched ones, the best found, and whether the three conditions hold. */
export interface PlanCheck {
  readonly id: string;
  readonly setup: string;
  readonly fits: boolean;
  /** 1 + the undominated searched plans predicted faster than the published one (the search's own ranking). */
  readonly rank: number;
  /** Plans the search ranks: those that fit, less those another beats on both speed and memory. */
  readonly priced: number;
  readonly publishedTokensPerSecPerGpu: number;
  readonly bestTokensPerSecPerGpu: number;
  readonly bestPlan: string;
  readonly pass: boolean;
}

const RANK_LIMIT = 10;

export function planChecks(cases: readonly PublishedCase[], filter?: string): PlanCheck[] {
  const out: PlanCheck[] = [];
  for (const id of PLAN_CHECK_CASES) {
    if (filter !== undefined && !id.includes(filter)) continue;
    const c = cases.find((x) => x.id === id);
    const e = c ? expressTrainingCase(c) : undefined;
    if (e === undefined || typeof e === 'string' || !models.has(e.model)) continue;
    const system = buildSystem(systemSchema.parse(deepMerge(systemPresets.get(e.preset).input, e.overrides ?? {})), { gpus: e.gpus, job: e.job === true });
    const model = models.get(e.model);
    const published = train(system, model, e.plan, { allowOom: true });
    const framework = Object.fromEntries(FRAMEWORK_FIELDS.filter((f) => e.plan[f] !== undefined).map((f) => [f, e.plan[f]])) as PlanFramework;
    const search = searchTrainingPlans(system, model, { seq: e.plan.seq, gbs: e.plan.gbs, precision: e.plan.precision ?? 'bf16', framework, top: 1000 });
    const rank = 1 + search.top.filter((p) => p.tokensPerSecPerGpu > published.tokensPerSecPerGpu).length;
    const best = search.top[0];
    const p = best?.plan;
    const bestTokens = best?.tokensPerSecPerGpu ?? 0;
    out.push({
      id,
      setup: e.setup,
      fits: published.fits,
      rank,
      priced: search.feasible - search.dominated,
      publishedTokensPerSecPerGpu: published.tokensPerSecPerGpu,
      bestTokensPerSecPerGpu: bestTokens,
      bestPlan: p
        ? `TP ${p.tp} PP ${p.pp} VPP ${p.vpp} DP ${p.dp} CP ${p.cp}${p.ep > 1 ? ` EP ${p.ep}` : ''} ZeRO ${p.zero} ${p.recompute} mbs ${p.mbs}`
        : 'none',
      pass: published.fits && rank <= RANK_LIMIT && bestTokens >= published.tokensPerSecPerGpu,
    });
  }
  return out;
}
