/**
 * The best training plans for a model on a system: every parallel layout the GPUs divide into (TP inside a scale-up
 * domain, PP, VPP, CP, EP and ETP, DP for the rest), ZeRO stage and micro-batch size, each at the least recomputation
 * that fits memory, priced by the same iteration model `train` uses and ranked by tokens/s per GPU.
 */

import { ArgumentError, ConfigError } from '../base/errors.js';
import { CollectiveSession, type Fidelity } from '../comm/run.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { memoryPerGpu } from './memory.js';
import { resolvePlan } from './plan.js';
import type { PlanInput, Precision, Recompute } from './plan-args.js';
import { balancedChunkLayers } from './stages.js';
import { type TrainReport, train } from './train.js';

/** The framework's options a search holds fixed for every layout (what a recipe sets besides the layout). */
export const FRAMEWORK_FIELDS = [
  'tpOverlap',
  'dpOverlap',
  'gradientBytes',
  'masterWeightBytes',
  'momentBytes',
  'dropout',
  'expertKernels',
  'accountForEmbedding',
  'accountForLoss',
  'mtpDepth',
  'recomputeModules',
  'commSms',
  'epNodeLimit',
] as const;
export type PlanFramework = Pick<PlanInput, (typeof FRAMEWORK_FIELDS)[number]>;

export interface PlanSearchInput {
  readonly seq: number;
  readonly gbs: number;
  readonly precision?: Precision;
  /** Framework options every layout runs with (unset: train's defaults). */
  readonly framework?: PlanFramework;
  /** Plans to report, best first. */
  readonly top?: number;
  /** Re-price this many leaders at flow fidelity (contention simulated) and rank them again. */
  readonly refine?: number;
}

/** One plan of the top-k: its arguments as `train` takes them, and what separates it from the others. */
export interface RankedPlan {
  readonly plan: Required<
    Pick<PlanInput, 'tp' | 'pp' | 'vpp' | 'dp' | 'cp' | 'ep' | 'etp' | 'zero' | 'recompute' | 'mbs' | 'gbs' | 'seq' | 'precision' | 'schedule'>
  > &
    Pick<PlanInput, 'stageLayers'>;
  readonly tokensPerSecPerGpu: number;
  readonly mfu: number;
  readonly iterationTimeS: number;
  /** What a million trained tokens cost on this plan: the system's GPU-hour over its rate (train's economics). */
  readonly usdPerMillionTokens: number;
  readonly memoryGiB: { readonly total: number; readonly capacity: number; readonly headroom: number };
  readonly breakdown: TrainReport['breakdown'];
  readonly fidelity: Fidelity;
}

export interface PlanSearchReport {
  /** Layouts considered (each with every recomputation it was tried at). */
  readonly searched: number;
  /** Of them, those that fit memory at some recomputation: each priced once. */
  readonly feasible: number;
  /** Of the feasible, those another plan beats on both speed and memory (or ties on both): left out of the ranking. */
  readonly dominated: number;
  readonly top: readonly RankedPlan[];
}

const RECOMPUTES: readonly Recompute[] = ['none', 'selective', 'full'];
/** The pipeline steps (micro-batches x stages x chunks x 3) a priced plan may take: train's default work limit. */
const MAX_PIPELINE_STEPS = 2e6;

/** Powers of two from 1 up to `max`. */
function powersOfTwo(max: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= max; n *= 2) out.push(n);
  return out;
}

/** Divisors of `n` up to `max`, ascending. */
function divisors(n: number, max: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, max); d++) if (n % d === 0) out.push(d);
  return out;
}

/**
 * Every layout the search prices, in a fixed order (so ties keep it): TP a power of two inside one scale-up domain
 * that the heads allow; CP a power of two leaving at least 4,096 tokens a rank; PP a divisor of the GPUs left, at most
 * the layers; VPP 1 to 16 chunks a stage where the chunks split the layers evenly; MoE: EP a power of two dividing the
 * experts, ETP 1 or TP; ZeRO 1 (distributed optimizer), 2 or 3; micro-batches of 1, 2 or 4 sequences; 1F1B, or DualPipe
 * where the stages pair up, without interleaving. A PP without interleaving that no rule divides the layers by takes
 * the most even uneven split (balancedChunkLayers).
 */
function* layouts(model: TransformerModel, system: System, input: PlanSearchInput): Generator<PlanInput> {
  const gpus = system.jobGpus ?? system.gpus;
  const domain = system.spec.scaleUp.domainSize;
  const tps = powersOfTwo(Math.min(domain, 64)).filter((tp) => model.heads % tp === 0 && (model.kvHeads % tp === 0 || tp % model.kvHeads === 0));
  const cps = powersOfTwo(16).filter((cp) => input.seq % cp === 0 && (cp === 1 || input.seq / cp >= 4096));
  for (const tp of tps) {
    for (const cp of cps) {
      if (gpus % (tp * cp) !== 0) continue;
      for (const pp of divisors(gpus / (tp * cp), model.layers)) {
        const dp = gpus / (tp * cp * pp);
        for (const vpp of pp === 1 ? [1] : Array.from({ length: 16 }, (_, i) => i + 1)) {
          // The chunks split the layers evenly, or with the embedding and the loss counted as layers (stages.ts).
          const chunks = pp * vpp;
          // Without interleaving, a PP no rule divides takes the most even uneven split, as DeepSeek-V3's PP 16 does.
          const even = model.layers % chunks === 0 || ((model.layers + 2) % chunks === 0 && chunks <= model.layers + 2);
          const stageLayers = even || vpp > 1 ? undefined : balancedChunkLayers(model.layers, chunks);
          if (!even && stageLayers === undefined) continue;
          const experts = model.family === 'moe' ? model.moe.experts : 1;
          for (const ep of model.family === 'moe' ? powersOfTwo(experts).filter((e) => experts % e === 0) : [1]) {
            for (const etp of model.family === 'moe' && tp > 1 ? [1, tp] : [tp]) {
              if ((tp * dp * cp) % (ep * etp) !== 0) continue;
              for (const zero of dp > 1 ? ([1, 2, 3] as const) : ([1] as const)) {
                for (const mbs of [1, 2, 4]) {
                  if (input.gbs % (mbs * dp) !== 0) continue;
                  // A schedule past train's default work limit is left out, as train would refuse it.
                  if ((input.gbs / (mbs * dp)) * pp * vpp * 3 > MAX_PIPELINE_STEPS) continue;
                  // DualPipe where the stages pair up (an even PP, no interleaving); 1F1B or interleaved otherwise.
                  for (const schedule of vpp === 1 && pp > 1 && pp % 2 === 0 ? (['1f1b', 'dualpipe'] as const) : ([undefined] as const)) {
                    yield {
                      ...input.framework,
                      ...{ tp, pp, vpp, dp, cp, ep, etp, zero, mbs, gbs: input.gbs, seq: input.seq, precision: input.precision ?? 'bf16' },
                      ...(schedule ? { schedule } : {}),
                      ...(stageLayers ? { stageLayers } : {}),
                    };
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/** Layouts a search would consider, counted without pricing any: what a run's work is sized by. */
export function countLayouts(system: System, model: TransformerModel, input: PlanSearchInput): number {
  let n = 0;
  for (const _ of layouts(model, system, input)) n++;
  return n;
}

/**
 * Searches the layouts, keeps each at the least recomputation that fits memory (more recomputation only adds work),
 * prices those at analytical fidelity, drops the dominated (paretoFront), and returns the `top` fastest of the rest by
 * tokens/s per GPU; `refine` of them priced again
 * at flow fidelity and ranked again. Example: Llama 3 8B on 64 H100s at 8K tokens and a batch of 512.
 */
export function searchTrainingPlans(system: System, model: TransformerModel, input: PlanSearchInput): PlanSearchReport {
  const top = input.top ?? 10;
  if (!(Number.isInteger(top) && top >= 1 && top <= 1000)) throw new ArgumentError('top', `expected a whole number from 1 to 1,000, received ${top}`);
  let searched = 0;
  const priced: RankedPlan[] = [];
  // One session for every plan: the groups plans share are priced once.
  const session = new CollectiveSession(system);
  for (const layout of layouts(model, system, input)) {
    searched++;
    for (const recompute of RECOMPUTES) {
      const candidate: PlanInput = { ...layout, recompute };
      let plan: ReturnType<typeof resolvePlan>;
      try {
        plan = resolvePlan(model, system, candidate);
      } catch (error) {
        if (error instanceof ArgumentError || error instanceof ConfigError) break;
        throw error;
      }
      if (!memoryPerGpu(model, plan, system.spec.gpu.hbmUsable).fits) continue;
      priced.push(ranked(candidate, train(system, model, candidate, { fidelity: 'analytical', session, resolved: plan })));
      break;
    }
  }
  const order = (a: RankedPlan, b: RankedPlan) => b.tokensPerSecPerGpu - a.tokensPerSecPerGpu;
  const undominated = paretoFront(priced);
  const leaders = undominated.slice(0, top);
  const refine = Math.min(input.refine ?? 0, leaders.length);
  const refined = leaders.map((r, i) => (i < refine ? ranked(r.plan, train(system, model, { ...input.framework, ...r.plan }, { fidelity: 'flow' })) : r));
  return { searched, feasible: priced.length, dominated: priced.length - undominated.length, top: refine > 0 ? refined.sort(order) : refined };
}

/**
 * The plans no other plan beats on both counts, fastest first: a plan is dropped where another is at least as fast
 * on no more memory (a symmetric layout of the same speed, or a slower one that holds more). What the search ranks by
 * (tokens/s, time to train, cost per token) all follow speed, so a dropped plan can win on none of them.
 */
function paretoFront(plans: readonly RankedPlan[]): RankedPlan[] {
  const sorted = [...plans].sort((a, b) => b.tokensPerSecPerGpu - a.tokensPerSecPerGpu || a.memoryGiB.total - b.memoryGiB.total);
  const front: RankedPlan[] = [];
  let least = Number.POSITIVE_INFINITY;
  for (const p of sorted) {
    if (p.memoryGiB.total >= least) continue;
    front.push(p);
    least = p.memoryGiB.total;
  }
  return front;
}

function ranked(input: PlanInput, r: TrainReport): RankedPlan {
  const p = r.plan;
  const memory = r.memoryPerGpuGiB;
  return {
    plan: {
      tp: p.tp,
      pp: p.pp,
      vpp: p.vpp,
      dp: p.dp,
      cp: p.cp,
      ep: p.ep,
      etp: p.etp,
      zero: p.zero,
      recompute: p.recompute,
      mbs: p.mbs,
      gbs: p.gbs,
      seq: p.seq,
      precision: input.precision ?? p.precision,
      schedule: p.schedule,
      ...(input.stageLayers ? { stageLayers: input.stageLayers } : {}),
    },
    tokensPerSecPerGpu: r.tokensPerSecPerGpu,
    mfu: r.mfu,
    iterationTimeS: r.iterationTimeS,
    usdPerMillionTokens: r.economics.usdPerMillionTokens,
    memoryGiB: { total: memory.total, capacity: memory.capacity, headroom: memory.capacity - memory.total },
    breakdown: r.breakdown,
    fidelity: r.fidelity,
  };
}
