/** DualPipe's op order, device by device: the eight steps of deepseek-ai/DualPipe's dualpipe.py. */

import type { PipelineOp, PipelineOrder, PipelineStep, SchedulePlan } from './types.js';

/**
 * Every device runs micro-batches of both directions: direction 0 enters at device 0, direction 1 at device p - 1, half
 * the micro-batches each (direction 1's numbered m/2 to m - 1). Device d is stage d of direction 0 and stage p - 1 - d of
 * direction 1, and holds those two stages' layers; a micro-batch of either direction passes the model's stages in order.
 */
export function dualPipeOrder({ pp, microbatches }: Pick<SchedulePlan, 'pp' | 'microbatches'>): PipelineOrder {
  return Array.from({ length: pp }, (_, d) => (microbatches >= 2 * pp ? referenceOrder(pp, microbatches, d) : fillOrder(pp, microbatches, d)));
}

/** A device's two phases: phase 0 the direction in which it is the earlier stage h = min(d, p - 1 - d), phase 1 the other. */
function phases(p: number, m: number, d: number): (kind: PipelineOp['kind'], phase: 0 | 1, count: number) => PipelineOp {
  const h = Math.min(d, p - 1 - d);
  const direction = d < p / 2 ? [0, 1] : [1, 0];
  return (kind, phase, count) => {
    const virtualStage = phase === 0 ? h : p - 1 - h;
    return { kind, microbatch: (direction[phase] ?? 0) * (m / 2) + count, virtualStage, stage: virtualStage };
  };
}

/**
 * dualpipe.py's step() for rank d, n = p/2, h = min(d, p - 1 - d), F0/B0 phase 0, F1/B1 phase 1, F&B overlapped:
 * 1: 2(n - h - 1) F0; 2: (h + 1) x F0 F1; 3: (n - h - 1) x B1 W1 F1 (B split, zero bubble); 4: (m/2 - p + h + 1) x F0&B1
 * F1&B0 (the middle ranks run their first F0 and B1 apart); 5: (n - h - 1) x B1 F1&B0; 6: (h + 1) x B1 B0, the second
 * half split; 7: (n - h - 1) x W B0 (split); 8: (h + 1) x W. Ws run in the order their Bs were split (a FIFO).
 * The reference asserts m >= 2p, which this needs for step 4's count.
 */
function referenceOrder(p: number, m: number, d: number): PipelineStep[] {
  const n = p / 2;
  const h = Math.min(d, p - 1 - d);
  const op = phases(p, m, d);
  const next: Record<'F' | 'B', [number, number]> = { F: [0, 0], B: [0, 0] };
  const deferred: PipelineOp[] = [];
  const f = (phase: 0 | 1): PipelineStep => [op('F', phase, next.F[phase]++)];
  const b = (phase: 0 | 1, split = false): PipelineStep => {
    const backward = op('B', phase, next.B[phase]++);
    if (split) deferred.push(backward);
    return [backward];
  };
  const w = (): PipelineStep => [{ ...(deferred.shift() ?? unsplit()), kind: 'W' }];
  const fb = (forward: 0 | 1, backward: 0 | 1): PipelineStep => [f(forward)[0], b(backward)[0]];
  const steps: PipelineStep[] = [];
  const repeat = (times: number, body: (i: number) => PipelineStep[]) => {
    for (let i = 0; i < times; i++) steps.push(...body(i));
  };
  repeat(2 * (n - h - 1), () => [f(0)]);
  repeat(h + 1, () => [f(0), f(1)]);
  repeat(n - h - 1, () => [b(1, true), w(), f(1)]);
  repeat(m / 2 - p + h + 1, (i) => [...(i === 0 && h === n - 1 ? [f(0), b(1)] : [fb(0, 1)]), fb(1, 0)]);
  repeat(n - h - 1, () => [b(1), fb(1, 0)]);
  // Step 6 splits from its middle iteration on: both Bs when h is odd, from the B0 when h is even.
  const k = h + 1;
  const half = Math.floor(k / 2);
  repeat(k, (i) => [b(1, h % 2 === 1 ? i >= half : i > half), b(0, i >= half)]);
  repeat(n - h - 1, () => [w(), b(0, true)]);
  repeat(h + 1, () => [w()]);
  return steps;
}

/**
 * Fewer micro-batches than the reference allows (m < 2p): no overlapped pairs, each direction runs GPipe-like, all
 * forwards and then all backwards, the device's ops sorted by when a stall-free pipeline would reach them (forward j of
 * stage s at j + s, backward j at m/2 + p + j + p - 1 - s: later than every op it needs, so no order deadlocks).
 */
function fillOrder(p: number, m: number, d: number): PipelineStep[] {
  const op = phases(p, m, d);
  const ops: { at: number; op: PipelineOp }[] = [];
  for (const phase of [0, 1] as const) {
    for (let j = 0; j < m / 2; j++) {
      const forward = op('F', phase, j);
      ops.push({ at: j + forward.virtualStage, op: forward });
      ops.push({ at: m / 2 + p + j + p - 1 - forward.virtualStage, op: op('B', phase, j) });
    }
  }
  return ops.sort((x, y) => x.at - y.at).map(({ op }): PipelineStep => [op]);
}

function unsplit(): never {
  throw new RangeError('DualPipe order: a W with no split B before it');
}
