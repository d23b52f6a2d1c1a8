/** Per pipeline stage, one micro-batch: layer compute by kind, the output head and MTP modules, and the communication the layers wait for; compute stretched on a slow stage group. */

import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { layerHeldBytes } from './activation-memory.js';
import { activationMessage, type TrainingComm } from './comm.js';
import { headTimes, type LayerTimes, layerTimes, mtpProjectionTimes } from './layer-time.js';
import { nodeLimitedAllToAllS } from './node-limited-routing.js';
import type { StageTime } from './pipeline/types.js';
import type { ParallelPlan } from './plan.js';
import { moeLayersIn, stageLayerCounts } from './stages.js';

/** Per-layer communication a layer of each kind waits for, forward and backward. */
interface LayerComm {
  readonly tpForwardS: number;
  readonly tpBackwardS: number;
  readonly cpS: number;
  /** Expert all-to-all (dispatch + combine) of one MoE layer's forward. */
  readonly epS: number;
}

/**
 * Expert dispatch + combine of one MoE layer, forward: tokens x top-k copies of h, FP8 out (the dispatch carries the
 * quantized input of the up-projection) and BF16 back, each a plain all-to-all over the EP group, or node-limited.
 */
function epCallS(model: TransformerModel, plan: ParallelPlan, comm: TrainingComm): number {
  if (model.family !== 'moe' || plan.ep <= 1) return 0;
  const tokens = (((plan.mbs * plan.seq) / plan.cp) * plan.etp) / plan.tp;
  const k = model.moe.expertsPerToken;
  // Low-precision recipes dispatch FP8 copies of the tokens (as DeepEP's FP8 path), combine in BF16.
  const out = plan.precision === 'bf16' ? 2 : 1;
  if (plan.epNodeLimit === null) return comm.ep(tokens * k * model.hidden * out).seconds + comm.ep(tokens * k * model.hidden * 2).seconds;
  const perNode = comm.epRanksPerNode();
  const nodes = plan.ep / perNode;
  const routing = { nodes, limit: plan.epNodeLimit, expertsPerNode: model.moe.experts / nodes, topK: k };
  return nodeLimitedAllToAllS(comm, routing, tokens, model.hidden * out) + nodeLimitedAllToAllS(comm, routing, tokens, model.hidden * 2);
}

/**
 * Megatron TP, per layer and pass: two all-reduces of the b s h activation without SP; with SP each becomes an
 * all-gather (before QKV, MLP-up) plus a reduce-scatter (after the projection, MLP-down) of that same tensor, the
 * nccl-tests size of both being the gathered whole. With overlap, each layer's TP traffic hides behind its own GEMMs.
 * Context parallelism: ring attention overlaps each KV block with the attention on the previous one (forward; twice
 * in backward).
 */
function layerComm(model: TransformerModel, plan: ParallelPlan, comm: TrainingComm, dense: LayerTimes): LayerComm {
  const act = activationMessage(model, plan);
  const tpCall = 2 * (plan.sequenceParallel ? comm.tp('allgather', act).seconds + comm.tp('reducescatter', act).seconds : comm.tp('allreduce', act).seconds);
  const tpForwardS = plan.tpOverlap ? Math.max(0, tpCall - dense.forwardS) : tpCall;
  const tpBackwardS = plan.tpOverlap ? Math.max(0, tpCall - dense.backwardS) : tpCall;
  let cpS = 0;
  if (plan.cp > 1) {
    const kvBlock = ((plan.mbs * plan.seq) / plan.cp) * 2 * Math.max(1, model.kvHeads / plan.tp) * model.headDim * 2;
    cpS = 3 * Math.max(0, (plan.cp - 1) * comm.cp(kvBlock).seconds - dense.attentionS);
  }
  return { tpForwardS, tpBackwardS, cpS, epS: epCallS(model, plan, comm) };
}

/** A stage's work for one micro-batch split into what a slow GPU stretches (compute) and what it does not (communication, host copies). */
export interface StageParts {
  readonly computeForwardS: number;
  readonly computeBackwardS: number;
  readonly weightGradS: number;
  /** TP and CP waits of the forward and of the backward. */
  readonly commForwardS: number;
  readonly commBackwardS: number;
  /** Offloaded activations over the host link, each way (beside compute). */
  readonly offloadS: number;
  readonly epForwardS: number;
  readonly epBackwardS: number;
  readonly tpS: number;
  readonly cpS: number;
}

/** A stage's times when its slowest GPU runs at `speed` (1 nominal): compute stretches by 1 / speed, communication does not. */
export function stageTime(parts: StageParts, speed = 1): StageTime {
  const forwardS = parts.computeForwardS / speed + parts.commForwardS;
  const backwardS = parts.computeBackwardS / speed + parts.commBackwardS;
  return {
    forwardS: forwardS + Math.max(0, parts.offloadS - forwardS),
    backwardS: backwardS + Math.max(0, parts.offloadS - backwardS),
    weightGradS: parts.weightGradS / speed,
    epForwardS: parts.epForwardS,
    epBackwardS: parts.epBackwardS,
    tpS: parts.tpS,
    cpS: parts.cpS,
  };
}

/** Each stage's forward, backward and weight-gradient time for one micro-batch at nominal speed (see stageParts). */
export function stageTimes(model: TransformerModel, plan: ParallelPlan, system: System, comm: TrainingComm): StageTime[] {
  return stageParts(model, plan, system, comm).map((p) => stageTime(p));
}

/**
 * Each stage's work for one micro-batch from the layers it holds (dense and MoE counted by index), the output head
 * and the MTP modules on the last stage. Recomputation runs in the backward pass; full recomputation repeats the
 * forward's TP and expert all-to-all there too.
 * Example, DeepSeek-V3 on [3, 4 x 14, 2]: stage 0 holds the three dense layers, stages 1-14 four MoE layers each, stage
 * 15 two MoE layers, the head and, with mtpDepth 1, one more MoE layer, its projection and a second head pass.
 */
export function stageParts(model: TransformerModel, plan: ParallelPlan, system: System, comm: TrainingComm): StageParts[] {
  const gpu = system.spec.gpu;
  const dense = layerTimes(model, plan, gpu, false);
  const moe = model.family === 'moe' && model.moe.moeLayers.length > 0 ? layerTimes(model, plan, gpu, true) : dense;
  const c = layerComm(model, plan, comm, dense);
  const head = headTimes(model, plan, gpu);
  const projection = mtpProjectionTimes(model, plan, gpu);
  const lastIsMoe = moeLayersIn(model, model.layers - 1, model.layers) > 0;
  const full = plan.recompute === 'full';
  const held = layerHeldBytes(model, plan);
  const hostLink = system.spec.server.hostLinkBandwidth;
  return stageLayerCounts(model, plan.chunkLayers, plan.pp).map((stage, s) => {
    const last = s === plan.pp - 1;
    const mtp = last ? plan.mtpDepth : 0;
    const moeCount = stage.moe + (lastIsMoe ? mtp : 0);
    const denseCount = stage.layers - stage.moe + (lastIsMoe ? 0 : mtp);
    const layers = denseCount + moeCount;
    // With expert groups folded across TP (ETP < TP) a MoE layer's MLP needs no TP all-gather and reduce-scatter: the
    // expert all-to-all moves its tokens, so only the attention half of the layer's TP traffic remains.
    const tpLayers = denseCount + moeCount * (plan.etp < plan.tp ? 0.5 : 1);
    const heads = last ? 1 + mtp : 0;
    const sum = (pick: (t: LayerTimes) => number) => denseCount * pick(dense) + moeCount * pick(moe);
    const tpS = tpLayers * (c.tpForwardS + c.tpBackwardS + (full ? c.tpForwardS : 0));
    const cpS = layers * c.cpS;
    return {
      computeForwardS: sum((t) => t.forwardS) + heads * head.forwardS + mtp * projection.forwardS,
      computeBackwardS: sum((t) => t.backwardS + t.recomputeS) + heads * head.backwardS + mtp * projection.backwardS,
      weightGradS: sum((t) => t.weightGradS) + heads * head.weightGradS + mtp * projection.weightGradS,
      commForwardS: tpLayers * c.tpForwardS + cpS / 3,
      commBackwardS: tpLayers * (c.tpBackwardS + (full ? c.tpForwardS : 0)) + (2 * cpS) / 3,
      // Offloaded activations leave during the forward and return during the backward over the host link, beside compute.
      offloadS: (plan.offloadActivations * (denseCount * held.dense.held + moeCount * held.moe.held)) / hostLink,
      epForwardS: moeCount * c.epS,
      epBackwardS: moeCount * c.epS * (full ? 2 : 1),
      tpS,
      cpS,
    };
  });
}
