/** The parallel plan of a training run: TP, PP (+VPP), DP/ZeRO, CP, EP, batch, precision, recomputation, checked against model and system. */

import { argDefaults } from '../args/define.js';
import { ArgumentError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { formatOf } from '../compute/formats.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { pipelineSchedules } from './pipeline/registry.js';
import {
  type AttentionKernel,
  type PlanInput,
  PRECISIONS,
  type Precision,
  planArgs,
  RECOMPUTE_MODULES,
  type Recompute,
  type RecomputeModule,
} from './plan-args.js';
import { resolveChunkLayers, stageLayersOf } from './stages.js';

/** The plan's declared defaults (plan-args.ts), applied here to a library caller's input as the commands apply them. */
const D = argDefaults(planArgs);

/** Every field set; `microbatches` per pipeline per iteration. */
export interface ParallelPlan {
  readonly tp: number;
  readonly pp: number;
  readonly vpp: number;
  readonly dp: number;
  readonly cp: number;
  readonly ep: number;
  /** GPUs splitting each expert's FFN: TP (no folding) or a divisor of it. */
  readonly etp: number;
  readonly mbs: number;
  readonly gbs: number;
  readonly seq: number;
  readonly precision: Precision;
  readonly recompute: Recompute;
  readonly zero: 0 | 1 | 2 | 3;
  readonly sequenceParallel: boolean;
  readonly attention: AttentionKernel;
  readonly tpOverlap: boolean;
  readonly dpOverlap: boolean;
  readonly ppOverlap: boolean;
  readonly gradientBytes: 2 | 4;
  readonly masterWeightBytes: 2 | 4;
  readonly momentBytes: 2 | 4;
  readonly dropout: boolean;
  readonly recomputeModules: readonly RecomputeModule[];
  readonly schedule: string;
  /** Transformer layers on each pipeline stage (with VPP, over all of its chunks). */
  readonly stageLayers: readonly number[];
  /** Transformer layers on each chunk, in virtual-stage order (chunk c of stage s is virtual stage c pp + s). */
  readonly chunkLayers: readonly number[];
  /** Share of saved activations offloaded to host memory (0: none). */
  readonly offloadActivations: number;
  readonly permuteFusion: boolean;
  /** The routed experts' GEMM kernels (compute/grouped-gemm.ts): CUTLASS-class grouped GEMMs, or DeepGEMM's contiguous layout. */
  readonly expertKernels: 'grouped' | 'deepgemm';
  readonly mtpDepth: number;
  /** Nodes a token's experts may span; null: routing is not node-limited. */
  readonly epNodeLimit: number | null;
  readonly commSms: number;
  readonly microbatches: number;
  /** Micro-batches per chunk turn of the interleaved schedule (pp unless set). */
  readonly microbatchGroup: number;
  /** Transformer layers on the busiest pipeline stage. */
  readonly layersPerStage: number;
  readonly gpus: number;
}

const positive = (field: string, value: number | undefined, fallback?: number): number => {
  const v = value ?? fallback;
  if (v === undefined || !Number.isInteger(v) || v < 1) throw new ArgumentError(field, `expected a positive whole number, received ${value}`);
  return v;
};

/**
 * Resolves and checks a plan. Rank order (Megatron's default) is TP fastest, then CP, then DP, then PP: TP groups
 * are consecutive ranks, so with TP <= domain size they stay inside a scale-up domain. EP groups are carved from
 * DP x CP ranks of the same TP rank (Megatron-Core expert parallelism).
 */
export function resolvePlan(model: TransformerModel, system: System, input: PlanInput): ParallelPlan {
  const tp = positive('tp', input.tp);
  const pp = positive('pp', input.pp);
  const vpp = positive('vpp', input.vpp, D.vpp);
  const cp = positive('cp', input.cp, D.cp);
  const ep = positive('ep', input.ep, D.ep);
  const mbs = positive('mbs', input.mbs);
  const gbs = positive('gbs', input.gbs);
  const seq = positive('seq', input.seq);
  const precision = input.precision ?? D.precision;
  if (!PRECISIONS.includes(precision)) throw new ArgumentError('precision', `${excerpt(String(precision))} is not one of ${PRECISIONS.join(', ')}`);
  const tensor = formatOf(precision).tensor;
  if (system.spec.gpu.peak[tensor] === null) {
    throw new ArgumentError(
      'precision',
      `${system.spec.gpu.name} has no ${tensor.toUpperCase()} tensor rate to train in ${precision}; its formats: ${trainableOn(system)}`,
    );
  }
  if (model.heads % tp !== 0) throw new ArgumentError('tp', `TP ${tp} does not divide the ${model.heads} attention heads of ${model.id}`);
  if (model.kvHeads % tp !== 0 && tp % model.kvHeads !== 0) {
    throw new ArgumentError('tp', `TP ${tp} neither divides nor is a multiple of the ${model.kvHeads} KV heads of ${model.id}`);
  }
  if (vpp > 1 && pp === 1) throw new ArgumentError('vpp', 'interleaving (VPP > 1) needs PP > 1');
  const chunkLayers = resolveChunkLayers(model, pp, vpp, input.stageLayers, {
    ...(input.accountForEmbedding === undefined ? {} : { embedding: input.accountForEmbedding }),
    ...(input.accountForLoss === undefined ? {} : { loss: input.accountForLoss }),
  });
  const stageLayers = stageLayersOf(chunkLayers, pp);
  const perReplica = tp * pp * cp;
  const jobGpus = system.jobGpus ?? system.gpus;
  if (jobGpus % perReplica !== 0) throw new ArgumentError('gpus', `${jobGpus} GPUs are not a multiple of TP x PP x CP = ${perReplica}`);
  const dp = positive('dp', input.dp, jobGpus / perReplica);
  const gpus = tp * pp * dp * cp;
  checkJobPlacement(system, gpus, `TP ${tp} x PP ${pp} x DP ${dp} x CP ${cp}`, input.dp === undefined && system.jobGpus !== undefined ? 'gpus' : 'dp');
  const etp = positive('etp', input.etp, tp);
  if (tp % etp !== 0) throw new ArgumentError('etp', `ETP ${etp} does not divide TP ${tp}: expert tensor groups are carved from tensor-parallel ranks`);
  checkExperts(model, ep, etp, tp * dp * cp);
  if (seq % cp !== 0) throw new ArgumentError('cp', `CP ${cp} does not divide the sequence of ${seq} tokens`);
  if (gbs % (mbs * dp) !== 0) throw new ArgumentError('gbs', `global batch ${gbs} is not a multiple of micro-batch ${mbs} x DP ${dp} = ${mbs * dp}`);
  const microbatches = gbs / (mbs * dp);
  const schedule = pipelineSchedules.get(input.schedule ?? (vpp > 1 ? 'interleaved' : '1f1b'));
  const microbatchGroup = positive('microbatchGroup', input.microbatchGroup, pp);
  if (input.microbatchGroup !== undefined && schedule.id !== 'interleaved') {
    throw new ArgumentError('microbatchGroup', `micro-batch groups belong to the interleaved schedule (VPP > 1), not ${schedule.id}`);
  }
  schedule.check({ pp, vpp, microbatches, microbatchGroup });
  const zero = input.zero ?? D.zero;
  if (![0, 1, 2, 3].includes(zero)) throw new ArgumentError('zero', `expected 0, 1, 2 or 3, received ${zero}`);
  const extras = resolveExtras(model, system, input, ep, etp);
  // One literal, every field named: a plan search resolves plans by the thousand, and spreads into a literal this wide
  // leave V8 objects in dictionary mode (slow to build, slow to read).
  return {
    tp,
    pp,
    vpp,
    dp,
    cp,
    ep,
    etp,
    mbs,
    gbs,
    seq,
    zero,
    microbatches,
    microbatchGroup,
    stageLayers,
    chunkLayers,
    schedule: schedule.id,
    precision,
    recompute: input.recompute ?? D.recompute,
    sequenceParallel: input.sequenceParallel ?? tp > 1,
    attention: input.attention ?? D.attention,
    tpOverlap: input.tpOverlap ?? D.tpOverlap,
    dpOverlap: input.dpOverlap ?? D.dpOverlap,
    ppOverlap: input.ppOverlap ?? D.ppOverlap,
    dropout: input.dropout ?? D.dropout,
    gradientBytes: extras.gradientBytes,
    masterWeightBytes: extras.masterWeightBytes,
    momentBytes: extras.momentBytes,
    recomputeModules: extras.recomputeModules,
    mtpDepth: extras.mtpDepth,
    epNodeLimit: extras.epNodeLimit,
    commSms: extras.commSms,
    offloadActivations: extras.offloadActivations,
    permuteFusion: extras.permuteFusion,
    expertKernels: extras.expertKernels,
    layersPerStage: Math.max(...stageLayers),
    gpus,
  };
}

/** The training formats a system's GPU has the tensor rate for. */
function trainableOn(system: System): string {
  return PRECISIONS.filter((p) => system.spec.gpu.peak[formatOf(p).tensor] !== null).join(', ');
}

/** The precisions, recomputation modules, multi-token prediction and expert-routing options, checked. */
/** `etp`: expert tensor ranks; a node (scale-up domain) holds domain / ETP ranks of an EP group, as TrainingComm.epRanksPerNode counts them. */
function resolveExtras(model: TransformerModel, system: System, input: PlanInput, ep: number, etp: number) {
  const gradientBytes = input.gradientBytes ?? D.gradientBytes;
  const masterWeightBytes = input.masterWeightBytes ?? D.masterWeightBytes;
  const momentBytes = input.momentBytes ?? D.momentBytes;
  for (const [field, value] of [
    ['gradientBytes', gradientBytes],
    ['masterWeightBytes', masterWeightBytes],
    ['momentBytes', momentBytes],
  ] as const) {
    if (value !== 2 && value !== 4) throw new ArgumentError(field, `expected 2 or 4, received ${value}`);
  }
  const recomputeModules = input.recomputeModules ?? D.recomputeModules;
  for (const module of recomputeModules) {
    if (!RECOMPUTE_MODULES.includes(module)) throw new ArgumentError('recomputeModules', `${excerpt(module)} is not one of ${RECOMPUTE_MODULES.join(', ')}`);
  }
  const mtpDepth = nonNegative('mtpDepth', input.mtpDepth ?? D.mtpDepth);
  const epNodeLimit = input.epNodeLimit === undefined ? null : positive('epNodeLimit', input.epNodeLimit);
  if (epNodeLimit !== null && model.family !== 'moe') {
    throw new ArgumentError('epNodeLimit', `node-limited routing needs a mixture-of-experts model; ${model.id} is dense`);
  }
  const domain = system.spec.scaleUp.domainSize;
  const perNode = Math.max(1, Math.floor(domain / etp));
  if (epNodeLimit !== null && ep <= perNode) {
    throw new ArgumentError('epNodeLimit', `EP ${ep} fits in one ${domain}-GPU scale-up domain: there are no nodes to limit`);
  }
  if (epNodeLimit !== null && ep % perNode !== 0) {
    throw new ArgumentError('epNodeLimit', `node-limited routing needs EP ${ep} to span whole nodes of ${perNode} EP ranks each`);
  }
  if (epNodeLimit !== null && model.family === 'moe') {
    // The nodes a token may reach must hold its k experts: M nodes of E / N experts each.
    const reachable = Math.min(epNodeLimit, ep / perNode) * (model.moe.experts / (ep / perNode));
    if (reachable < model.moe.expertsPerToken) {
      throw new ArgumentError(
        'epNodeLimit',
        `${epNodeLimit} nodes of ${model.moe.experts / (ep / perNode)} experts each hold ${reachable}, fewer than the ${model.moe.expertsPerToken} a token visits`,
      );
    }
  }
  const commSms = nonNegative('commSms', input.commSms ?? D.commSms);
  const offloadActivations = input.offloadActivations ?? D.offloadActivations;
  if (!(offloadActivations >= 0 && offloadActivations < 1)) {
    throw new ArgumentError('offloadActivations', `expected a share of the activations in [0, 1), received ${offloadActivations}`);
  }
  const permuteFusion = input.permuteFusion ?? D.permuteFusion;
  const expertKernels = input.expertKernels ?? D.expertKernels;
  return {
    gradientBytes,
    masterWeightBytes,
    momentBytes,
    recomputeModules: [...recomputeModules],
    mtpDepth,
    epNodeLimit,
    commSms,
    offloadActivations,
    permuteFusion,
    expertKernels,
  };
}

const nonNegative = (field: string, value: number): number => {
  if (!Number.isInteger(value) || value < 0) throw new ArgumentError(field, `expected a whole number >= 0, received ${value}`);
  return value;
};

/** Experts divide over EP; EP x ETP groups tile the TP x DP x CP ranks of a stage (Megatron-Core MoE parallel folding). */
function checkExperts(model: TransformerModel, ep: number, etp: number, ranks: number): void {
  if (model.family !== 'moe') {
    if (ep > 1) throw new ArgumentError('ep', `EP ${ep} needs a mixture-of-experts model; ${model.id} is dense`);
    return;
  }
  const experts = model.moe.experts;
  if (ep > experts) throw new ArgumentError('ep', `EP ${ep} is larger than the ${experts} experts of ${model.id}`);
  if (experts % ep !== 0) throw new ArgumentError('ep', `EP ${ep} does not divide the ${experts} experts of ${model.id}`);
  if (ranks % (ep * etp) !== 0) {
    throw new ArgumentError('ep', `EP ${ep} x ETP ${etp} does not divide TP x DP x CP = ${ranks}: expert groups are carved from a stage's ranks`);
  }
}

/** GPU rank of (tp, cp, dp, pp) coordinates in Megatron order: TP fastest, then CP, DP, PP. */
export function rankOf(plan: ParallelPlan, c: { tp: number; cp: number; dp: number; pp: number }): number {
  return ((c.pp * plan.dp + c.dp) * plan.cp + c.cp) * plan.tp + c.tp;
}

/**
 * A job of `gpus` on part of the system runs on its first GPUs, on whole servers or a whole share of one, and leaves
 * the rest idle; it cannot outgrow the system. `what` names the plan's product for the message.
 */
function checkJobPlacement(system: System, gpus: number, what: string, field: 'dp' | 'gpus'): void {
  if (gpus > system.gpus) throw new ArgumentError(field, `${what} = ${gpus} GPUs, but the system has ${system.gpus}`);
  const server = system.spec.server.gpus;
  if (gpus < system.gpus && gpus % server !== 0 && server % gpus !== 0) {
    throw new ArgumentError(
      field,
      `${what} = ${gpus} GPUs on a system of ${system.gpus}: a job on part of a system takes whole servers of ${server} GPUs or a whole share of one`,
    );
  }
}
