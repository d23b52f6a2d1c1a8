/** Compute time of one transformer layer on one GPU for one micro-batch, forward and backward, dense or MoE. */

import { expertActivationBytes, expertBackwardOps, expertOps } from '../compute/expert-ops.js';
import { formatOf } from '../compute/formats.js';
import { MLA_UP_PROJECTIONS } from '../compute/mla-ops.js';
import { dispatchOps } from '../compute/moe-dispatch-ops.js';
import { opsTime as kernelOpsTime } from '../compute/roofline.js';
import { backwardOps } from '../compute/transformer-backward.js';
import { activationPasses, type LayerShape, layerOps } from '../compute/transformer-ops.js';
import type { Op, OpCost, Precision as TensorPrecision } from '../compute/types.js';
import type { GpuSpec } from '../hardware/types.js';
import { kernelGpuId } from '../hardware/types.js';
import type { TransformerModel } from '../models/types.js';
import { inTrainingLayers, TRAINING_TENSOR_EFFICIENCY } from './calibration.js';
import type { ParallelPlan } from './plan.js';
import type { Precision } from './plan-args.js';

export interface LayerTimes {
  readonly forwardS: number;
  readonly backwardS: number;
  /** The weight-gradient GEMMs inside backwardS (ZeroBubble's W). */
  readonly weightGradS: number;
  /** Extra forward work in the backward pass: the whole layer (full) or the plan's recompute modules (selective). */
  readonly recomputeS: number;
  /** Attention core forward time (what context-parallel ring exchange can hide behind). */
  readonly attentionS: number;
}

const ATTENTION = new Set(['attention-scores', 'attention-out']);

/** Roofline time of ops as a training step runs them: tensor work at TRAINING_TENSOR_EFFICIENCY of its benchmarks. */
const opsTime = (ops: readonly OpCost[], gpu: GpuSpec, precision: TensorPrecision) => kernelOpsTime(ops, gpu, precision, inTrainingLayers);

/**
 * HBM passes over the s x s score matrix per layer forward with an unfused kernel: write S, read S and write P
 * (fused scale-mask-softmax), read P and write the dropout output, read it for P V: 5 passes of 2-byte elements
 * (Dao et al., FlashAttention, NeurIPS 2022, section 2.2: standard attention moves Theta(N^2) to and from HBM).
 * The backward pass reads and writes them twice as often.
 */
export const UNFUSED_SCORE_PASSES = 5;

/**
 * Share of dense BF16 peak a FlashAttention-2-class kernel reaches, by GPU: 50-73% on A100 (Dao, FlashAttention-2,
 * 2023: we take 0.62), 35% on H100 (Shah et al., FlashAttention-3, 2024, abstract: "FlashAttention-2 achieving only
 * 35% utilization on the H100"); FA3 reaches 75% but postdates the frameworks of the cases.json training rows.
 * Other GPUs: 0.35 (assumption: attention kernels lag new architectures as FA2 did Hopper).
 */
export const FLASH_ATTENTION_UTILIZATION: Readonly<Record<string, number>> = { 'a100-80g': 0.62 };
export const DEFAULT_FLASH_ATTENTION_UTILIZATION = 0.35;

/**
 * The layer's shape on one GPU: b s / cp tokens, widths divided by TP. Context parallelism splits the queries but
 * each rank still attends over the whole sequence, so attention ops are priced at seq s / cp and scaled by cp.
 * MLA models run their low-rank projections (compute/mla-ops.ts) and attend with decompressed heads, d_qk = nope + rope
 * and d_v, as they train.
 */
export function layerShape(model: TransformerModel, plan: ParallelPlan, ffn: number): LayerShape {
  const local = plan.seq / plan.cp;
  return {
    tokens: plan.mbs * local,
    seq: local,
    hidden: model.hidden,
    heads: model.heads,
    kvHeads: model.kvHeads,
    headDim: model.headDim,
    ffn,
    gatedMlp: model.activation === 'swiglu',
    activationKernel: model.activation === 'squared-relu' ? 'squared-relu' : 'fused',
    rope: model.positionEmbedding === 'rope',
    attentionKernel: plan.attention,
    tp: plan.tp,
    // FlashAttention skips the masked half of the score blocks; the unfused kernels compute all of it, then mask.
    causal: plan.attention === 'flash',
    bytesPerElement: 2,
    ...(model.attention === 'mla' ? { mla: model.mla } : {}),
  };
}

function scaleAttention(ops: readonly Op[], cp: number): Op[] {
  if (cp === 1) return [...ops];
  return ops.map((op) => (ATTENTION.has(op.name) ? { ...op, flops: (op.flops * cp) as Op['flops'], bytes: (op.bytes * cp) as Op['bytes'] } : op));
}

/** Forward, backward and recomputation time of one layer; `moe` selects the routed-expert MLP. */
export function layerTimes(model: TransformerModel, plan: ParallelPlan, gpu: GpuSpec, moe: boolean): LayerTimes {
  const precision = formatOf(plan.precision).tensor;
  const denseFfn = moe && model.family === 'moe' ? Math.max(plan.tp, model.moe.sharedExperts * model.moe.expertFfn) : model.ffn;
  const shape = layerShape(model, plan, roundTo(denseFfn, plan.tp));
  let forward = scaleAttention(layerOps(shape), plan.cp);
  let backward = scaleAttention(backwardOps(shape), plan.cp);
  let expertActivationS = 0;
  if (moe && model.family === 'moe') {
    if (model.moe.sharedExperts === 0) {
      forward = forward.filter((op) => !op.name.startsWith('mlp'));
      backward = backward.filter((op) => !op.name.startsWith('mlp'));
    }
    // With ETP below TP (parallel folding) a GPU routes its sequence-parallel share of the tokens to whole experts.
    const moeTokens = (shape.tokens * plan.etp) / plan.tp;
    const routed = {
      tokensPerExpert: (moeTokens * plan.ep * model.moe.expertsPerToken) / model.moe.experts,
      hidden: model.hidden,
      expertFfn: roundTo(model.moe.expertFfn / plan.etp, 1),
      gated: model.activation === 'swiglu',
      experts: model.moe.experts / plan.ep,
      // Megatron-Core's grouped GEMMs are CUTLASS-class kernels, the family the measured fused MoE modules time
      // (compute/grouped-gemm.ts 'fused-moe': narrow experts lose rate); DeepSeek-V3 trained on DeepGEMM's contiguous layout.
      layout: plan.expertKernels === 'deepgemm' ? ('contiguous' as const) : ('fused' as const),
    };
    const dispatch = {
      tokens: moeTokens,
      hidden: model.hidden,
      experts: model.moe.experts,
      topK: model.moe.expertsPerToken,
      localExperts: routed.experts,
      fused: plan.permuteFusion,
    };
    forward = [...forward, ...dispatchOps(dispatch, 'forward'), ...expertOps(routed)];
    backward = [...backward, ...dispatchOps(dispatch, 'backward'), ...expertBackwardOps(routed)];
    expertActivationS = opsTime([{ flops: 0, bytes: expertActivationBytes(routed) }], gpu, precision) as number;
  }
  // Attention kernels run in BF16 even in FP8 training (FP8 covers the linear layers: Transformer Engine); a fused
  // kernel runs at its measured utilization, an unfused one as batched GEMMs plus the score traffic added below.
  const attentionTime = (ops: readonly Op[]) =>
    plan.attention === 'flash'
      ? ops.reduce((t, op) => t + op.flops, 0) /
        (gpu.peak.bf16 * TRAINING_TENSOR_EFFICIENCY * (FLASH_ATTENTION_UTILIZATION[kernelGpuId(gpu)] ?? DEFAULT_FLASH_ATTENTION_UTILIZATION))
      : (opsTime(ops, gpu, 'bf16') as number);
  const time = (ops: readonly Op[]) =>
    (opsTime(
      ops.filter((op) => !ATTENTION.has(op.name)),
      gpu,
      precision,
    ) as number) + attentionTime(ops.filter((op) => ATTENTION.has(op.name)));
  const scores = plan.attention === 'unfused' ? unfusedScoreTime(model, plan, gpu) : 0;
  const castBytes = CAST_BYTES_PER_ELEMENT[plan.precision];
  const casts = castBytes > 0 ? castTimes(forward, gpu, castBytes) : { forwardS: 0, backwardS: 0 };
  const attentionS = time(forward.filter((op) => ATTENTION.has(op.name))) + scores;
  const forwardS = time(forward) + scores + casts.forwardS;
  const weightGradS = time(backward.filter((op) => op.role === 'wgrad' && !ATTENTION.has(op.name)));
  const modules = { attentionS, forwardOps: forward, shape, expertActivationS };
  const recomputeS = plan.recompute === 'full' ? forwardS : plan.recompute === 'selective' ? selectiveRecomputeS(plan, modules, time, gpu) : 0;
  return { forwardS, backwardS: time(backward) + 2 * scores + casts.backwardS, weightGradS, recomputeS, attentionS };
}

/**
 * Forward work selective recomputation repeats in the backward pass, by module: the attention core; the norms; MLA's
 * up-projections; the MLP activation (the dense or shared MLP's, from its f-wide passes, and the routed experts').
 * Example, DeepSeek-V3's choice (norm, mla-up-proj, activation) on an MoE layer of 4,096 tokens: the q-up and kv-up
 * GEMMs, 2 x 4096 x (24576 x 1536 + 32768 x 512) = 0.45 TFLOP, about 0.4 ms in FP8 on an H800, plus ~1 GB of norm
 * and SwiGLU traffic.
 */
function selectiveRecomputeS(
  plan: ParallelPlan,
  layer: { attentionS: number; forwardOps: readonly Op[]; shape: LayerShape; expertActivationS: number },
  time: (ops: readonly Op[]) => number,
  gpu: GpuSpec,
): number {
  let seconds = 0;
  for (const module of plan.recomputeModules) {
    if (module === 'core-attention') seconds += layer.attentionS;
    if (module === 'norm') seconds += time(layer.forwardOps.filter((op) => op.name === 'norm'));
    if (module === 'mla-up-proj') seconds += time(layer.forwardOps.filter((op) => MLA_UP_PROJECTIONS.has(op.name)));
    if (module === 'activation') {
      const { shape } = layer;
      const dense = activationPasses(shape).forward * shape.tokens * (shape.ffn / shape.tp) * shape.bytesPerElement;
      seconds += (opsTime([{ flops: 0, bytes: dense }], gpu, 'bf16') as number) + layer.expertActivationS;
    }
  }
  return seconds;
}

/**
 * Bytes a Transformer Engine layer moves besides its GEMMs per element it quantizes, by training format: each linear
 * layer casts its BF16 input and weight and keeps a second copy for the backward pass, and the backward pass casts
 * each output gradient the same way (NVIDIA Transformer Engine cast_transpose kernels; weights are recast every
 * micro-batch without low-precision weight caching). Memory-bound, so priced at HBM speed.
 * - fp8: read 2 B, write the FP8 copy and its transpose, 1 + 1 B: 4 B.
 * - nvfp4: read 2 B, write a row-wise and a column-wise NVFP4 copy, 2 x 0.5625 B (16 E2M1 values and an E4M3 scale a
 *   block); the random Hadamard transform of the weight-gradient operands and the 16 x 16 weight blocks are computed in
 *   the same pass (Transformer Engine's NVFP4BlockScaling recipe; NVIDIA, 'Pretraining Large Language Models with
 *   NVFP4', arXiv 2509.25149, section 4): 3.125 B.
 * Example, Llama-2-7B layer, 4,096 tokens, FP8: inputs (3h + f) t = 95M, weights 202M, output gradients 174M elements
 * -> 1.9 GB, 0.65 ms on an H100.
 */
export const CAST_BYTES_PER_ELEMENT: Readonly<Record<Precision, number>> = { bf16: 0, fp8: 4, nvfp4: 2 + 2 * formatOf('nvfp4').bytesPerElement };

function castTimes(forward: readonly Op[], gpu: GpuSpec, bytesPerElement: number): { forwardS: number; backwardS: number } {
  let inputs = 0;
  let outputs = 0;
  for (const op of forward) {
    if (!op.shape || ATTENTION.has(op.name)) continue;
    const { m, n, k } = op.shape;
    const batch = op.shape.batch ?? 1;
    inputs += (m * k + n * k) * batch;
    outputs += m * n * batch;
  }
  const seconds = (elements: number) => opsTime([{ flops: 0, bytes: elements * bytesPerElement }], gpu, 'bf16') as number;
  return { forwardS: seconds(inputs), backwardS: seconds(outputs) };
}

/** Seconds of score-matrix HBM traffic per layer forward with an unfused kernel: b a/t (s/cp) s elements x 2 B x passes. */
function unfusedScoreTime(model: TransformerModel, plan: ParallelPlan, gpu: GpuSpec): number {
  const elements = plan.mbs * (model.heads / plan.tp) * (plan.seq / plan.cp) * plan.seq;
  return opsTime([{ flops: 0, bytes: elements * 2 * UNFUSED_SCORE_PASSES }], gpu, 'bf16') as number;
}

/**
 * HBM bytes per logit of Megatron-Core's vocabulary-parallel cross-entropy (tensor_parallel/cross_entropy.py, unfused,
 * the default: cross_entropy_loss_fusion = False), forward: the output GEMM writes BF16 logits (2), `.float()` reads
 * them and writes FP32 (2 + 4), the max reads them (4), subtracting it reads and writes (8), exp reads and writes (8),
 * the sum reads (4), dividing by it reads and writes (8): 40 B. Backward: scaling the saved softmax by the loss gradient
 * reads and writes FP32 (8), the cast back to BF16 reads 4 and writes 2: 14 B. With 256k vocabularies this traffic
 * rivals a transformer layer (Nemotron-8B, 16,384 tokens, V/tp 128,000: 113 GB, 39 ms on an H100).
 */
export const LOSS_FORWARD_BYTES_PER_LOGIT = 40;
export const LOSS_BACKWARD_BYTES_PER_LOGIT = 14;

/**
 * The output head's GEMMs run in 16-bit even in FP8 training: Megatron-Core's GPTModel builds its output layer as a
 * plain tensor_parallel.ColumnParallelLinear, outside Transformer Engine's fp8_autocast (megatron/core/models/gpt/
 * gpt_model.py), and FP8 recipes keep the first and last layers in higher precision.
 */
export const HEAD_GEMM_PRECISION = 'bf16';

/** The output head on the last stage: logits GEMM tokens x V/tp x h (twice that backward) and the loss over the logits. */
export function headTimes(model: TransformerModel, plan: ParallelPlan, gpu: GpuSpec): { forwardS: number; backwardS: number; weightGradS: number } {
  const tokens = (plan.mbs * plan.seq) / plan.cp;
  const vocab = model.vocab / plan.tp;
  const gemm = opsTime(
    [{ flops: 2 * tokens * vocab * model.hidden, bytes: 2 * vocab * model.hidden, shape: { m: tokens, n: vocab, k: model.hidden } }],
    gpu,
    HEAD_GEMM_PRECISION,
  ) as number;
  const loss = (bytesPerLogit: number) => opsTime([{ flops: 0, bytes: tokens * vocab * bytesPerLogit }], gpu, 'bf16') as number;
  return { forwardS: gemm + loss(LOSS_FORWARD_BYTES_PER_LOGIT), backwardS: 2 * gemm + loss(LOSS_BACKWARD_BYTES_PER_LOGIT), weightGradS: gemm };
}

/**
 * An MTP module's projection of the concatenated [norm(h_i); norm(embedding of the next token)] back to h: a tokens x h x
 * 2h GEMM (DeepSeek-V3 technical report, section 2.2, eq. 21), twice that backward; its layer and its pass through the
 * shared head are priced as any layer and head.
 */
export function mtpProjectionTimes(model: TransformerModel, plan: ParallelPlan, gpu: GpuSpec): { forwardS: number; backwardS: number; weightGradS: number } {
  const tokens = (plan.mbs * plan.seq) / plan.cp;
  const h = model.hidden;
  const gemm = opsTime(
    [{ flops: 2 * tokens * h * 2 * h, bytes: (tokens * 3 * h + 2 * h * h) * 2, shape: { m: tokens, n: h, k: 2 * h } }],
    gpu,
    formatOf(plan.precision).tensor,
  ) as number;
  return { forwardS: gemm, backwardS: 2 * gemm, weightGradS: gemm };
}

function roundTo(value: number, multiple: number): number {
  return Math.max(multiple, Math.round(value / multiple) * multiple);
}
