/** One training iteration: pipeline of micro-batches over stages, exposed communication by kind, MFU and memory. */

import { CollectiveSession, type Fidelity } from '../comm/run.js';
import { DEFAULT_HBM_EFFICIENCY } from '../compute/efficiency.js';
import { flopsPerToken } from '../models/flops.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { ZERO3_BUCKET_OVERHEAD_S } from './calibration.js';
import { activationMessage, type TrainingComm, trainingComm } from './comm.js';
import { headTimes, layerTimes } from './layer-time.js';
import { type MemoryPerGpu, memoryPerGpu, parametersPerGpu } from './memory.js';
import type { ParallelPlan } from './plan.js';

/** Bytes an optimizer step reads and writes per parameter it owns: FP32 master, m, v (read + write) and the gradient. */
export const OPTIMIZER_STEP_BYTES_PER_PARAM = 28;
/** The distributed optimizer all-gathers updated parameters in the model's 16-bit type (param_sync_dtype). */
export const PARAMETER_WIRE_BYTES = 2;

/**
 * DeepSpeed ZeRO-3's default bucket sizes, in parameters (deepspeed.ai/docs/config-json, zero_optimization:
 * stage3_prefetch_bucket_size 5e7, reduce_bucket_size 5e8): the size of one parameter all-gather and of one
 * gradient reduce-scatter.
 */
export const ZERO3_PREFETCH_BUCKET_PARAMS = 5e7;
export const ZERO3_REDUCE_BUCKET_PARAMS = 5e8;

export interface ExposedComm {
  readonly tp: number;
  readonly pp: number;
  readonly dp: number;
  readonly ep: number;
  readonly cp: number;
}

export interface IterationResult {
  readonly iterationTimeS: number;
  readonly tokensPerSecPerGpu: number;
  /** Model FLOPs only (no recomputation) per GPU per second, in TFLOP/s. */
  readonly modelTflopsPerGpu: number;
  /** FLOPs the GPUs execute, recomputation included, in TFLOP/s. */
  readonly hardwareTflopsPerGpu: number;
  /** Model FLOPs over the dense peak of the chosen precision, 0-1. */
  readonly mfu: number;
  readonly memory: MemoryPerGpu;
  readonly breakdown: { readonly computeS: number; readonly bubbleS: number; readonly optimizerS: number; readonly exposedCommS: ExposedComm };
  /** Per micro-batch on the slowest stage: forward and backward seconds, communication included. */
  readonly stage: { readonly forwardS: number; readonly backwardS: number };
}

interface StageTimes {
  forwardS: number;
  backwardS: number;
  computeS: number;
  tp: number;
  ep: number;
  cp: number;
}

/** Per micro-batch on one stage: layer compute plus the TP, EP and CP communication the layers wait for. */
function stageTimes(model: TransformerModel, plan: ParallelPlan, system: System, comm: TrainingComm): StageTimes {
  const gpu = system.spec.gpu;
  const layers = plan.layersPerStage;
  const moeLayers = model.family === 'moe' ? (model.moe.moeLayers.length * layers) / model.layers : 0;
  const dense = layerTimes(model, plan, gpu, false);
  const moe = moeLayers > 0 ? layerTimes(model, plan, gpu, true) : dense;
  const head = headTimes(model, plan, gpu);
  const act = activationMessage(model, plan);
  // Megatron TP, per layer and pass: two all-reduces of the b s h activation without SP; with SP each becomes an
  // all-gather (before QKV, MLP-up) plus a reduce-scatter (after the projection, MLP-down) of that same tensor, the
  // nccl-tests size of both being the gathered whole. The recomputed forward repeats the forward's.
  const tpCall = 2 * (plan.sequenceParallel ? comm.tp('allgather', act).seconds + comm.tp('reducescatter', act).seconds : comm.tp('allreduce', act).seconds);
  // With overlap, each layer's TP traffic hides behind its own GEMMs; only what exceeds them stays exposed.
  const tpForwardLayer = plan.tpOverlap ? Math.max(0, tpCall - dense.forwardS) : tpCall;
  const tpBackwardLayer = plan.tpOverlap ? Math.max(0, tpCall - dense.backwardS) : tpCall;
  const tpForward = tpForwardLayer * layers;
  const tpBackward = (tpBackwardLayer + (plan.recompute === 'full' ? tpForwardLayer : 0)) * layers;
  let epForward = 0;
  if (model.family === 'moe' && plan.ep > 1) {
    const tokens = (plan.mbs * plan.seq) / plan.cp;
    const perRank = tokens * model.moe.expertsPerToken * model.hidden;
    const dispatch = comm.ep(perRank * (plan.precision === 'fp8' ? 1 : 2)).seconds;
    const combine = comm.ep(perRank * 2).seconds;
    epForward = moeLayers * (dispatch + combine);
  }
  let cp = 0;
  if (plan.cp > 1) {
    const kvBlock = ((plan.mbs * plan.seq) / plan.cp) * 2 * Math.max(1, model.kvHeads / plan.tp) * model.headDim * 2;
    const ring = (plan.cp - 1) * comm.cp(kvBlock).seconds;
    // Ring attention overlaps each KV block with the attention on the previous one (forward; twice in backward).
    cp = layers * 3 * Math.max(0, ring - dense.attentionS);
  }
  const compute = {
    forward: (layers - moeLayers) * dense.forwardS + moeLayers * moe.forwardS + head.forwardS,
    backward: (layers - moeLayers) * (dense.backwardS + dense.recomputeS) + moeLayers * (moe.backwardS + moe.recomputeS) + head.backwardS,
  };
  return {
    forwardS: compute.forward + tpForward + epForward + cp / 3,
    backwardS: compute.backward + tpBackward + 2 * epForward + (2 * cp) / 3,
    computeS: compute.forward + compute.backward,
    tp: tpForward + tpBackward,
    ep: 3 * epForward,
    cp,
  };
}

/**
 * Composes the iteration (Narayanan et al. SC'21 section 2.2): m micro-batches through p stages with v chunks,
 * T = (m + (p - 1)/v) (t_f + t_b) + exposed DP + optimizer; the bubble is (p - 1)/v (t_f + t_b). DP gradient
 * reduce-scatter overlaps the last micro-batch's backward and the parameter all-gather the first forward, unless the
 * plan reduces after the flush (dpOverlap false), when both sit on the critical path.
 */
export function simulateIteration(
  model: TransformerModel,
  plan: ParallelPlan,
  system: System,
  fidelity: Fidelity,
  session = new CollectiveSession(system),
): IterationResult {
  const comm = trainingComm(session, plan, fidelity);
  const stage = stageTimes(model, plan, system, comm);
  const perMicro = stage.forwardS + stage.backwardS;
  const m = plan.microbatches;
  const bubbleS = ((plan.pp - 1) / plan.vpp) * perMicro;
  // Each TP rank sends its 1/tp of the activation: the sequence-parallel shard, or without SP Megatron's scatter-gather
  // split of the replicated tensor (--scatter-gather-tensors-in-pipeline, on by default since Megatron-LM 2021).
  const p2p = plan.pp > 1 ? comm.pp(activationMessage(model, plan) / plan.tp).seconds : 0;
  // Each micro-batch crosses every stage boundary forward and backward, blocking in plain 1F1B; the interleaved
  // schedule crosses v times as many and, with ppOverlap, hides all but the fill behind compute.
  const crossings = plan.vpp > 1 ? (plan.ppOverlap ? plan.pp - 1 : plan.vpp * m + plan.pp - 1) : m + plan.pp - 1;
  const ppExposed = plan.pp > 1 ? 2 * crossings * p2p : 0;
  const params = parametersPerGpu(model, plan);
  const dpSize = plan.dp * plan.cp;
  const dpBytes = params.dense * plan.gradientBytes;
  const expertDp = Math.max(1, dpSize / plan.ep);
  let dpExposed = 0;
  let zero3 = 0;
  if (dpSize > 1 && plan.zero === 3) {
    // ZeRO-3 frees gathered weights after use, so every micro-batch gathers them for its forward and again for its
    // backward and reduce-scatters its gradients (Rajbhandari et al., ZeRO, SC'20, section 5.3: 1.5x the
    // all-reduce volume per step of accumulation). DeepSpeed moves them in buckets, each one collective over the
    // whole data-parallel group: at a thousand ranks a bucket's ring pays a thousand step latencies, which is why
    // ZeRO-3 throughput falls with scale at a fixed global batch (Megatron's Table 2). The gathers block the layer
    // that needs them (counted exposed, as DeepSpeed's 2021 rows behave), and each bucket pays DeepSpeed's own
    // software cost (ZERO3_BUCKET_OVERHEAD_S).
    const gathers = Math.ceil(params.dense / ZERO3_PREFETCH_BUCKET_PARAMS);
    const scatters = Math.ceil(params.dense / ZERO3_REDUCE_BUCKET_PARAMS);
    const gather = gathers * comm.dp('allgather', (params.dense / gathers) * PARAMETER_WIRE_BYTES).seconds;
    const scatter = scatters * comm.dp('reducescatter', (params.dense / scatters) * plan.gradientBytes).seconds;
    zero3 = m * (2 * gather + scatter + (2 * gathers + scatters) * ZERO3_BUCKET_OVERHEAD_S);
  } else if (dpSize > 1) {
    const grads = plan.zero >= 1 ? comm.dp('reducescatter', dpBytes).seconds : comm.dp('allreduce', dpBytes).seconds;
    const gather = plan.zero >= 1 ? comm.dp('allgather', params.dense * PARAMETER_WIRE_BYTES).seconds : 0;
    const expertGrads = params.experts > 0 && expertDp > 1 ? comm.dp('allreduce', params.experts * plan.gradientBytes, expertDp).seconds : 0;
    dpExposed = plan.dpOverlap ? Math.max(0, grads + expertGrads - stage.backwardS) + Math.max(0, gather - stage.forwardS) : grads + expertGrads + gather;
  }
  const owned = plan.zero >= 1 ? params.dense / dpSize + params.experts / expertDp : params.dense + params.experts;
  const gpu = system.spec.gpu;
  const optimizerS = (owned * OPTIMIZER_STEP_BYTES_PER_PARAM) / (gpu.hbmBandwidth * DEFAULT_HBM_EFFICIENCY);
  dpExposed += zero3;
  const iterationTimeS = (m + (plan.pp - 1) / plan.vpp) * perMicro + ppExposed + dpExposed + optimizerS;
  const tokens = plan.gbs * plan.seq;
  const modelFlops = flopsPerToken(model, plan.seq, { training: true }) * tokens;
  const hardwareFlops = flopsPerToken(model, plan.seq, { training: true, recompute: plan.recompute === 'full' }) * tokens;
  const peak = gpu.peak[plan.precision] ?? gpu.peak.bf16;
  const memory = memoryPerGpu(model, plan, gpu.hbmCapacity);
  return {
    iterationTimeS,
    tokensPerSecPerGpu: tokens / iterationTimeS / plan.gpus,
    modelTflopsPerGpu: modelFlops / iterationTimeS / plan.gpus / 1e12,
    hardwareTflopsPerGpu: hardwareFlops / iterationTimeS / plan.gpus / 1e12,
    mfu: modelFlops / iterationTimeS / plan.gpus / peak,
    memory,
    breakdown: {
      computeS: m * stage.computeS,
      bubbleS,
      optimizerS,
      exposedCommS: { tp: m * stage.tp, pp: ppExposed, dp: dpExposed, ep: m * stage.ep, cp: m * stage.cp },
    },
    stage: { forwardS: stage.forwardS, backwardS: stage.backwardS },
  };
}
