/** A min-priority queue of (time, int32 payload) on growable typed arrays; equal times pop in insertion order. */

import { ensureFloat64, ensureInt32 } from './growable.js';

/**
 * Binary min-heap ordered by (time, sequence number). The sequence number is the push count,
 * so two events at the same time pop first-in first-out: the tie rule that makes a simulation
 * deterministic. Keys, sequence numbers and payloads live in three parallel typed arrays, so a
 * million pending events cost 20 MB and no per-event object; there is no comparator callback.
 *
 * Example: push(2, 7), push(1, 8), push(2, 9) pops 8 (time 1), then 7 and 9 (both time 2, in
 * the order they were pushed).
 */
export class EventQueue {
  private times: Float64Array<ArrayBuffer>;
  private seqs: Float64Array<ArrayBuffer>;
  private payloads: Int32Array<ArrayBuffer>;
  private count = 0;
  private nextSeq = 0;
  private lastTime = Number.NEGATIVE_INFINITY;

  constructor(initialCapacity = 16) {
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.payloads = new Int32Array(initialCapacity);
  }

  /** Number of queued events. */
  get size(): number {
    return this.count;
  }

  /** Time of the last event popped; -Infinity before the first pop. */
  get lastPoppedTime(): number {
    return this.lastTime;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.times[0] as number);
  }

  /** Payload of the earliest event; throws when empty. */
  peekPayload(): number {
    if (this.count === 0) throw new Error('EventQueue.peekPayload: the queue is empty');
    return this.payloads[0] as number;
  }

  push(time: number, payload: number): void {
    if (Number.isNaN(time)) throw new Error('EventQueue.push: time is NaN');
    const at = this.count;
    if (at === this.times.length) this.grow(at + 1);
    this.count = at + 1;
    this.siftUp(at, time, this.nextSeq++, payload | 0);
  }

  /** Removes the earliest event and returns its payload; its time becomes `lastPoppedTime`. */
  pop(): number {
    if (this.count === 0) throw new Error('EventQueue.pop: the queue is empty');
    const payload = this.payloads[0] as number;
    this.lastTime = this.times[0] as number;
    const last = --this.count;
    if (last > 0) this.siftDown(0, this.times[last] as number, this.seqs[last] as number, this.payloads[last] as number);
    return payload;
  }

  /** Empties the queue, keeping its buffers; the sequence numbers keep counting. */
  clear(): void {
    this.count = 0;
  }

  /** Drops every event for which `keep` is false (stale entries), then restores heap order in O(size). */
  retain(keep: (time: number, payload: number) => boolean): void {
    const { times, seqs, payloads } = this;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (!keep(times[i] as number, payloads[i] as number)) continue;
      times[kept] = times[i] as number;
      seqs[kept] = seqs[i] as number;
      payloads[kept] = payloads[i] as number;
      kept++;
    }
    this.count = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, times[i] as number, seqs[i] as number, payloads[i] as number);
  }

  private grow(needed: number): void {
    this.times = ensureFloat64(this.times, needed);
    this.seqs = ensureFloat64(this.seqs, needed);
    this.payloads = ensureInt32(this.payloads, needed);
  }

  /** Moves a hole at `hole` up until (time, seq) fits, then stores the entry there. */
  private siftUp(hole: number, time: number, seq: number, payload: number): void {
    const { times, seqs, payloads } = this;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      times[hole] = pt;
      seqs[hole] = seqs[parent] as number;
      payloads[hole] = payloads[parent] as number;
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    payloads[hole] = payload;
  }

  /** Moves a hole at `hole` down until (time, seq) fits, then stores the entry there. */
  private siftDown(hole: number, time: number, seq: number, payload: number): void {
    const { times, seqs, payloads } = this;
    const n = this.count;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= n) break;
      let ct = times[child] as number;
      let cs = seqs[child] as number;
      const right = child + 1;
      if (right < n) {
        const rt = times[right] as number;
        const rs = seqs[right] as number;
        if (rt < ct || (rt === ct && rs < cs)) {
          child = right;
          ct = rt;
          cs = rs;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      times[hole] = ct;
      seqs[hole] = cs;
      payloads[hole] = payloads[child] as number;
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    payloads[hole] = payload;
  }
}
