/** The event loop of the network simulation: flow table, per-link incidence, event queue, component re-solves. */

import { REL_TOLERANCE } from '../units/units.js';
import { ComponentFinder } from './component.js';
import { EventQueue } from './event-queue.js';
import type { FlowCompletion, FlowSpec } from './flow-spec.js';
import { FlowState, FlowTable } from './flow-table.js';
import { ensureInt32 } from './growable.js';
import { LinkIncidence } from './link-incidence.js';
import { MaxMinWorkspace, solveMaxMin } from './max-min.js';

/** Start events carry -1 - flowId, completion events carry flowId, so one int32 payload says both. */
const startPayload = (flowId: number) => -1 - flowId;

/**
 * The event loop behind createNetworkSimulation. Flows live in a FlowTable (struct of arrays);
 * bytes are advanced lazily (remaining as of lastUpdate), so an instant costs O(flows and links
 * it touches), not O(all flows). Completion times sit in an EventQueue; when a flow's rate
 * changes its old entry goes stale (endTime no longer matches) and is dropped when popped.
 */
export class FlowEngine {
  time = 0;
  readonly counters = { events: 0, solves: 0, flowsSolvedTotal: 0, maxActiveFlows: 0 };
  private readonly capacity: Float64Array;
  private readonly flows = new FlowTable();
  private readonly incidence: LinkIncidence;
  private readonly component: ComponentFinder;
  private readonly queue = new EventQueue();
  private readonly workspace = new MaxMinWorkspace();
  /** onComplete per flow id (undefined for none), cleared once called; a dense array beats a Map here. */
  private readonly callbacks: (FlowCompletion | undefined)[] = [];
  private callbacksPending = 0;
  private activeCount = 0;
  private pendingCount = 0;
  private startingNow = new Int32Array(16);
  private startingNowCount = 0;
  private finished = new Int32Array(16);
  private finishedCount = 0;
  private stepping = false;
  /** Whether this instant started a flow with bytes, and the lowest rate among the flows it finished (see ComponentFinder). */
  private arrivals = false;
  private slowestDeparture = Number.POSITIVE_INFINITY;

  constructor(linkCapacity: Float64Array) {
    for (let l = 0; l < linkCapacity.length; l++)
      if (!((linkCapacity[l] as number) >= 0)) throw new Error(`createNetworkSimulation: link ${l} has capacity ${linkCapacity[l]}, not >= 0`);
    this.capacity = linkCapacity.slice();
    this.incidence = new LinkIncidence(linkCapacity.length);
    this.component = new ComponentFinder(this.flows, this.incidence, this.capacity);
  }

  addFlow(spec: FlowSpec): number {
    const { route, bytes, multiplicity = 1, startAt = this.time, rateCap = Number.POSITIVE_INFINITY } = spec;
    if (!(bytes >= 0 && bytes < Number.POSITIVE_INFINITY)) throw new Error(`addFlow: bytes must be finite and >= 0, got ${bytes}`);
    if (!(multiplicity > 0 && multiplicity < Number.POSITIVE_INFINITY)) throw new Error(`addFlow: multiplicity must be finite and > 0, got ${multiplicity}`);
    if (!(rateCap > 0)) throw new Error(`addFlow: rateCap must be > 0, got ${rateCap}`);
    if (!(startAt >= this.time && startAt < Number.POSITIVE_INFINITY))
      throw new Error(`addFlow: startAt ${startAt} is before now (${this.time}) or not finite`);
    for (let i = 0; i < route.length; i++) {
      const link = route[i] as number;
      if (!(link >= 0 && link < this.capacity.length)) throw new Error(`addFlow: link id ${link} is outside 0..${this.capacity.length - 1}`);
    }
    const id = this.flows.add(route, bytes, multiplicity, rateCap, startAt);
    this.callbacks.push(spec.onComplete);
    if (spec.onComplete) this.callbacksPending++;
    if (startAt === this.time) {
      // Starting now: the next instant is now, so the flow skips the heap.
      if (this.startingNowCount === this.startingNow.length) this.startingNow = ensureInt32(this.startingNow, this.startingNowCount + 1);
      this.startingNow[this.startingNowCount++] = id;
    } else {
      this.queue.push(startAt, startPayload(id));
    }
    this.pendingCount++;
    return id;
  }

  run(): number {
    while (this.step()) {}
    return this.time;
  }

  completedAt(flowId: number): number | undefined {
    if (!(flowId >= 0 && flowId < this.flows.count)) throw new Error(`completedAt: no flow ${flowId}`);
    return this.flows.state[flowId] === FlowState.done ? (this.flows.endTime[flowId] as number) : undefined;
  }

  /** One instant: every start and completion within REL_TOLERANCE of the earliest, their callbacks, one re-solve. */
  step(): boolean {
    if (this.stepping) throw new Error('step: called from inside an onComplete callback');
    const t = this.nextEventTime();
    if (t === Number.POSITIVE_INFINITY) {
      if (this.activeCount > 0) throw new Error(`step: ${this.activeCount} active flows have rate 0 (a zero-capacity link) and can never finish`);
      return false;
    }
    if (t < this.time) throw new Error(`step: time would go back from ${this.time} to ${t}`);
    this.time = t;
    const windowEnd = t + REL_TOLERANCE * Math.max(1, Math.abs(t));
    this.component.begin();
    this.arrivals = false;
    this.slowestDeparture = Number.POSITIVE_INFINITY;
    this.stepping = true;
    try {
      while (this.startingNowCount > 0 || this.queue.peekTime() <= windowEnd) {
        this.drain(windowEnd);
        this.finish();
      }
    } finally {
      this.stepping = false;
    }
    this.counters.maxActiveFlows = Math.max(this.counters.maxActiveFlows, this.activeCount);
    this.resolve();
    this.counters.events++;
    this.compactQueue();
    return true;
  }

  /** Time of the earliest live event, dropping stale completion entries (the flow's rate changed since). */
  private nextEventTime(): number {
    if (this.startingNowCount > 0) return this.time;
    const q = this.queue;
    while (q.size > 0) {
      const payload = q.peekPayload();
      if (payload < 0 || this.isLive(q.peekTime(), payload)) return q.peekTime();
      q.pop();
    }
    return Number.POSITIVE_INFINITY;
  }

  private isLive(time: number, flowId: number): boolean {
    return this.flows.state[flowId] === FlowState.active && this.flows.endTime[flowId] === time;
  }

  /** Activates the flows starting now, then pops every event up to windowEnd: starts activate, live completions join `finished`. */
  private drain(windowEnd: number): void {
    for (let i = 0; i < this.startingNowCount; i++) this.activate(this.startingNow[i] as number);
    this.startingNowCount = 0;
    const q = this.queue;
    while (q.peekTime() <= windowEnd) {
      const payload = q.pop();
      if (payload < 0) this.activate(-1 - payload);
      else if (this.isLive(q.lastPoppedTime, payload)) this.markFinished(payload);
    }
  }

  private activate(f: number): void {
    const t = this.flows;
    t.state[f] = FlowState.active;
    t.lastUpdate[f] = this.time;
    this.pendingCount--;
    this.activeCount++;
    if (t.bytes[f] === 0) {
      this.markFinished(f);
      return;
    }
    for (let e = t.routeStart[f] as number, end = t.routeStart[f + 1] as number; e < end; e++) this.incidence.add(t.routeLinks[e] as number, f);
    this.component.seedFlow(f);
    this.arrivals = true;
  }

  private markFinished(f: number): void {
    const n = this.finishedCount;
    if (n === this.finished.length) this.finished = ensureInt32(this.finished, n + 1);
    this.finished[n] = f;
    this.finishedCount = n + 1;
  }

  /** Retires the flows in `finished` and runs their callbacks in flow-id order. */
  private finish(): void {
    const t = this.flows;
    const ids = this.finished.subarray(0, this.finishedCount).sort();
    this.finishedCount = 0;
    for (let i = 0; i < ids.length; i++) {
      const f = ids[i] as number;
      if (t.state[f] !== FlowState.active) continue;
      t.state[f] = FlowState.done;
      t.endTime[f] = this.time;
      this.activeCount--;
      // Its links seed the re-solve; walking them also prunes this flow from their lists.
      if (t.bytes[f] === 0) continue;
      this.slowestDeparture = Math.min(this.slowestDeparture, t.rate[f] as number);
      for (let e = t.routeStart[f] as number, end = t.routeStart[f + 1] as number; e < end; e++) this.component.seedLink(t.routeLinks[e] as number);
    }
    if (this.callbacksPending === 0) return;
    for (let i = 0; i < ids.length; i++) {
      const f = ids[i] as number;
      const callback = this.callbacks[f];
      if (callback === undefined) continue;
      this.callbacks[f] = undefined;
      this.callbacksPending--;
      callback(f, this.time);
    }
  }

  /** Re-solves the component this instant touched and re-predicts the completions whose rate changed. */
  private resolve(): void {
    const c = this.component;
    // The REL_TOLERANCE margin also re-solves flows that float noise put a hair below theta.
    c.collect(this.arrivals ? 0 : this.slowestDeparture * (1 - REL_TOLERANCE));
    if (c.flowCount === 0) return;
    const rates = solveMaxMin(c.problem(), this.workspace);
    this.counters.solves++;
    this.counters.flowsSolvedTotal += c.flowCount;
    const t = this.flows;
    const now = this.time;
    for (let i = 0; i < c.flowCount; i++) {
      const f = c.flows[i] as number;
      const dt = now - (t.lastUpdate[f] as number);
      if (dt > 0) {
        const left = (t.remaining[f] as number) - (t.rate[f] as number) * dt;
        t.remaining[f] = Math.max(left, 0);
        t.lastUpdate[f] = now;
      }
      const rate = rates[i] as number;
      if (rate === t.rate[f]) continue;
      t.rate[f] = rate;
      const left = t.remaining[f] as number;
      const end = left <= 0 ? now : rate > 0 ? now + left / rate : Number.POSITIVE_INFINITY;
      t.endTime[f] = end;
      if (end < Number.POSITIVE_INFINITY) this.queue.push(end, f);
    }
  }

  /** Drops stale completion entries once they outnumber the live events, so the queue stays O(live flows). */
  private compactQueue(): void {
    if (this.queue.size <= 2 * (this.activeCount + this.pendingCount) + 1024) return;
    this.queue.retain((time, payload) => payload < 0 || this.isLive(time, payload));
  }
}
