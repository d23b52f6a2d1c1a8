/** Slow GPUs in a training step: each stage group runs at its slowest GPU, each replica's pipeline at its slow stages, the step at its slowest replica. */

import type { ParallelPlan } from './plan.js';

/**
 * GPUs that synchronise every layer: the TP x CP ranks of a stage (tensor and context parallel collectives), widened
 * to the expert-parallel group where EP spans several of them (an all-to-all per MoE layer). Megatron rank order: TP
 * fastest, then CP, DP, PP; an EP group is ep x etp consecutive ranks of a stage.
 */
export function lockstepRanks(plan: Pick<ParallelPlan, 'tp' | 'cp' | 'dp' | 'ep' | 'etp'>): number {
  const group = plan.tp * plan.cp;
  const ep = plan.ep > 1 ? plan.ep * plan.etp : 1;
  return Math.min(lcm(group, ep), group * plan.dp);
}

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}

/** A data-parallel replica's view of the stragglers: its speed at each pipeline stage, and the replicas sharing it. */
export interface ReplicaSpeeds {
  /** Per stage, the speed of the replica's slowest lockstep group there (1 nominal). */
  readonly stageSpeeds: readonly number[];
  /** Data-parallel indices of the replicas with exactly these speeds. */
  readonly replicas: readonly number[];
}

/**
 * The distinct per-stage speed vectors of the plan's replicas, from per-GPU speeds (rank order). Replica d at stage p
 * holds ranks p S + d TP CP .. + TP CP - 1 (S = TP CP DP), and runs at the lowest speed of its lockstep group.
 * Example: TP 2, DP 2, PP 2 with GPU 5 at 0.8: stage 1 holds ranks 4-7, replica 0 ranks 4-5 of it, so replica 0 runs
 * [1, 0.8] and replica 1 [1, 1].
 */
export function replicaSpeeds(plan: ParallelPlan, speeds: Float64Array): ReplicaSpeeds[] {
  const replicaRanks = plan.tp * plan.cp;
  const stageRanks = replicaRanks * plan.dp;
  const block = lockstepRanks(plan);
  const byKey = new Map<string, { stageSpeeds: number[]; replicas: number[] }>();
  for (let d = 0; d < plan.dp; d++) {
    const first = Math.floor((d * replicaRanks) / block) * block;
    const stageSpeeds: number[] = [];
    for (let p = 0; p < plan.pp; p++) {
      let slowest = Number.POSITIVE_INFINITY;
      for (let r = p * stageRanks + first; r < p * stageRanks + first + block; r++) slowest = Math.min(slowest, speeds[r] ?? 1);
      stageSpeeds.push(slowest);
    }
    const key = stageSpeeds.join(',');
    const entry = byKey.get(key);
    if (entry) entry.replicas.push(d);
    else byKey.set(key, { stageSpeeds, replicas: [d] });
  }
  return [...byKey.values()];
}

/** Where a GPU rank sits in the plan: its pipeline stage and data-parallel replica. */
export function placeOf(plan: Pick<ParallelPlan, 'tp' | 'cp' | 'dp'>, rank: number): { stage: number; replica: number } {
  const stageRanks = plan.tp * plan.cp * plan.dp;
  return { stage: Math.floor(rank / stageRanks), replica: Math.floor((rank % stageRanks) / (plan.tp * plan.cp)) };
}

/** What slow GPUs cost a training step: the step at nominal speed, and with the slowest GPU brought back to nominal. */
export interface StragglerCost {
  readonly nominalIterationS: number;
  /** The step with every GPU at its speed, as the report's iteration time. */
  readonly iterationS: number;
  /** iterationS / nominalIterationS - 1. */
  readonly slowdown: number;
  readonly slowestGpu: { readonly rank: number; readonly speed: number; readonly stage: number; readonly replica: number };
  /** GPUs below nominal speed. */
  readonly slowGpus: number;
  /** The step if the slowest GPU ran at nominal speed (the next slowest then sets the pace): what replacing it buys. */
  readonly withoutSlowestS: number;
}
