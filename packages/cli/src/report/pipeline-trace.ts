/** A Chrome trace of a training iteration's pipeline: forward and backward of each micro-batch on each stage (1F1B). */

import type { TrainReport } from '@supernode/core';

interface Slice {
  name: string;
  ph: 'X';
  ts: number;
  dur: number;
  pid: number;
  tid: number;
}

/** Stage s's 1F1B order: p - s - 1 warm-up forwards, then forward/backward pairs, then the remaining backwards. */
function order(s: number, p: number, m: number): ['F' | 'B', number][] {
  const ops: ['F' | 'B', number][] = [];
  const warm = Math.min(m, p - s - 1);
  let nf = 0;
  let nb = 0;
  for (; nf < warm; nf++) ops.push(['F', nf]);
  while (nb < m) {
    if (nf < m) ops.push(['F', nf++]);
    ops.push(['B', nb++]);
  }
  return ops;
}

/**
 * Lays out non-interleaved 1F1B from the per-micro-batch stage times (forward t_f, backward t_b): a forward waits for
 * the previous stage's forward of the same micro-batch, a backward for the next stage's backward. One track per stage,
 * microseconds.
 */
export function pipelineTrace(r: TrainReport): { traceEvents: Slice[] } {
  const p = r.plan.pp;
  const m = r.plan.microbatches;
  const perMicro = (r.iterationTimeS - r.breakdown.bubbleS - r.breakdown.optimizerS - r.breakdown.exposedCommS.dp) / m;
  const dur = { F: (perMicro / 3) * 1e6, B: ((2 * perMicro) / 3) * 1e6 };
  const done = { F: new Map<number, number>(), B: new Map<number, number>() };
  const key = (s: number, i: number) => s * m + i;
  const queues = Array.from({ length: p }, (_, s) => order(s, p, m));
  const next = new Array<number>(p).fill(0);
  const free = new Array<number>(p).fill(0);
  const events: Slice[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (let s = 0; s < p; s++) {
      const op = queues[s]?.[next[s] ?? 0];
      if (!op) continue;
      const [kind, i] = op;
      const dep = kind === 'F' ? (s === 0 ? 0 : done.F.get(key(s - 1, i))) : s === p - 1 ? done.F.get(key(s, i)) : done.B.get(key(s + 1, i));
      if (dep === undefined) continue;
      const start = Math.max(free[s] ?? 0, dep);
      done[kind].set(key(s, i), start + dur[kind]);
      free[s] = start + dur[kind];
      next[s] = (next[s] ?? 0) + 1;
      events.push({ name: `${kind}${i}`, ph: 'X', ts: start, dur: dur[kind], pid: 0, tid: s });
      progress = true;
    }
  }
  return { traceEvents: events };
}
