/** Which flows cross each directed link: per-link segments of one shared pool, appended when a flow starts, pruned when walked. */

import { ensureInt32 } from './growable.js';

const MIN_SEGMENT = 4;

/**
 * Link l's flows are `pool[startOf(l) .. startOf(l) + countOf(l))`, in the order they started.
 * All lists live in one Int32Array (no object per link, so walking a link is two array reads);
 * a full segment moves to the end of the pool with double the room, and the pool is compacted
 * once moved-out space exceeds the live part.
 *
 * A finished flow is not removed at once (that would cost a search per route entry); the next
 * `prune` of the link drops it, and every link a finished flow crossed is pruned in the same
 * instant (it seeds the re-solve), so lists never keep finished flows for long.
 */
export class LinkIncidence {
  pool = new Int32Array(1024);
  private poolEnd = 0;
  private wasted = 0;
  private readonly start: Int32Array;
  private readonly count: Int32Array;
  private readonly room: Int32Array;

  constructor(linkCount: number) {
    this.start = new Int32Array(linkCount);
    this.count = new Int32Array(linkCount);
    this.room = new Int32Array(linkCount);
  }

  startOf(link: number): number {
    return this.start[link] as number;
  }

  /** Number of flows listed on the link, finished ones not yet pruned included. */
  countOf(link: number): number {
    return this.count[link] as number;
  }

  add(link: number, flow: number): void {
    const n = this.count[link] as number;
    if (n === this.room[link]) this.relocate(link, Math.max(MIN_SEGMENT, 2 * n));
    this.pool[(this.start[link] as number) + n] = flow;
    this.count[link] = n + 1;
  }

  /** Keeps only the flows f with `state[f] === live` (order preserved); returns how many remain. */
  prune(link: number, state: Uint8Array, live: number): number {
    const { pool } = this;
    const first = this.start[link] as number;
    const end = first + (this.count[link] as number);
    let kept = first;
    for (let i = first; i < end; i++) {
      const f = pool[i] as number;
      if (state[f] === live) pool[kept++] = f;
    }
    this.count[link] = kept - first;
    return kept - first;
  }

  /** Moves the link's segment to the end of the pool with `room` slots, compacting the pool first when half of it is dead. */
  private relocate(link: number, room: number): void {
    if (this.wasted > this.poolEnd - this.wasted) this.compact();
    const from = this.start[link] as number;
    const n = this.count[link] as number;
    this.pool = ensureInt32(this.pool, this.poolEnd + room);
    this.pool.copyWithin(this.poolEnd, from, from + n);
    this.wasted += this.room[link] as number;
    this.start[link] = this.poolEnd;
    this.room[link] = room;
    this.poolEnd += room;
  }

  /** Rewrites every segment, in link order, into a fresh pool with no dead space between them. */
  private compact(): void {
    const fresh = new Int32Array(Math.max(1024, 2 * (this.poolEnd - this.wasted)));
    let end = 0;
    for (let l = 0; l < this.start.length; l++) {
      const from = this.start[l] as number;
      fresh.set(this.pool.subarray(from, from + (this.count[l] as number)), end);
      this.start[l] = end;
      end += this.room[l] as number;
    }
    this.pool = fresh;
    this.poolEnd = end;
    this.wasted = 0;
  }
}
