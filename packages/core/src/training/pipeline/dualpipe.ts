/** DualPipe (DeepSeek-V3): micro-batches enter from both ends; each forward chunk runs overlapped with a backward chunk. */

import { ArgumentError } from '../../base/errors.js';
import { dualPipeOrder } from './dualpipe-order.js';
import { layOut } from './timeline.js';
import type { PipelineSchedule, PipelineTimeline, ScheduleInput, ScheduleTime, StageTime } from './types.js';

/** Device d holds stage d of one direction and stage p - 1 - d of the other, and runs half the micro-batches through each. */
function deviceTimes(stages: readonly StageTime[], d: number): StageTime {
  const a = stages[d];
  const b = stages[stages.length - 1 - d];
  if (!a || !b) throw new RangeError(`no stages for device ${d}`);
  const mean = (key: keyof StageTime) => (a[key] + b[key]) / 2;
  return {
    forwardS: mean('forwardS'),
    backwardS: mean('backwardS'),
    weightGradS: mean('weightGradS'),
    epForwardS: mean('epForwardS'),
    epBackwardS: mean('epBackwardS'),
    tpS: mean('tpS'),
    cpS: mean('cpS'),
  };
}

/**
 * A forward chunk and a backward chunk overlapped ("F&B", DeepSeek-V3 technical report, section 3.2.1, Figure 4): the
 * all-to-all of both runs beside their computation, which meanwhile has the SMs the communication kernels leave:
 * F&B = max((F + B) x sms / (sms - commSms), A_F + A_B).
 */
function pairS(device: StageTime, sms: number, commSms: number): number {
  if (commSms >= sms) throw new ArgumentError('commSms', `${commSms} communication SMs leave none of the GPU's ${sms} for computation`);
  return Math.max(((device.forwardS + device.backwardS) * sms) / (sms - commSms), device.epForwardS + device.epBackwardS);
}

/**
 * Chunks device d runs alone rather than in an overlapped pair, in the reference schedule (dualpipe.py, steps 1-3 and
 * 5-8): with n = p/2 and h = min(d, p - 1 - d), 3n - h - 1 forwards (warm-up) and as many backwards (cool-down); the
 * other m - (3n - h - 1) forwards each run paired with a backward. For p 16: 23 on the end devices, 16 in the middle.
 */
export const standaloneChunks = (pp: number, device: number): number => (3 * pp) / 2 - Math.min(device, pp - 1 - device) - 1;

/**
 * Device d runs its paired chunks at F&B each, its standalone forwards and backwards with their all-to-all exposed
 * (F + A_F, B + A_B), and idles for the bubble of the report's Table 2, (p/2 - 1)(F&B + B - 3W), B a backward run alone
 * and W its weight-gradient part. The slowest device sets the pace. Pipeline sends hide inside the chunks (Figure 4:
 * "Both all-to-all and PP communication can be fully hidden") with ppOverlap; otherwise each chunk's send blocks.
 * Worked example, p 16, m 120, end device (23 standalone, 97 pairs) with F 12, B 24, W 6 ms compute and 20 + 20 ms
 * all-to-all, 20 of 132 SMs for communication: F&B = max(36 x 132/112, 40) = 42.4 ms; alone 32 + 44 = 76 ms;
 * bubble 7 x (42.4 + 44 - 18) = 479 ms; T = 97 x 42.4 + 23 x 76 + 479 = 6.34 s.
 */
function deviceSchedule(device: StageTime, d: number, { plan, sms }: ScheduleInput) {
  const pair = pairS(device, sms, plan.commSms);
  const alone = Math.min(plan.microbatches, standaloneChunks(plan.pp, d));
  const pairs = plan.microbatches - alone;
  const backwardAlone = device.backwardS + device.epBackwardS;
  const bubbleS = (plan.pp / 2 - 1) * Math.max(0, pair + backwardAlone - 3 * device.weightGradS);
  const aloneS = device.forwardS + device.epForwardS + backwardAlone;
  return {
    pipelineS: pairs * pair + alone * aloneS + bubbleS,
    bubbleS,
    epExposedS: pairs * (pair - device.forwardS - device.backwardS) + alone * (device.epForwardS + device.epBackwardS),
  };
}

function time(input: ScheduleInput): ScheduleTime {
  const { plan, stages, p2pS } = input;
  const devices = Array.from({ length: plan.pp / 2 }, (_, d) => deviceTimes(stages, d));
  const runs = devices.map((device, d) => deviceSchedule(device, d, input));
  const slowest = runs.reduce((worst, run, d) => (run.pipelineS > (runs[worst]?.pipelineS ?? 0) ? d : worst), 0);
  const run = runs[slowest] as (typeof runs)[number];
  const device = devices[slowest] as StageTime;
  return {
    ...run,
    ppExposedS: plan.ppOverlap ? 0 : 2 * (plan.microbatches + plan.pp - 1) * p2pS,
    paceForwardS: device.forwardS,
    paceBackwardS: device.backwardS,
    pace: device,
  };
}

/**
 * The reference order laid out: lone chunks at F + A_F and B + A_B, each F&B at pairS of the forward's stage and the
 * backward's, W its weight-gradient GEMMs; sends overlapped with ppOverlap, blocking without.
 */
function timeline(input: ScheduleInput): PipelineTimeline {
  const { plan, sms } = input;
  const pair = (f: StageTime, b: StageTime) => pairS({ ...b, forwardS: f.forwardS, epForwardS: f.epForwardS }, sms, plan.commSms);
  return layOut(dualPipeOrder(plan), input, { blockingSends: !plan.ppOverlap, pairS: pair });
}

export const dualPipe: PipelineSchedule = {
  id: 'dualpipe',
  description: 'bidirectional pipeline with overlapped forward/backward pairs hiding expert all-to-all; bubble (p/2 - 1)(F&B + B - 3W), 2 stages per device',
  source: 'DeepSeek-AI, DeepSeek-V3 Technical Report, arXiv 2412.19437, section 3.2.1 and Table 2; github.com/deepseek-ai/DualPipe',
  stagesPerDevice: 2,
  check({ pp, vpp, microbatches }) {
    if (vpp > 1) throw new ArgumentError('schedule', `DualPipe runs one chunk per direction; VPP ${vpp} does not apply`);
    if (pp < 2 || pp % 2 !== 0) throw new ArgumentError('pp', `DualPipe needs an even number of stages, received PP ${pp}`);
    // Section 3.2.1: "DualPipe only requires that the pipeline stages and micro-batches be divisible by 2" (the reference
    // dualpipe.py asserts more, num_chunks >= 2 x PP; with fewer, most chunks run alone, as standaloneChunks caps).
    if (microbatches % 2 !== 0) throw new ArgumentError('gbs', `DualPipe needs an even number of micro-batches, received ${microbatches}`);
  },
  // Table 2: PP + 1 micro-batches of activations on the busiest device.
  time,
  order: dualPipeOrder,
  timeline,
};
