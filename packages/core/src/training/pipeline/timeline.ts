/** Lays a schedule's op order out in time: each device runs its steps in order, each as soon as the ops it needs are done. */

import type { PipelineOp, PipelineOrder, PipelineStep, PipelineTimeline, ScheduleInput, StageTime, TimedStep } from './types.js';

/** How a schedule's steps take time beyond the ops' own stage times. */
export interface LayoutRules {
  /** Pipeline sends hold the sending device p2pS each (blocking), or run beside compute and only delay the receiver. */
  readonly blockingSends: boolean;
  /** Seconds of a forward and a backward run overlapped, for schedules whose order pairs them. */
  readonly pairS?: (forward: StageTime, backward: StageTime) => number;
}

/** Seconds one op alone holds its device: F and B wait for their all-to-all; a split B leaves its W for later. */
export function opS(t: StageTime, kind: PipelineOp['kind'], split: boolean): number {
  if (kind === 'F') return t.forwardS + t.epForwardS;
  if (kind === 'W') return t.weightGradS;
  return t.backwardS + t.epBackwardS - (split ? t.weightGradS : 0);
}

const KINDS = { F: 0, B: 1, W: 2 } as const;

/** What placing steps needs to know about the order and the stages, and what it has placed so far. */
interface Layout {
  readonly depth: number;
  readonly rules: LayoutRules;
  readonly p2pS: number;
  /** Per stage index, one chunk's times (the stage's over vpp). */
  readonly chunks: readonly StageTime[];
  /** The device that runs each forward (its backward runs there too). */
  readonly deviceOf: Map<number, number>;
  /** The backwards whose W the order runs separately. */
  readonly split: Set<number>;
  /** When each placed op's output can be used by the op that needs it. */
  readonly available: Map<number, number>;
}

const at = (l: Layout, kind: PipelineOp['kind'], microbatch: number, virtualStage: number) => (microbatch * l.depth + virtualStage) * 3 + KINDS[kind];
const code = (l: Layout, op: PipelineOp) => at(l, op.kind, op.microbatch, op.virtualStage);

/**
 * Places every step of `order`. A forward on virtual stage k waits for the forward of the same micro-batch on k - 1, a
 * backward on k for the backward on k + 1 (on the last stage, for its own forward), a W for its B; an output that crosses
 * devices arrives p2pS later. Throws when no device can go on: an order that deadlocks is a schedule bug.
 * Example, 1F1B on 2 stages, 2 micro-batches, F 1 and B 2 s, no sends: stage 0 runs F0 [0, 1], F1 [1, 2], B0 [4, 6],
 * B1 [7, 9]; stage 1 runs F0 [1, 2], B0 [2, 4], F1 [4, 5], B1 [5, 7]: 9 s = (m + p - 1)(F + B).
 */
export function layOut(order: PipelineOrder, input: ScheduleInput, rules: LayoutRules): PipelineTimeline {
  const l: Layout = {
    depth: input.plan.pp * input.plan.vpp,
    rules,
    p2pS: input.p2pS,
    chunks: input.stages.map((s) => scaled(s, 1 / input.plan.vpp)),
    deviceOf: new Map(),
    split: new Set(),
    available: new Map(),
  };
  order.forEach((steps, d) => {
    for (const step of steps) {
      for (const op of step) {
        if (op.kind === 'W') l.split.add(at(l, 'B', op.microbatch, op.virtualStage));
        else l.deviceOf.set(code(l, op), d);
      }
    }
  });
  return { devices: order.length, ...run(l, order) };
}

/** The op whose output this one needs, or undefined for a first-stage forward. */
function need(l: Layout, op: PipelineOp): number | undefined {
  if (op.kind === 'W') return at(l, 'B', op.microbatch, op.virtualStage);
  if (op.kind === 'F') return op.virtualStage === 0 ? undefined : at(l, 'F', op.microbatch, op.virtualStage - 1);
  return op.virtualStage === l.depth - 1 ? at(l, 'F', op.microbatch, op.virtualStage) : at(l, 'B', op.microbatch, op.virtualStage + 1);
}

/** Whether the op's output goes to another device: a forward's to the next stage, a backward's to the previous one. */
function sends(l: Layout, op: PipelineOp, d: number): boolean {
  if (op.kind === 'F') return op.virtualStage < l.depth - 1 && l.deviceOf.get(at(l, 'F', op.microbatch, op.virtualStage + 1)) !== d;
  return op.kind === 'B' && op.virtualStage > 0 && l.deviceOf.get(at(l, 'F', op.microbatch, op.virtualStage - 1)) !== d;
}

function stepS(l: Layout, step: PipelineStep): number {
  const chunk = (op: PipelineOp) => l.chunks[op.stage] ?? missing(op);
  if (step.length === 1) return opS(chunk(step[0]), step[0].kind, step[0].kind === 'B' && l.split.has(code(l, step[0])));
  if (!l.rules.pairS) throw new RangeError('this schedule pairs a forward with a backward but gives no time for the pair');
  return l.rules.pairS(chunk(step[0]), chunk(step[1]));
}

/** When every op of the step has its input, or undefined while one is still missing. */
function readyS(l: Layout, step: PipelineStep): number | undefined {
  let ready = 0;
  for (const op of step) {
    const needed = need(l, op);
    if (needed === undefined) continue;
    const t = l.available.get(needed);
    if (t === undefined) return undefined;
    // A W follows its own B on the same device: it waits for the device, not for B's send.
    ready = Math.max(ready, op.kind === 'W' ? 0 : t);
  }
  return ready;
}

function place(l: Layout, step: PipelineStep, d: number, freeS: number, ready: number): TimedStep {
  const startS = Math.max(freeS, ready);
  const computeEndS = startS + stepS(l, step);
  const sending = step.filter((op) => sends(l, op, d));
  const endS = computeEndS + (l.rules.blockingSends ? sending.length * l.p2pS : 0);
  for (const op of step) {
    const sent = l.rules.blockingSends ? endS : computeEndS + l.p2pS;
    l.available.set(code(l, op), sending.includes(op) ? sent : computeEndS);
  }
  return { device: d, step, startS, computeEndS, endS };
}

/** Round-robin over devices, each running as far as its inputs allow, until every step is placed. */
function run(l: Layout, order: PipelineOrder): { steps: TimedStep[]; makespanS: number } {
  const next = order.map(() => 0);
  const free = order.map(() => 0);
  const steps: TimedStep[] = [];
  let left = order.reduce((n, s) => n + s.length, 0);
  while (left > 0) {
    const before = left;
    order.forEach((queue, d) => {
      for (let step = queue[next[d] ?? 0]; step !== undefined; step = queue[next[d] ?? 0]) {
        const ready = readyS(l, step);
        if (ready === undefined) break;
        const timed = place(l, step, d, free[d] ?? 0, ready);
        steps.push(timed);
        free[d] = timed.endS;
        next[d] = (next[d] ?? 0) + 1;
        left--;
      }
    });
    if (left === before) throw new RangeError(`pipeline order deadlocks: devices stop at steps ${next.join(', ')}`);
  }
  return { steps, makespanS: Math.max(0, ...free) };
}

/** A stage's times times `k` (a chunk's share of its stage: 1 / vpp). */
export function scaled(s: StageTime, k: number): StageTime {
  return {
    forwardS: s.forwardS * k,
    backwardS: s.backwardS * k,
    weightGradS: s.weightGradS * k,
    epForwardS: s.epForwardS * k,
    epBackwardS: s.epBackwardS * k,
    tpS: s.tpS * k,
    cpS: s.cpS * k,
  };
}

function missing(op: PipelineOp): never {
  throw new RangeError(`no stage times for stage ${op.stage}`);
}
