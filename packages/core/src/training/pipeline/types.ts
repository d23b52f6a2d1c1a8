/** The pipeline-schedule family: what a schedule is told per stage; its answers: the time, each device's op order, that order in time. */

import type { RegistryEntry } from '../../registry/registry.js';

/** One pipeline stage's work for one micro-batch, seconds. */
export interface StageTime {
  /** Forward compute plus the tensor- and context-parallel communication it waits for. */
  readonly forwardS: number;
  /** Backward compute (input and weight gradients, recomputation) plus its TP / CP waits. */
  readonly backwardS: number;
  /** The weight-gradient GEMMs inside backwardS: ZeroBubble's W, which a schedule may move into bubbles. */
  readonly weightGradS: number;
  /** Expert-parallel all-to-all (dispatch + combine) of the forward, and of the backward. */
  readonly epForwardS: number;
  readonly epBackwardS: number;
  /** The TP and CP communication inside forwardS + backwardS, for the breakdown. */
  readonly tpS: number;
  readonly cpS: number;
}

/** The plan fields a schedule reads. */
export interface SchedulePlan {
  readonly pp: number;
  readonly vpp: number;
  readonly microbatches: number;
  /**
   * Interleaved schedules: micro-batches that run through one chunk before the device moves to the next (Megatron-Core
   * microbatch_group_size_per_vp_stage, the Llama 3 paper's N); pp runs the pipeline depth-first.
   */
  readonly microbatchGroup: number;
  readonly ppOverlap: boolean;
  readonly commSms: number;
}

export interface ScheduleInput {
  readonly plan: SchedulePlan;
  /** Per stage, first to last. */
  readonly stages: readonly StageTime[];
  /** Seconds of one pipeline send of a micro-batch's activations to the next stage. */
  readonly p2pS: number;
  /** Streaming multiprocessors of the GPU (what overlapped communication kernels take a share of). */
  readonly sms: number;
}

/** What a schedule is told beyond the plan: what a train report carries so its pipeline can be laid out again. */
export type PipelineInput = Omit<ScheduleInput, 'plan'>;

export interface ScheduleTime {
  /** From the first forward to the last backward, pipeline sends included. */
  readonly pipelineS: number;
  readonly bubbleS: number;
  readonly ppExposedS: number;
  /** Expert all-to-all time on the critical path, including compute slowed by the SMs overlapped kernels take. */
  readonly epExposedS: number;
  /** Forward and backward of one micro-batch on the device that sets the pace (what DP overlap hides behind). */
  readonly paceForwardS: number;
  readonly paceBackwardS: number;
  /** That device's stage times (DualPipe: the mean of its two stages). */
  readonly pace: StageTime;
}

/**
 * One piece of work on one device: the forward (F) or backward (B) of one micro-batch through one stage-chunk, or the
 * weight-gradient half (W) of a backward whose B computed only the input gradient (ZeroBubble's split: a B is split
 * exactly when its device's order also holds its W).
 */
export interface PipelineOp {
  readonly kind: 'F' | 'B' | 'W';
  /** 0 to m - 1; DualPipe numbers the reverse direction's micro-batches m/2 to m - 1. */
  readonly microbatch: number;
  /** Where the stage-chunk sits on the micro-batch's path, 0 first, to pp x vpp - 1 (Megatron's virtual stage). */
  readonly virtualStage: number;
  /** The index into ScheduleInput.stages whose times the chunk takes (1/vpp of them). */
  readonly stage: number;
}

/** What a device runs next: one op, or a forward and a backward run overlapped (DualPipe's F&B). */
export type PipelineStep = readonly [PipelineOp] | readonly [forward: PipelineOp, backward: PipelineOp];

/** Per device, its steps in the order the schedule runs them. */
export type PipelineOrder = readonly (readonly PipelineStep[])[];

/** A step placed in time on its device, seconds from the first forward. */
export interface TimedStep {
  readonly device: number;
  readonly step: PipelineStep;
  readonly startS: number;
  /** When its computation ends; blocking pipeline sends then hold the device until endS. */
  readonly computeEndS: number;
  readonly endS: number;
}

export interface PipelineTimeline {
  readonly devices: number;
  /** In the order they were placed: each device's steps in its order, devices interleaved. */
  readonly steps: readonly TimedStep[];
  /** From the first forward to the end of the last step. */
  readonly makespanS: number;
}

export interface PipelineSchedule extends RegistryEntry {
  /** Throws a ConfigError when the schedule cannot run this pipeline shape. */
  check(plan: Pick<SchedulePlan, 'pp' | 'vpp' | 'microbatches' | 'microbatchGroup'>): void;
  time(input: ScheduleInput): ScheduleTime;
  /** The schedule's own op order, device by device: what timeline() lays out. */
  order(plan: Pick<SchedulePlan, 'pp' | 'vpp' | 'microbatches' | 'microbatchGroup'>): PipelineOrder;
  /** The order placed in time from the per-stage times, each op waiting for the ops it needs (a trace's content). */
  timeline(input: ScheduleInput): PipelineTimeline;
  /** Pipeline stages whose parameters one device holds: 1, or 2 where micro-batches flow both ways (DualPipe). */
  readonly stagesPerDevice: number;
}

/** A stage's forward + backward with its all-to-all on the critical path: how 1F1B-family schedules run EP. */
export const blockingStageS = (s: StageTime): number => s.forwardS + s.epForwardS + s.backwardS + s.epBackwardS;

/** The stage with the longest blocking forward + backward: it sets the pace of a one-directional pipeline. */
export function slowestStage(stages: readonly StageTime[]): StageTime {
  const first = stages[0];
  if (first === undefined) throw new RangeError('a pipeline needs at least one stage');
  return stages.reduce((slow, s) => (blockingStageS(s) > blockingStageS(slow) ? s : slow), first);
}
