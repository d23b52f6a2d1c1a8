/** Expert dispatch and combine priced as DeepEP's two kernel families run them: low-latency kernels (decode) and high-throughput normal kernels (prefill), with the SMs the normal kernels take. */

import { MESSAGE_ROUND_TRIP_S } from '../comm/transfer-semantics.js';
import { type GpuGeneration, generationOf } from '../hardware/generations.js';

/** DeepEP's kernel families: per-expert-copy RDMA writes for decode, per-node RDMA with NVLink forwarding for prefill. */
export type DeepEpMode = 'low-latency' | 'normal';
export type EpDirection = 'dispatch' | 'combine';

/** One GPU's side of a dispatch or combine. */
export interface EpTraffic {
  /** Tokens this GPU sends (dispatch) or gets back (combine). */
  readonly tokens: number;
  readonly hidden: number;
  readonly topK: number;
  readonly experts: number;
  /** GPUs the experts spread over, and the GPUs of one scale-up domain among them. */
  readonly ep: number;
  readonly gpusPerDomain: number;
  /** Scale-out copies a token makes in the normal kernels (one per remote node holding one of its experts). */
  readonly remoteNodesPerToken: number;
  /** Dispatch in FP8 with one FP32 scale per 128 elements (DeepSeek-V3), else BF16; combine is BF16 either way. */
  readonly fp8Dispatch: boolean;
}

/** The links a GPU's EP traffic uses, bytes per second per direction: scale-up (NVLink) and its NIC (RDMA). */
export interface EpLinks {
  readonly scaleUpBytesPerS: number;
  readonly scaleOutBytesPerS: number;
  readonly gpuId: string;
  /** Whether the scale-up fabric takes loads and stores (NVLink does); without, its copies go as messages. */
  readonly memorySemantics: boolean;
}

/**
 * DeepEP's fitted costs. Low-latency: a fixed latency per call, NVLink payload at a share of the scale-up link, RDMA at a
 * share of the NIC. Normal: a fixed latency per call, NVLink payload limited by the SMs the kernel runs on (bytes/s per
 * SM) and by a share of the scale-up link, RDMA at a share of the NIC.
 */
export interface DeepEpCosts {
  readonly lowLatency: {
    readonly fixedS: Readonly<Record<GpuGeneration, Readonly<Record<EpDirection, number>>>>;
    readonly nvlinkShare: Readonly<Record<GpuGeneration, number>>;
    readonly rdmaShare: number;
  };
  readonly normal: {
    readonly fixedS: Readonly<Record<GpuGeneration, Readonly<Record<EpDirection, number>>>>;
    readonly bytesPerSmPerS: Readonly<Record<GpuGeneration, number>>;
    readonly nvlinkShare: Readonly<Record<GpuGeneration, number>>;
    readonly rdmaShare: number;
  };
}

/**
 * Fitted by scripts/calibrate-kernels.ts. The NVLink sides on the sglang DeepEP tables (shared/kernels/aiconfigurator
 * <gpu>/comm/sglang/0.5.12/wideep_deepep_{ll,normal}_perf.parquet, one 8-GPU node; h100_sxm and h200_sxm rows for
 * Hopper, b200_sxm and b300_sxm for Blackwell): fixed latencies the median over rows of at most 2 tokens; low-latency
 * NVLink share the median of payload / ((time - fixed) x link) over rows of 256 tokens or more; normal bytes per SM the
 * same over rows of 4,096 tokens or more on at most 8 SMs, divided by the SMs, and its NVLink share on 24 SMs (on
 * Blackwell 24 SMs still bound it, so its share is a floor). The tables hold one node only, so the RDMA shares come from
 * DeepEP's published internode figures (deepseek-ai/DeepEP docs/legacy.md, H800 with CX7 400 Gb/s): the dev kernel cases
 * kernel-deepep-ll-{dispatch,combine}-ep{16,64,256}-h800 (median log error 0 at 0.843) and
 * kernel-deepep-normal-internode-ep{32,64}-h800 (0.930); EP 32 and 128 low-latency and EP 16 normal are held out.
 */
export const DEEPEP_COSTS: DeepEpCosts = {
  lowLatency: {
    fixedS: { hopper: { dispatch: 10.9e-6, combine: 11.9e-6 }, blackwell: { dispatch: 20.4e-6, combine: 20.4e-6 } },
    nvlinkShare: { hopper: 0.631, blackwell: 0.703 },
    rdmaShare: 0.843,
  },
  normal: {
    fixedS: { hopper: { dispatch: 26.2e-6, combine: 37.8e-6 }, blackwell: { dispatch: 33.3e-6, combine: 44.3e-6 } },
    bytesPerSmPerS: { hopper: 15.0e9, blackwell: 14.3e9 },
    nvlinkShare: { hopper: 0.695, blackwell: 0.355 },
    rdmaShare: 0.93,
  },
};

/** Bytes of one token copy: FP8 payload and its 1 x 128 FP32 scales, or BF16. */
export function copyBytes(traffic: Pick<EpTraffic, 'hidden' | 'fp8Dispatch'>, direction: EpDirection): number {
  if (direction === 'dispatch' && traffic.fp8Dispatch) return traffic.hidden + (traffic.hidden / 128) * 4;
  return 2 * traffic.hidden;
}

/**
 * Expected distinct GPUs a token's k experts land on when E experts spread evenly over `ep` GPUs:
 * ep (1 - C(E - E/ep, k) / C(E, k)). DeepSeek-V3 over 8 GPUs (E 256, k 8): 8 (1 - 0.339) = 5.29.
 */
export function targetGpusPerToken(experts: number, topK: number, ep: number): number {
  const perGpu = experts / ep;
  let none = 1;
  for (let i = 0; i < topK; i++) none *= Math.max(0, experts - perGpu - i) / (experts - i);
  return ep * (1 - none);
}

/**
 * Low-latency kernels send every expert copy on its own: k copies per token, the share on the GPU's own domain over
 * NVLink, the rest as RDMA writes straight to the expert's GPU; both run at once, so
 * time = fixed + max(local copies x bytes / (NVLink x share), remote copies x bytes / (NIC x share)).
 * Example, DeepSeek-V3 decode on 16 H800 nodes (EP 128), 128 tokens, FP8 dispatch (7,392 B a copy): 1,024 copies,
 * 1/16 local; 960 x 7392 B = 7.1 MB over a 48 GB/s NIC at its RDMA share.
 * A scale-up fabric without memory semantics cannot take the kernel's stores into a peer's receive buffer: its copies go
 * as messages, as the RDMA side's do (at the lower of the two shares: a message engine moves bulk no faster than the
 * stores did), after a message round trip that tells each sender where to write (comm/transfer-semantics.ts
 * MESSAGE_ROUND_TRIP_S).
 */
function lowLatencyS(traffic: EpTraffic, direction: EpDirection, links: EpLinks, costs: DeepEpCosts): number {
  const c = costs.lowLatency;
  const generation = generationOf(links.gpuId);
  const copies = traffic.tokens * traffic.topK;
  const localShare = Math.min(1, traffic.gpusPerDomain / traffic.ep);
  const bytes = copyBytes(traffic, direction);
  const upShare = links.memorySemantics ? c.nvlinkShare[generation] : Math.min(c.nvlinkShare[generation], c.rdmaShare);
  const nvlinkS = (copies * localShare * bytes) / (links.scaleUpBytesPerS * upShare);
  const rdmaS = localShare >= 1 ? 0 : (copies * (1 - localShare) * bytes) / (links.scaleOutBytesPerS * c.rdmaShare);
  return c.fixedS[generation][direction] + (links.memorySemantics ? 0 : MESSAGE_ROUND_TRIP_S) + Math.max(nvlinkS, rdmaS);
}

/**
 * Normal kernels send a token once per target GPU inside the domain (NVLink) and once per remote node holding one of its
 * experts (RDMA, to the same-index GPU, which forwards it over NVLink); the NVLink side moves as fast as its SMs let it,
 * up to its link share. time = fixed + max(NVLink bytes / min(sms x per-SM rate, NVLink x share), RDMA bytes / (NIC x share)).
 * Example, 4,096 tokens on 8 H100s (DeepSeek-V3 shapes, 24 SMs): 5.29 target GPUs a token, 7/8 of them another GPU:
 * 4096 x 4.63 x 7392 B = 140 MB over NVLink.
 */
function normalS(traffic: EpTraffic, direction: EpDirection, links: EpLinks, sms: number, costs: DeepEpCosts): number {
  const c = costs.normal;
  const generation = generationOf(links.gpuId);
  const bytes = copyBytes(traffic, direction);
  const domain = Math.min(traffic.gpusPerDomain, traffic.ep);
  const targets = targetGpusPerToken(traffic.experts, traffic.topK, traffic.ep);
  const nvlinkBytes = traffic.tokens * targets * (1 - 1 / domain) * bytes;
  const nvlinkRate = Math.min(sms * c.bytesPerSmPerS[generation], links.scaleUpBytesPerS * c.nvlinkShare[generation]);
  const rdmaBytes = traffic.tokens * traffic.remoteNodesPerToken * bytes;
  const rdmaS = rdmaBytes > 0 ? rdmaBytes / (links.scaleOutBytesPerS * c.rdmaShare) : 0;
  return c.fixedS[generation][direction] + Math.max(nvlinkBytes / nvlinkRate, rdmaS);
}

/** Seconds of one dispatch or combine on one GPU; `sms`: the SMs a normal kernel runs on (low-latency kernels take none while they wait). */
export function deepEpS(mode: DeepEpMode, direction: EpDirection, traffic: EpTraffic, links: EpLinks, sms: number, costs: DeepEpCosts = DEEPEP_COSTS): number {
  if (traffic.tokens <= 0 || traffic.ep <= 1) return 0;
  return mode === 'low-latency' ? lowLatencyS(traffic, direction, links, costs) : normalS(traffic, direction, links, sms, costs);
}

/**
 * Bytes of DeepEP's low-latency buffers on each GPU (deepseek-ai/DeepEP csrc/config.hpp LowLatencyLayout): an odd and
 * an even send buffer and an odd and an even receive buffer, each room for `tokensPerRank` tokens from every rank to
 * every one of the `experts` slots (num_max_dispatch_tokens_per_rank x num_experts messages). A combine message is a
 * BF16 token; a dispatch message a 16-byte header and the larger of a BF16 token and its FP8 form with scales.
 * Example: DeepSeek-V3 with 288 expert slots at 1,408 tokens a rank (SGLang's GB200 decode): 2 x 288 x 1,408 x
 * (14,336 + 14,352) B = 23.3 GB a GPU; at 128 tokens (SGLang's default) 2.1 GB.
 */
export function lowLatencyBufferBytes(experts: number, tokensPerRank: number, hidden: number): number {
  const combineMessage = 2 * hidden;
  const dispatchMessage = 16 + Math.max(2 * hidden, hidden + (hidden / 128) * 4);
  return 2 * experts * tokensPerRank * (combineMessage + Math.max(dispatchMessage, combineMessage));
}
