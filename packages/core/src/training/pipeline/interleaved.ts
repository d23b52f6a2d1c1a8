/** Interleaved 1F1B: each stage holds v model chunks, which divides the bubble by v at v times the pipeline sends. */

import { ConfigError } from '../../system/errors.js';
import { blockingStageS, type PipelineSchedule, slowestStage } from './types.js';

/**
 * T = (m + (p - 1) / v)(t_f + t_b) of the slowest stage (Narayanan et al., SC'21, section 2.2.2: bubble (p - 1) / (v m)).
 * Each micro-batch crosses v times as many stage boundaries; with ppOverlap (Megatron-Core overlap_p2p_comm) all but the
 * fill's 2 (p - 1) sends hide behind compute, without it all 2 (v m + p - 1) block.
 * Worked example: p 4, v 2, m 8, t_f + t_b = 3 ms: (8 + 1.5) x 3 = 28.5 ms, of which 4.5 ms bubble.
 */
export const interleaved: PipelineSchedule = {
  id: 'interleaved',
  description: 'interleaved 1F1B with v chunks per stage; bubble (p - 1)(F + B) / v',
  source: 'Narayanan et al., SC21, section 2.2.2; Megatron-Core overlap_p2p_comm',
  stagesPerDevice: 1,
  check({ pp, microbatches }) {
    if (pp === 1) throw new ConfigError(['--schedule'], 'the interleaved schedule needs PP > 1');
    if (microbatches % pp !== 0) throw new ConfigError(['--gbs'], `interleaved 1F1B needs micro-batches (${microbatches}) to be a multiple of PP ${pp}`);
  },
  inFlight: ({ pp, vpp, microbatches }) => Math.min(microbatches, pp) * (1 + (pp - 1) / (pp * vpp)),
  time({ plan, stages, p2pS }) {
    const pace = slowestStage(stages);
    const slot = blockingStageS(pace);
    const m = plan.microbatches;
    const bubbleS = ((plan.pp - 1) / plan.vpp) * slot;
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
};
