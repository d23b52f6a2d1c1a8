/** One replica layer's work on one GPU for an iteration: the dense side's ops (norms, projections, MLP or shared experts), the routed experts' ops, and attention as the serving kernels run it. */

import { ATTENTION_KERNELS, type AttentionKernels, decodeAttentionS, mlaDecodeWork, prefillAttentionS } from '../compute/attention-kernels.js';
import { expertOps } from '../compute/expert-ops.js';
import { formatOf } from '../compute/formats.js';
import { mlaProjectionOps } from '../compute/mla-ops.js';
import { dispatchOps } from '../compute/moe-dispatch-ops.js';
import { gemmOp, vectorOp } from '../compute/ops.js';
import type { GroupedLayout, Op } from '../compute/types.js';
import type { GpuSpec } from '../hardware/types.js';
import type { TransformerModel } from '../models/types.js';
import type { ReplicaShape, StepLoad } from './replica-shape.js';

/**
 * One layer's ops on one GPU for an iteration besides attention and the routed experts, per attention-DP group (its
 * share of the tokens): norms and residuals; QKV (or MLA's projections) and the output projection, weights split by
 * TP; the dense MLP (or an MoE layer's shared experts), split by TP.
 * Example, Llama-3-70B decode of 64 requests at 2K context on TP 8: the layer reads 1/8 of its 0.86 GB of BF16 weights
 * and 64 x 2048 x 2 x 8 x 128 x 2 B / 8 = 8.4 MB of KV: memory-bound, ~0.04 ms per layer on an H100.
 */
export function layerOps(model: TransformerModel, shape: ReplicaShape, tokens: number, moe: boolean): Op[] {
  const parts = layerParts(model, shape, tokens, moe);
  return [...parts.prep, ...parts.out, ...parts.mlp];
}

/**
 * layerOps in the three runs a decode step's two-batch overlap schedules apart (DeepSeek's decode profile; SGLang's
 * decode operations strategy): `prep` before core attention (norms, QKV or MLA's down and up projections), `out` after
 * it (the output projection), `mlp` the dense MLP or, in an MoE layer, the shared experts.
 */
export function layerParts(model: TransformerModel, shape: ReplicaShape, tokens: number, moe: boolean): { prep: Op[]; out: Op[]; mlp: Op[] } {
  const t = Math.max(1, Math.ceil(tokens / shape.dpAttention));
  const h = model.hidden;
  const tp = shape.tp;
  const b = formatOf(shape.precision).bytesPerElement;
  const a = formatOf(shape.attentionPrecision ?? shape.precision).bytesPerElement;
  const prep: Op[] = [vectorOp('norm', 2 * 2 * t * h * 2), vectorOp('elementwise', 2 * 3 * t * h * 2)];
  const heads = Math.max(1, model.heads / tp);
  if (model.attention === 'mla') {
    prep.push(...mlaProjectionOps(model.mla, t, h, heads, a));
  } else {
    const kv = Math.max(1, model.kvHeads / tp) * model.headDim;
    prep.push(gemmOp('qkv', { m: t, n: heads * model.headDim + 2 * kv, k: h }, a));
  }
  const o = model.attention === 'mla' ? heads * model.mla.vHeadDim : heads * model.headDim;
  const out = [gemmOp('proj', { m: t, n: h, k: o }, a)];
  const gated = model.activation === 'swiglu';
  const mlp = (ffn: number) => {
    const f = Math.max(1, Math.ceil(ffn / tp));
    return [
      gemmOp('mlp-up', { m: t, n: (gated ? 2 : 1) * f, k: h }, b),
      vectorOp('elementwise', (gated ? 3 : 2) * t * f * 2),
      gemmOp('mlp-down', { m: t, n: h, k: f }, b),
    ];
  };
  if (!moe || model.family !== 'moe') return { prep, out, mlp: mlp(model.ffn) };
  const { sharedExperts, expertFfn } = model.moe;
  return { prep, out, mlp: sharedExperts > 0 ? mlp(sharedExperts * expertFfn) : [] };
}

/**
 * Whether a replica's experts receive their tokens by dispatch (DeepEP-class all-to-all): spread by EP alone. Experts split
 * by TP, or EP x TP inside one attention group, find the tokens on every GPU already, and the TP all-reduce sums them.
 */
export const dispatchesTokens = (shape: ReplicaShape): boolean => shape.ep > 1 && (shape.expertTp ?? 1) === 1;

/** Experts one GPU of the replica holds (whole, or a slice of each under expert TP): ceil(E / ep), every expert without EP. */
export const localExpertsOf = (experts: number, shape: ReplicaShape): number => Math.ceil(experts / shape.ep);

/** A routed expert's intermediate width on one GPU: split by expert TP when EP spreads the experts, else by the attention TP. */
export const expertFfnOnGpu = (expertFfn: number, shape: ReplicaShape): number =>
  Math.max(1, Math.ceil(expertFfn / (shape.ep > 1 ? (shape.expertTp ?? 1) : shape.tp)));

/**
 * The routed-expert side of an MoE layer on one GPU: the router, the token permutation (none across GPUs: DeepEP-class
 * dispatch writes tokens in expert order as it moves them), and the grouped GEMMs of the experts the batch touches.
 */
export function expertSideOps(model: TransformerModel, shape: ReplicaShape, tokens: number, layout: GroupedLayout = 'masked', imbalance = 0): Op[] {
  if (model.family !== 'moe') return [];
  const h = model.hidden;
  const b = formatOf(shape.precision).bytesPerElement;
  const gated = model.activation === 'swiglu';
  const { experts, expertsPerToken: k, expertFfn } = model.moe;
  const ops: Op[] = [];
  // The whole replica's tokens route to its experts: T x k copies over E experts, E / ep of them on each GPU, of which
  // the batch touches E (1 - (1 - k / E)^T) (DESIGN 4.6); each touched expert runs its copies through a grouped GEMM.
  const total = tokens;
  // EP that does not divide the experts holds ceil(E / ep) per GPU, the remainder redundant copies (DeepSeek's EP144).
  const local = localExpertsOf(experts, shape);
  const touched = Math.max(1, Math.round(local * (1 - (1 - k / experts) ** total)));
  // The GPU every other waits for: the hottest rank, `imbalance` over the mean (ep-balance.ts).
  const copiesPerGpu = ((total * k) / shape.ep) * (1 + imbalance);
  const ffn = expertFfnOnGpu(expertFfn, shape);
  const perGpuTokens = Math.max(1, Math.ceil(total / (shape.tp * shape.dpAttention)));
  const dispatch = dispatchOps({ tokens: perGpuTokens, hidden: h, experts, topK: k, localExperts: local, fused: true }, 'forward');
  ops.push(...(dispatchesTokens(shape) ? dispatch.filter((op) => op.name === 'router') : dispatch));
  ops.push(...expertOps({ tokensPerExpert: copiesPerGpu / touched, hidden: h, expertFfn: ffn, gated, experts: touched, bytesPerElement: b, layout }));
  return ops;
}

/**
 * Share of dense BF16 peak serving attention kernels reach when compute-bound: FlashMLA, 580 TFLOP/s on an H800's 989
 * (deepseek-ai/FlashMLA README: "up to 3000 GB/s in memory-bound configuration and 580 TFLOPS in computation-bound
 * configuration on H800 SXM5"), 0.586; FlashAttention-3 reaches 0.75 on H100 (Shah et al., 2024), so this is the
 * conservative of the two. Serving engines ship these kernels; training rows of the dev set predate them
 * (FLASH_ATTENTION_UTILIZATION in training/layer-time.ts).
 */
export const SERVING_ATTENTION_UTILIZATION = 580 / 989;

/**
 * Attention of one layer on one GPU for the iteration, per attention-DP group, as the serving kernels run it
 * (compute/attention-kernels.ts): the decodes' kernel (floor, then the slower of its FLOPs and its KV-cache reads) and
 * the prefill chunks' (FLOPs at a utilization that ramps with the keys each query reads). Decodes read their whole
 * context; MLA decodes attend in the latent (weights absorbed: 2 (d_c + d_rope) + 2 d_c FLOPs per pair and head),
 * prefills decompress (2 (d_qk + d_v)); GQA 4 d_h. KV reads split over TP heads (KV heads fewer than TP are replicated).
 * Example: a Llama-3-70B decode of 64 requests at 2,048 context on TP 8 reads 64 x 2048 x 2 x 1 x 128 x 2 B = 67 MB per
 * layer and GPU: 23 us on an H100, plus the decode floor.
 */
export function attentionTime(
  model: TransformerModel,
  shape: ReplicaShape,
  load: StepLoad,
  gpu: GpuSpec,
  kernels: AttentionKernels = ATTENTION_KERNELS,
): number {
  const heads = Math.max(1, model.heads / shape.tp);
  const mla = model.attention === 'mla' ? model.mla : undefined;
  const decodeWidth = mla ? 2 * mla.kvLoraRank + mla.qkRopeHeadDim : 2 * model.headDim;
  const prefillWidth = mla ? mla.qkNopeHeadDim + mla.qkRopeHeadDim + mla.vHeadDim : 2 * model.headDim;
  const kvPerToken = (mla ? mla.kvLoraRank + mla.qkRopeHeadDim : 2 * Math.max(1, model.kvHeads / shape.tp) * model.headDim) * shape.kvBytesPerElement;
  const groups = shape.dpAttention;
  const utilization = SERVING_ATTENTION_UTILIZATION;
  const perHead = (2 * load.decodeKvTokens * decodeWidth) / groups;
  const tensor = mla
    ? mlaDecodeWork(perHead, heads, load.decodeKvTokens / Math.max(1, load.decodes), shape.kvBytesPerElement <= 1 ? 'fp8' : 'bf16', gpu, utilization, kernels)
    : { flops: perHead * heads, utilization };
  const decode = { flops: tensor.flops, kvBytes: ((load.decodeKvReads ?? load.decodeKvTokens) / groups) * kvPerToken };
  const prefillReads = load.prefillTokens > 0 ? load.prefillPairs / load.prefillTokens : 0;
  const prefill = { flops: (2 * heads * load.prefillPairs * prefillWidth) / groups, kvBytes: (prefillReads / groups) * kvPerToken };
  return (
    decodeAttentionS(decode, mla ? 'mla' : 'gqa', gpu, tensor.utilization, kernels) +
    prefillAttentionS(prefill, mla ? 'mla' : 'gqa', Math.max(1, prefillReads), gpu, utilization, kernels)
  );
}
