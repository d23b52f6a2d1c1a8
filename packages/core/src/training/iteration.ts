/** One training iteration: pipeline of micro-batches over stages, exposed communication by kind, MFU and memory. */

import { CollectiveSession, type Fidelity } from '../comm/run.js';
import { DEFAULT_HBM_EFFICIENCY } from '../compute/efficiency.js';
import { formatOf } from '../compute/formats.js';
import { computeUnitsOf } from '../compute/saturation.js';
import { kernelGpuId } from '../hardware/types.js';
import { flopsPerToken } from '../models/flops.js';
import type { TransformerModel } from '../models/types.js';
import { slowestGpu } from '../system/stragglers.js';
import type { System } from '../system/system.js';
import { ZERO3_BUCKET_OVERHEAD_S } from './calibration.js';
import { activationMessage, type TrainingComm, trainingComm } from './comm.js';
import { type MemoryPerGpu, memoryPerGpu, parametersPerGpu } from './memory.js';
import { pipelineSchedules } from './pipeline/registry.js';
import type { PipelineInput, ScheduleTime, StageTime } from './pipeline/types.js';
import type { ParallelPlan } from './plan.js';
import { type StageParts, stageParts, stageTime } from './stage-time.js';
import { placeOf, replicaSpeeds, type StragglerCost } from './stragglers.js';

/**
 * Bytes an optimizer step reads and writes per parameter it owns: the FP32 master weight (or the 16-bit weight plus
 * its 16-bit remainder: as many bytes), read and written, 8; m and v, each read and written, 4 x momentBytes; the FP32
 * main gradient, read, 4: 28 with FP32 moments, 20 with BF16 moments (DeepSeek-V3, section 3.3.3).
 */
export function optimizerStepBytesPerParam(plan: Pick<ParallelPlan, 'momentBytes'>): number {
  return 8 + 4 * plan.momentBytes + 4;
}

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
  /** Per-stage times, pipeline send and SMs the schedule was given: enough to lay out its timeline (the slowest replica's, with stragglers). */
  readonly pipeline: PipelineInput;
  /** With slow GPUs: what they cost the step. */
  readonly stragglers?: StragglerCost;
}

/**
 * Composes the iteration: the plan's pipeline schedule runs m micro-batches over the stages (1F1B, interleaved:
 * Narayanan et al. SC'21 section 2.2; DualPipe: DeepSeek-V3 section 3.2.1), then exposed DP and the optimizer step.
 * DP gradient reduce-scatter overlaps the last micro-batch's backward and the parameter all-gather the first forward,
 * unless the plan reduces after the flush (dpOverlap false), when both sit on the critical path.
 */
export function simulateIteration(
  model: TransformerModel,
  plan: ParallelPlan,
  system: System,
  fidelity: Fidelity,
  session = new CollectiveSession(system),
): IterationResult {
  const comm = trainingComm(session, plan, fidelity);
  const gpu = system.spec.gpu;
  const parts = stageParts(model, plan, system, comm);
  const schedule = pipelineSchedules.get(plan.schedule);
  // Each TP rank sends its 1/tp of the activation: the sequence-parallel shard, or without SP Megatron's scatter-gather
  // split of the replicated tensor (--scatter-gather-tensors-in-pipeline, on by default since Megatron-LM 2021).
  const p2pS = plan.pp > 1 ? comm.pp(activationMessage(model, plan) / plan.tp).seconds : 0;
  const step = (speeds?: Float64Array) => {
    const { stages, pipe } = slowestPipeline(parts, plan, speeds, (stages) => schedule.time({ plan, stages, p2pS, sms: computeUnitsOf(kernelGpuId(gpu)) }));
    const dp = dataParallelTimes(plan, comm, params, { forwardS: pipe.paceForwardS, backwardS: pipe.paceBackwardS });
    // Every GPU steps its own optimizer shard after the gradients arrive: the slowest sets when the next step may start.
    const optimizerS =
      (dp.ownedParameters * optimizerStepBytesPerParam(plan)) / (gpu.hbmBandwidth * DEFAULT_HBM_EFFICIENCY) / (speeds ? slowestGpu(speeds).speed : 1);
    return { stages, pipe, dp, optimizerS, iterationTimeS: pipe.pipelineS + pipe.ppExposedS + dp.exposedS + optimizerS };
  };
  const params = scaled(parametersPerGpu(model, plan), schedule.stagesPerDevice);
  const { stages, pipe, dp, optimizerS, iterationTimeS } = step(system.gpuSpeed);
  const pipeline: PipelineInput = { stages, p2pS, sms: computeUnitsOf(kernelGpuId(gpu)) };
  const m = plan.microbatches;
  const tokens = plan.gbs * plan.seq;
  const modelFlops = flopsPerToken(model, plan.seq, { training: true }) * tokens;
  const hardwareFlops = flopsPerToken(model, plan.seq, { training: true, recompute: plan.recompute === 'full' }) * tokens;
  const peak = gpu.peak[formatOf(plan.precision).tensor] ?? gpu.peak.bf16;
  const memory = memoryPerGpu(model, plan, gpu.hbmUsable);
  const pace = pipe.pace;
  return {
    iterationTimeS,
    tokensPerSecPerGpu: tokens / iterationTimeS / plan.gpus,
    modelTflopsPerGpu: modelFlops / iterationTimeS / plan.gpus / 1e12,
    hardwareTflopsPerGpu: hardwareFlops / iterationTimeS / plan.gpus / 1e12,
    mfu: modelFlops / iterationTimeS / plan.gpus / peak,
    memory,
    breakdown: {
      computeS: m * (pace.forwardS + pace.backwardS - pace.tpS - pace.cpS),
      bubbleS: pipe.bubbleS,
      optimizerS,
      exposedCommS: { tp: m * pace.tpS, pp: pipe.ppExposedS, dp: dp.exposedS, ep: pipe.epExposedS, cp: m * pace.cpS },
    },
    stage: { forwardS: pipe.paceForwardS, backwardS: pipe.paceBackwardS },
    pipeline,
    ...(system.gpuSpeed ? { stragglers: stragglerCost(plan, system.gpuSpeed, iterationTimeS, (speeds) => step(speeds).iterationTimeS) } : {}),
  };
}

/**
 * The pipeline of the replica that finishes last: each distinct vector of per-stage speeds laid out by the schedule,
 * the latest kept (replicas meet at the data-parallel reduction, so the step waits for it). Nominal without speeds.
 */
function slowestPipeline(
  parts: readonly StageParts[],
  plan: ParallelPlan,
  speeds: Float64Array | undefined,
  time: (stages: StageTime[]) => ScheduleTime,
): { stages: StageTime[]; pipe: ScheduleTime } {
  const nominal = parts.map((p) => stageTime(p));
  if (!speeds) return { stages: nominal, pipe: time(nominal) };
  let slowest: { stages: StageTime[]; pipe: ScheduleTime } | undefined;
  for (const replica of replicaSpeeds(plan, speeds)) {
    const stages = parts.map((p, i) => stageTime(p, replica.stageSpeeds[i]));
    const pipe = time(stages);
    if (!slowest || pipe.pipelineS + pipe.ppExposedS > slowest.pipe.pipelineS + slowest.pipe.ppExposedS) slowest = { stages, pipe };
  }
  return slowest ?? { stages: nominal, pipe: time(nominal) };
}

/** The step at nominal speed, and with the slowest GPU made nominal, beside the step as it runs. */
function stragglerCost(plan: ParallelPlan, speeds: Float64Array, iterationS: number, stepS: (speeds?: Float64Array) => number): StragglerCost {
  const slowest = slowestGpu(speeds);
  const healed = Float64Array.from(speeds);
  healed[slowest.rank] = 1;
  const nominalIterationS = stepS();
  return {
    nominalIterationS,
    iterationS,
    slowdown: iterationS / nominalIterationS - 1,
    slowestGpu: { rank: slowest.rank, speed: slowest.speed, ...placeOf(plan, slowest.rank) },
    slowGpus: slowest.slowGpus,
    withoutSlowestS: stepS(healed),
  };
}

const scaled = (p: { dense: number; experts: number }, k: number) => ({ dense: p.dense * k, experts: p.experts * k });

/**
 * One micro-batch's exposed ZeRO-3 traffic when it overlaps compute, as PyTorch FSDP (forward_prefetch,
 * BackwardPrefetch.BACKWARD_PRE) and DeepSpeed (overlap_comm, stage3 prefetch) run it: the forward gathers bucket
 * i + 1 while it computes with bucket i, so the first bucket's gather waits and the rest hide behind the forward
 * unless they outlast it; the backward gathers again ahead of each bucket and reduce-scatters each bucket's gradients
 * as they are ready, on the same communication stream, so its first gather and its last reduce-scatter wait and the
 * rest hide behind the backward unless they outlast it. Each bucket pays its collective and the bucket overhead.
 * exposed = g/G + max(0, g (1 - 1/G) - fwd) + g/G + r/R + max(0, g (1 - 1/G) + r (1 - 1/R) - bwd).
 * Example: Llama-3-8B on 64 H100s, 161 gather buckets of 0.63 s in all and 17 reduce buckets of 0.55 s: behind a
 * 1 s forward and 2 s backward 0.016 s of the 1.8 s stays exposed, against all of it when gathers block.
 */
export function zero3OverlappedS(
  gatherS: number,
  gathers: number,
  scatterS: number,
  scatters: number,
  pace: { readonly forwardS: number; readonly backwardS: number },
): number {
  const firstGather = gatherS / gathers;
  const lastScatter = scatterS / scatters;
  const forward = firstGather + Math.max(0, gatherS - firstGather - pace.forwardS);
  const backward = firstGather + lastScatter + Math.max(0, gatherS - firstGather + scatterS - lastScatter - pace.backwardS);
  return forward + backward;
}

/**
 * Exposed data-parallel time and the parameters whose optimizer state this GPU owns. ZeRO-1/2 reduce-scatter the
 * gradients (and all-gather the updated 16-bit parameters), ZeRO-0 all-reduces them; expert gradients are all-reduced
 * over the DP x CP / EP ranks holding the same experts.
 */
function dataParallelTimes(
  plan: ParallelPlan,
  comm: TrainingComm,
  params: { dense: number; experts: number },
  pace: { forwardS: number; backwardS: number },
): { exposedS: number; ownedParameters: number } {
  const dpSize = plan.dp * plan.cp;
  const expertDp = Math.max(1, (plan.tp * dpSize) / (plan.ep * plan.etp));
  const owned = plan.zero >= 1 ? params.dense / dpSize + params.experts / expertDp : params.dense + params.experts;
  if (dpSize <= 1) return { exposedS: 0, ownedParameters: owned };
  if (plan.zero === 3) {
    // ZeRO-3 frees gathered weights after use, so every micro-batch gathers them for its forward and again for its
    // backward and reduce-scatters its gradients (Rajbhandari et al., ZeRO, SC'20, section 5.3: 1.5x the
    // all-reduce volume per step of accumulation). DeepSpeed moves them in buckets, each one collective over the
    // whole data-parallel group: at a thousand ranks a bucket's ring pays a thousand step latencies, which is why
    // ZeRO-3 throughput falls with scale at a fixed global batch (Megatron's Table 2). The gathers block the layer
    // that needs them (counted exposed, as DeepSpeed's 2021 rows behave), and each bucket pays DeepSpeed's own
    // software cost (ZERO3_BUCKET_OVERHEAD_S). With dpOverlap, as FSDP and DeepSpeed's overlap_comm run them, the
    // gathers are prefetched and the reduce-scatters run behind the backward (zero3OverlappedS).
    const gathers = Math.ceil(params.dense / ZERO3_PREFETCH_BUCKET_PARAMS);
    const scatters = Math.ceil(params.dense / ZERO3_REDUCE_BUCKET_PARAMS);
    const gather = gathers * comm.dp('allgather', (params.dense / gathers) * PARAMETER_WIRE_BYTES).seconds;
    const scatter = scatters * comm.dp('reducescatter', (params.dense / scatters) * plan.gradientBytes).seconds;
    const gatherS = gather + gathers * ZERO3_BUCKET_OVERHEAD_S;
    const scatterS = scatter + scatters * ZERO3_BUCKET_OVERHEAD_S;
    const perMicrobatch = plan.dpOverlap ? zero3OverlappedS(gatherS, gathers, scatterS, scatters, pace) : 2 * gatherS + scatterS;
    return { exposedS: plan.microbatches * perMicrobatch, ownedParameters: owned };
  }
  const dpBytes = params.dense * plan.gradientBytes;
  const grads = plan.zero >= 1 ? comm.dp('reducescatter', dpBytes).seconds : comm.dp('allreduce', dpBytes).seconds;
  const gather = plan.zero >= 1 ? comm.dp('allgather', params.dense * PARAMETER_WIRE_BYTES).seconds : 0;
  const expertGrads = params.experts > 0 && expertDp > 1 ? comm.dp('allreduce', params.experts * plan.gradientBytes, expertDp, plan.ep * plan.etp).seconds : 0;
  const exposedS = plan.dpOverlap ? Math.max(0, grads + expertGrads - pace.backwardS) + Math.max(0, gather - pace.forwardS) : grads + expertGrads + gather;
  return { exposedS, ownedParameters: owned };
}
