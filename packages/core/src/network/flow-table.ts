/** The simulation's flows as a struct of growable typed arrays: one column per field, one row per flow id. */

import { ensureFloat64, ensureInt32, ensureUint8 } from './growable.js';

/** Lifecycle of a flow: waiting for its start time, sharing links, or finished. */
export const FlowState = { pending: 0, active: 1, done: 2 } as const;

/**
 * Rows are flow ids 0, 1, 2, ... in the order flows were added. Routes are CSR: flow f crosses
 * `routeLinks[routeStart[f] .. routeStart[f + 1])`. About 60 bytes per flow plus 4 per route
 * entry (and 4 more in the per-link lists): a million flows of 5 hops fit in about 100 MB.
 *
 * Units: bytes in bytes per member flow, rates in bytes/s per member flow, times in seconds.
 */
export class FlowTable {
  count = 0;
  entryCount = 0;
  routeStart = new Int32Array(17);
  routeLinks = new Int32Array(64);
  state = new Uint8Array(16);
  bytes = new Float64Array(16);
  multiplicity = new Float64Array(16);
  rateCap = new Float64Array(16);
  /** Bytes per member still to move as of `lastUpdate`. */
  remaining = new Float64Array(16);
  rate = new Float64Array(16);
  lastUpdate = new Float64Array(16);
  /** Predicted completion while active; the completion time once done. */
  endTime = new Float64Array(16);

  /** Appends a flow (copying its route) and returns its id. The caller has validated the fields. */
  add(route: Int32Array, bytes: number, multiplicity: number, rateCap: number, startAt: number): number {
    const id = this.count;
    if (id === this.state.length) this.reserveFlows(2 * id);
    const first = this.entryCount;
    const end = first + route.length;
    if (end > this.routeLinks.length) this.routeLinks = ensureInt32(this.routeLinks, end);
    // Routes are a handful of links: a plain loop beats TypedArray.set's call overhead.
    for (let i = 0; i < route.length; i++) this.routeLinks[first + i] = route[i] as number;
    this.entryCount = end;
    this.routeStart[id + 1] = end;
    this.state[id] = FlowState.pending;
    this.bytes[id] = bytes;
    this.multiplicity[id] = multiplicity;
    this.rateCap[id] = rateCap;
    this.remaining[id] = bytes;
    this.rate[id] = 0;
    this.lastUpdate[id] = startAt;
    this.endTime[id] = Number.POSITIVE_INFINITY;
    this.count = id + 1;
    return id;
  }

  /** Grows every column to `needed` rows (routeStart to needed + 1), so they always grow together. */
  private reserveFlows(needed: number): void {
    this.routeStart = ensureInt32(this.routeStart, needed + 1);
    this.state = ensureUint8(this.state, needed);
    this.bytes = ensureFloat64(this.bytes, needed);
    this.multiplicity = ensureFloat64(this.multiplicity, needed);
    this.rateCap = ensureFloat64(this.rateCap, needed);
    this.remaining = ensureFloat64(this.remaining, needed);
    this.rate = ensureFloat64(this.rate, needed);
    this.lastUpdate = ensureFloat64(this.lastUpdate, needed);
    this.endTime = ensureFloat64(this.endTime, needed);
  }
}
