/** Interleaved 1F1B: each stage holds v model chunks, which divides the bubble by v at v times the pipeline sends. */

import { ArgumentError } from '../../base/errors.js';
import { layOut } from './timeline.js';
import { blockingStageS, type PipelineOrder, type PipelineSchedule, type PipelineStep, type ScheduleInput, type SchedulePlan, slowestStage } from './types.js';
import { warmupThenAlternate } from './warmup-order.js';

/**
 * Megatron-Core's schedule table (get_schedule_table): micro-batches in groups of n, each group through chunk 0, then
 * chunk 1, ...; the last group takes the remainder, so m need not be a multiple of n (microbatch_group_size_per_vp_stage,
 * default p). n 2, v 2, m 3: (0,c0) (1,c0) (0,c1) (1,c1) (2,c0) (2,c1).
 */
function scheduleTable(n: number, v: number, m: number): { microbatch: number; chunk: number }[] {
  const table: { microbatch: number; chunk: number }[] = [];
  for (let first = 0; first < m; first += n) {
    const end = Math.min(m, first + n);
    for (let chunk = 0; chunk < v; chunk++) for (let microbatch = first; microbatch < end; microbatch++) table.push({ microbatch, chunk });
  }
  return table;
}

/**
 * Device r's order (Megatron-Core forward_backward_pipelining_with_interleaving): its v m chunk passes, numbered k, run
 * W = min(v m, 2(p - r - 1) + (v - 1) n) forwards ahead (all of them when m = n = p), then forward k + W and backward
 * k in turn, then the remaining backwards. Pass k is entry k of the schedule table of groups of n, a backward's chunk
 * counted from the last; chunk c of device r is virtual stage c p + r. n runs from p (depth-first, the fewest
 * micro-batches in flight) to m (breadth-first): a larger n holds more activations and gives the pipeline sends more
 * compute to hide behind (Llama 3 paper, section 3.3.2).
 * p 2, v 2, m 4, n 2, device 1: W = 2, F0c0 F1c0 | F0c1 B0c1 F1c1 B1c1 F2c0 B0c0 F3c0 B1c0 F2c1 B2c1 F3c1 B3c1 | B2c0 B3c0.
 */
function order(plan: Pick<SchedulePlan, 'pp' | 'vpp' | 'microbatches' | 'microbatchGroup'>): PipelineOrder {
  const { pp: p, vpp: v, microbatches: m, microbatchGroup: n } = plan;
  const total = v * m;
  const table = scheduleTable(n, v, m);
  return Array.from({ length: p }, (_, r) => {
    const pass = (kind: 'F' | 'B', k: number): PipelineStep => {
      const { microbatch, chunk } = table[k] as { microbatch: number; chunk: number };
      return [{ kind, microbatch, virtualStage: (kind === 'F' ? chunk : v - 1 - chunk) * p + r, stage: r }];
    };
    return warmupThenAlternate(total, m === p && n === p ? total : Math.min(total, 2 * (p - r - 1) + (v - 1) * n), pass);
  });
}

/**
 * Seconds a micro-batch group other than p adds to the depth-first schedule: both orders laid out in time from the same
 * stage times, the difference of their makespans (never negative).
 */
function groupingStallS(input: ScheduleInput): number {
  const { plan } = input;
  if (plan.microbatchGroup === plan.pp) return 0;
  const rules = { blockingSends: !plan.ppOverlap };
  const grouped = layOut(order(plan), input, rules).makespanS;
  const depthFirst = layOut(order({ ...plan, microbatchGroup: plan.pp }), input, rules).makespanS;
  return Math.max(0, grouped - depthFirst);
}

/**
 * T = (m + (p - 1) / v)(t_f + t_b) of the slowest stage (Narayanan et al., SC'21, section 2.2.2: bubble (p - 1) / (v m)),
 * plus what a micro-batch group other than p adds (groupingStallS). Each micro-batch crosses v times as many stage
 * boundaries; with ppOverlap (Megatron-Core overlap_p2p_comm) all but the fill's 2 (p - 1) sends hide behind compute,
 * without it all 2 (v m + p - 1) block.
 * Worked example: p 4, v 2, m 8, t_f + t_b = 3 ms: (8 + 1.5) x 3 = 28.5 ms, of which 4.5 ms bubble.
 */
export const interleaved: PipelineSchedule = {
  id: 'interleaved',
  description: 'interleaved 1F1B with v chunks per stage; bubble (p - 1)(F + B) / v',
  source: 'Narayanan et al., SC21, section 2.2.2; Megatron-Core overlap_p2p_comm',
  stagesPerDevice: 1,
  check({ pp, microbatches, microbatchGroup }) {
    if (pp === 1) throw new ArgumentError('schedule', 'the interleaved schedule needs PP > 1');
    if (microbatches < pp) throw new ArgumentError('gbs', `interleaved 1F1B needs at least PP ${pp} micro-batches, received ${microbatches}`);
    // Megatron-Core's range: below PP a device reaches its next chunk before the first micro-batch is back round.
    if (microbatchGroup < pp || microbatchGroup > microbatches) {
      throw new ArgumentError('microbatchGroup', `expected PP ${pp} to the ${microbatches} micro-batches per iteration, received ${microbatchGroup}`);
    }
  },
  time(input) {
    const { plan, stages, p2pS } = input;
    const pace = slowestStage(stages);
    const slot = blockingStageS(pace);
    const m = plan.microbatches;
    const bubbleS = ((plan.pp - 1) / plan.vpp) * slot + groupingStallS(input);
    const crossings = plan.ppOverlap ? plan.pp - 1 : plan.vpp * m + plan.pp - 1;
    return {
      pipelineS: m * slot + bubbleS,
      bubbleS,
      ppExposedS: 2 * crossings * p2pS,
      epExposedS: m * (pace.epForwardS + pace.epBackwardS),
      paceForwardS: pace.forwardS + pace.epForwardS,
      paceBackwardS: pace.backwardS + pace.epBackwardS,
      pace,
    };
  },
  order,
  // overlap_p2p_comm runs the sends beside compute; without it each one blocks, as time() charges.
  timeline: (input) => layOut(order(input.plan), input, { blockingSends: !input.plan.ppOverlap }),
};
