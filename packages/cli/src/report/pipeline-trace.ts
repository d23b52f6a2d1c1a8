/** A Chrome trace of a training iteration's pipeline: each device's steps in its schedule's own order, laid out by core. */

import { type PipelineOp, type PipelineTimeline, pipelineSchedules, type TimedStep, type TrainReport } from '@supernode/core';

interface Slice {
  name: string;
  cat: string;
  ph: 'X';
  ts: number;
  dur: number;
  pid: 0;
  tid: number;
  args: Record<string, unknown>;
}

interface Metadata {
  name: 'process_name' | 'thread_name' | 'thread_sort_index';
  ph: 'M';
  pid: 0;
  tid: number;
  args: { name: string } | { sort_index: number };
}

const US_PER_S = 1e6;
const CATEGORY = { F: 'forward', B: 'backward', W: 'weight-grad' } as const;

/** The report's pipeline laid out by its own schedule, from the per-stage times the report carries. */
export function pipelineTimeline(r: TrainReport): PipelineTimeline {
  return pipelineSchedules.get(r.plan.schedule).timeline({ plan: r.plan, ...r.pipeline });
}

/**
 * One track per device, one slice per step: `F12` a forward of micro-batch 12, `B12` its backward (input gradient only
 * where a `W12` follows), `F12 & B3` a forward and a backward run overlapped; `.1` names the device's second stage-chunk
 * (interleaved chunks, DualPipe's second direction). Blocking pipeline sends show as `send`. Microseconds.
 */
export function pipelineTrace(r: TrainReport): { traceEvents: (Slice | Metadata)[] } {
  const timeline = pipelineTimeline(r);
  const chunks = chunksByDevice(timeline);
  const events: (Slice | Metadata)[] = [{ name: 'process_name', ph: 'M', pid: 0, tid: 0, args: { name: `pipeline (${r.plan.schedule})` } }];
  chunks.forEach((stages, d) => {
    const what = stages.length === 1 ? `stage ${stages[0]}` : `stage-chunks ${stages.join(', ')}`;
    events.push({ name: 'thread_name', ph: 'M', pid: 0, tid: d, args: { name: `device ${d}: ${what}` } });
    events.push({ name: 'thread_sort_index', ph: 'M', pid: 0, tid: d, args: { sort_index: d } });
  });
  for (const timed of timeline.steps) events.push(...slices(timed, chunks[timed.device] ?? []));
  return { traceEvents: events };
}

/** Each device's virtual stages, first to last: its stage-chunks. */
function chunksByDevice(timeline: PipelineTimeline): number[][] {
  const chunks = Array.from({ length: timeline.devices }, () => new Set<number>());
  for (const { device, step } of timeline.steps) for (const op of step) chunks[device]?.add(op.virtualStage);
  return chunks.map((set) => [...set].sort((a, b) => a - b));
}

function slices(timed: TimedStep, chunks: readonly number[]): Slice[] {
  const label = (op: PipelineOp) => `${op.kind}${op.microbatch}${chunks.length > 1 ? `.${chunks.indexOf(op.virtualStage)}` : ''}`;
  const at = (startS: number, endS: number) => ({
    ph: 'X' as const,
    ts: startS * US_PER_S,
    dur: (endS - startS) * US_PER_S,
    pid: 0 as const,
    tid: timed.device,
  });
  const ops = timed.step.map(({ kind, microbatch, virtualStage, stage }) => ({ kind, microbatch, virtualStage, stage }));
  const out: Slice[] = [
    {
      name: timed.step.map(label).join(' & '),
      cat: timed.step.map((op) => CATEGORY[op.kind]).join('+'),
      ...at(timed.startS, timed.computeEndS),
      args: { ops },
    },
  ];
  if (timed.endS > timed.computeEndS) out.push({ name: 'send', cat: 'pipeline-send', ...at(timed.computeEndS, timed.endS), args: {} });
  return out;
}
