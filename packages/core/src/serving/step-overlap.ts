/** How a step's parts combine when they overlap or wait: the most loaded attention group, the two micro-batches of two-batch overlap and their prefill and decode schedules. */

import { computeUnitsOf } from '../compute/saturation.js';
import type { StepLoad } from './replica-shape.js';

/**
 * SMs DeepEP's normal (prefill) kernels hold while two-batch overlap runs them beside compute: 24 of an H800's 132
 * (DeepSeek's inference profile, deepseek-ai/profile-data prefill figure: "Computation 108 SMs, Communication 24 SMs").
 * Training's DualPipe all-to-all holds 20 (training/plan-args.ts DEFAULT_COMM_SMS).
 */
export const PREFILL_COMM_SMS = 24;

/** One MoE layer's parts for a load (StepCostModel.moeParts): the attention side whole and in its three runs, the routed experts, DeepEP's two kernels. */
export interface MoeParts {
  readonly sideS: number;
  readonly prepS: number;
  readonly coreS: number;
  readonly sharedS: number;
  readonly expertS: number;
  readonly dispatchS: number;
  readonly combineS: number;
  readonly commSms: number;
}

/**
 * The load whose share per attention group is the most loaded group's: decodes spread evenly over the groups, but a
 * prompt runs on its own group, so a step's prefill chunks load only min(groups, chunks) of them (TensorRT-LLM and
 * SGLang attention data parallelism: each rank schedules its own requests, every rank waits for the slowest at the
 * expert all-to-all). Its prefill figures are scaled by groups / min(groups, chunks); without a chunk count (steady
 * rates, whose prompts fill every group) the load itself.
 * Example: 8 groups, 1,000 decodes and one 1,024-token prompt: the hottest group prefills all 1,024 tokens, priced as a
 * replica prefilling 8,192 spread over 8.
 */
export function hottestGroup(load: StepLoad, groups: number): StepLoad {
  const chunks = load.prefillChunks;
  if (groups <= 1 || chunks === undefined || chunks <= 0 || load.prefillTokens === 0) return load;
  const f = groups / Math.min(groups, chunks);
  const prompts = load.sampled - load.decodes;
  return { ...load, prefillTokens: load.prefillTokens * f, prefillPairs: load.prefillPairs * f, sampled: load.decodes + prompts * f };
}

/** One micro-batch of a two-batch-overlapped step: half of each of its figures. */
export function halfLoad(load: StepLoad): StepLoad {
  return {
    decodes: load.decodes / 2,
    decodeKvTokens: load.decodeKvTokens / 2,
    ...(load.decodeKvReads === undefined ? {} : { decodeKvReads: load.decodeKvReads / 2 }),
    prefillTokens: load.prefillTokens / 2,
    prefillPairs: load.prefillPairs / 2,
    sampled: load.sampled / 2,
    ...(load.prefillChunks === undefined ? {} : { prefillChunks: load.prefillChunks / 2 }),
  };
}

/**
 * One MoE layer of a prefill step under two-batch overlap: the batch runs as two micro-batches, A and B, whose compute and communication
 * alternate in four slots per layer, [A attention | B combine], [A dispatch | B attention], [A experts | B dispatch],
 * [A combine | B experts], each as long as its slower half. The arguments are one micro-batch's times (half the load);
 * compute shares the GPU with the communication kernels, which hold `commSms` of its SMs (PREFILL_COMM_SMS, 24 in
 * DeepSeek's inference profile; decode's low-latency kernels wait on a receive hook and hold none, deepseek-ai/DeepEP
 * README).
 * Example: per micro-batch attention 6 ms, experts 5 ms, dispatch 3.5 ms, combine 6.5 ms (one layer's prefill on 32
 * H800s), SMs 132, 24 for communication: compute x 132 / 108 -> 7.33 and 6.11; slots max(7.33, 6.5) + max(3.5, 7.33) +
 * max(6.11, 3.5) + max(6.5, 6.11) = 27.3 ms, against 42 ms one after another.
 */
export function twoBatchLayerS(sideS: number, expertS: number, dispatchS: number, combineS: number, gpuId: string, commSms: number = PREFILL_COMM_SMS): number {
  const sms = computeUnitsOf(gpuId);
  const slow = sms / Math.max(1, sms - commSms);
  const [a, e, d, c] = [sideS * slow, expertS * slow, dispatchS, combineS];
  return Math.max(a, c) + Math.max(d, a) + Math.max(e, d) + Math.max(c, e);
}

/**
 * One MoE layer of a decode step under two-batch overlap, as DeepSeek's decode profile and SGLang's decode operations
 * strategy (two stages' delay between the micro-batches) schedule it; the arguments are one micro-batch's parts. A
 * micro-batch's dispatch runs while the GPU computes its shared experts and the other's attention preparation; its
 * routed experts wait for the dispatch and overlap nothing; its combine runs while the other computes core attention.
 * The low-latency kernels hold no SMs while in flight, so compute keeps the whole GPU. Per layer, for both:
 * 2 (max(shared + prep, dispatch) + experts + max(core, combine)).
 * Example: prep 0.07, core 0.21, shared 0.04, experts 0.11, dispatch 0.18, combine 0.34 ms (DeepSeek-V3 on 72 H100s,
 * 128 requests a micro-batch): 2 (0.18 + 0.11 + 0.34) = 1.27 ms, where the four-slot prefill schedule gives 1.18.
 */
export function twoBatchDecodeLayerS(half: Pick<MoeParts, 'prepS' | 'coreS' | 'sharedS' | 'expertS' | 'dispatchS' | 'combineS'>): number {
  return 2 * (Math.max(half.sharedS + half.prepS, half.dispatchS) + half.expertS + Math.max(half.coreS, half.combineS));
}
