/** 1F1B (PipeDream-Flush): one forward, one backward per stage in the steady state; the bubble is (p - 1) stage slots. */

import { ArgumentError } from '../../base/errors.js';
import { layOut } from './timeline.js';
import { blockingStageS, type PipelineOp, type PipelineOrder, type PipelineSchedule, type PipelineStep, type SchedulePlan, slowestStage } from './types.js';
import { warmupThenAlternate } from './warmup-order.js';

/**
 * Stage s's order (Megatron's forward_backward_pipelining_without_interleaving): min(m, p - s - 1) warm-up forwards,
 * then a forward and a backward in turn, then the remaining backwards. p 4, m 6, stage 1: F0 F1 | F2 B0 F3 B1 F4 B2
 * F5 B3 | B4 B5.
 */
function order({ pp, microbatches: m }: Pick<SchedulePlan, 'pp' | 'microbatches'>): PipelineOrder {
  return Array.from({ length: pp }, (_, s) => {
    const op = (kind: PipelineOp['kind'], microbatch: number): PipelineStep => [{ kind, microbatch, virtualStage: s, stage: s }];
    return warmupThenAlternate(m, Math.min(m, pp - s - 1), op);
  });
}

/**
 * T = (m + p - 1)(t_f + t_b) of the slowest stage (Narayanan et al., SC'21, section 2.2.1: bubble fraction (p - 1) / m);
 * every micro-batch crosses every stage boundary forward and backward, and each send blocks.
 * Worked example: p 4, m 8, t_f + t_b = 3 ms: 11 x 3 = 33 ms, of which 9 ms bubble.
 */
export const oneFOneB: PipelineSchedule = {
  id: '1f1b',
  description: 'one forward, one backward per stage (PipeDream-Flush); bubble (p - 1)(F + B)',
  source: 'Narayanan et al., "Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM", SC21, section 2.2.1',
  stagesPerDevice: 1,
  check({ vpp }) {
    if (vpp > 1) throw new ArgumentError('schedule', `1f1b runs one chunk per stage; VPP ${vpp} needs the interleaved schedule`);
  },
  time({ plan, stages, p2pS }) {
    const pace = slowestStage(stages);
    const slot = blockingStageS(pace);
    const m = plan.microbatches;
    const bubbleS = (plan.pp - 1) * slot;
    return {
      pipelineS: (m + plan.pp - 1) * slot,
      bubbleS,
      ppExposedS: plan.pp > 1 ? 2 * (m + plan.pp - 1) * p2pS : 0,
      epExposedS: m * (pace.epForwardS + pace.epBackwardS),
      paceForwardS: pace.forwardS + pace.epForwardS,
      paceBackwardS: pace.backwardS + pace.epBackwardS,
      pace,
    };
  },
  order,
  // Every send blocks, as time() charges 2(m + p - 1) of them.
  timeline: (input) => layOut(order(input.plan), input, { blockingSends: true }),
};
