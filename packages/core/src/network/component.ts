/** Finds the flows and links an event touches (its connected component) and packs them into a local MaxMinProblem. */

import { FlowState, type FlowTable } from './flow-table.js';
import { ensureFloat64, ensureInt32 } from './growable.js';
import type { LinkIncidence } from './link-incidence.js';
import type { MaxMinProblem } from './max-min.js';

/**
 * Max-min fair rates decompose over connected components of the flow-link graph (two flows are
 * connected when they share a link, transitively), so after an event only the component of the
 * started and finished flows needs a re-solve: flows elsewhere keep their rates exactly.
 *
 * Departures allow a finer cut. Let theta be the lowest rate among the departing flows. In
 * progressive filling, no link a departing flow crosses saturates below theta (that would have
 * frozen the flow below theta), with or without the departures; so every freeze below theta
 * happens on untouched links, in the same order either way, and every flow slower than theta
 * keeps its rate. The walk therefore adds only flows with rate >= theta, passes over slower ones,
 * and subtracts their load from the links they share (residual capacity). The restriction of
 * the max-min allocation to the added flows is max-min fair on those residual capacities (each
 * keeps its saturated bottleneck link, where it is still the fastest), so the sub-solve is exact.
 * Example: link L1 (cap 2) carries p and q at 1 each; link L2 (cap 10) carries q (1) and r (9).
 * r departs: theta = 9 > 1, so p and q keep their rates and nothing is re-solved. Arrivals
 * change rates at every level: an instant with any arrival passes theta = 0, the whole component.
 *
 * Usage per event: `begin()`, then `seedFlow` / `seedLink` for what changed, then
 * `collect(theta)`, which leaves the flow ids, sorted, in `flows[0 .. flowCount)`, then
 * `problem()`. Marks are epoch stamps, so nothing is cleared between events and the cost is
 * O(flows and links walked).
 */
export class ComponentFinder {
  flows = new Int32Array(16);
  flowCount = 0;
  private flowSeen = new Int32Array(16);
  private readonly linkSeen: Int32Array;
  private readonly linkLocalStamp: Int32Array;
  private readonly linkLocal: Int32Array;
  /** Load (bytes/s) of the flows the walk passed over, per walked link. */
  private readonly fixedLoad: Float64Array;
  private epoch = 0;
  /** Links waiting to be walked; each is pushed at most once per epoch, so linkCount slots suffice. */
  private readonly stack: Int32Array;
  private stackSize = 0;
  private routeStart = new Int32Array(17);
  private routeLinks = new Int32Array(64);
  private multiplicity = new Float64Array(16);
  private rateCap = new Float64Array(16);
  /** Residual capacity per local link; a component has at most linkCount links. */
  private readonly capacity: Float64Array;

  constructor(
    private readonly table: FlowTable,
    private readonly incidence: LinkIncidence,
    private readonly linkCapacity: Float64Array,
  ) {
    const linkCount = linkCapacity.length;
    this.linkSeen = new Int32Array(linkCount);
    this.linkLocalStamp = new Int32Array(linkCount);
    this.linkLocal = new Int32Array(linkCount);
    this.stack = new Int32Array(linkCount);
    this.fixedLoad = new Float64Array(linkCount);
    this.capacity = new Float64Array(linkCount);
  }

  begin(): void {
    this.epoch++;
    this.flowCount = 0;
    this.stackSize = 0;
  }

  /** Adds flow f (e.g. one that just started) and queues its links. */
  seedFlow(f: number): void {
    this.reserveFlows();
    if (this.flowSeen[f] === this.epoch) return;
    this.flowSeen[f] = this.epoch;
    this.flows[this.flowCount++] = f;
    const { routeStart, routeLinks } = this.table;
    for (let e = routeStart[f] as number, end = routeStart[f + 1] as number; e < end; e++) this.seedLink(routeLinks[e] as number);
  }

  /** Queues a link (e.g. one a finished flow left) whose active flows belong to the component. */
  seedLink(link: number): void {
    if (this.linkSeen[link] === this.epoch) return;
    this.linkSeen[link] = this.epoch;
    this.stack[this.stackSize++] = link;
  }

  /**
   * Walks links -> active flows with rate >= theta -> their links until closed, then sorts the
   * flows by id. The hot loop of an event: written with its arrays in locals, no calls per entry.
   */
  collect(theta: number): void {
    this.reserveFlows();
    const { incidence, flowSeen, linkSeen, stack, flows, epoch, fixedLoad } = this;
    const { state, routeStart, routeLinks, rate, multiplicity } = this.table;
    let { flowCount, stackSize } = this;
    while (stackSize > 0) {
      const link = stack[--stackSize] as number;
      const n = incidence.prune(link, state, FlowState.active);
      const pool = incidence.pool;
      let fixed = 0;
      for (let i = incidence.startOf(link), end = i + n; i < end; i++) {
        const f = pool[i] as number;
        const r = rate[f] as number;
        if (r < theta) {
          fixed += (multiplicity[f] as number) * r;
          continue;
        }
        if (flowSeen[f] === epoch) continue;
        flowSeen[f] = epoch;
        flows[flowCount++] = f;
        for (let e = routeStart[f] as number, last = routeStart[f + 1] as number; e < last; e++) {
          const next = routeLinks[e] as number;
          if (linkSeen[next] === epoch) continue;
          linkSeen[next] = epoch;
          stack[stackSize++] = next;
        }
      }
      fixedLoad[link] = fixed;
    }
    this.flowCount = flowCount;
    this.stackSize = 0;
    flows.subarray(0, flowCount).sort();
  }

  /** Makes room for every flow id the table holds, so the walk never grows an array. */
  private reserveFlows(): void {
    const needed = this.table.count;
    if (this.flowSeen.length < needed) this.flowSeen = ensureInt32(this.flowSeen, needed);
    if (this.flows.length < needed) this.flows = ensureInt32(this.flows, needed);
  }

  /** The walked flows as a self-contained problem: residual capacities, local link ids in order of first use by the sorted flows. */
  problem(): MaxMinProblem {
    const n = this.flowCount;
    const t = this.table;
    this.reserve(n);
    let entries = 0;
    let links = 0;
    for (let i = 0; i < n; i++) {
      const f = this.flows[i] as number;
      this.multiplicity[i] = t.multiplicity[f] as number;
      this.rateCap[i] = t.rateCap[f] as number;
      const end = t.routeStart[f + 1] as number;
      for (let e = t.routeStart[f] as number; e < end; e++) {
        const link = t.routeLinks[e] as number;
        if (this.linkLocalStamp[link] !== this.epoch) {
          this.linkLocalStamp[link] = this.epoch;
          this.linkLocal[link] = links;
          this.capacity[links++] = Math.max(0, (this.linkCapacity[link] as number) - (this.fixedLoad[link] as number));
        }
        this.routeLinks[entries++] = this.linkLocal[link] as number;
      }
      this.routeStart[i + 1] = entries;
    }
    return {
      linkCapacity: this.capacity.subarray(0, links),
      flowCount: n,
      routeStart: this.routeStart.subarray(0, n + 1),
      routeLinks: this.routeLinks.subarray(0, entries),
      multiplicity: this.multiplicity.subarray(0, n),
      rateCap: this.rateCap.subarray(0, n),
    };
  }

  /** Sizes the problem buffers for n flows; the table's route entries bound the component's. */
  private reserve(n: number): void {
    if (this.routeLinks.length < this.table.entryCount) this.routeLinks = ensureInt32(this.routeLinks, this.table.entryCount);
    if (this.multiplicity.length < n) {
      const rows = Math.max(n, 2 * this.multiplicity.length);
      this.routeStart = ensureInt32(this.routeStart, rows + 1);
      this.multiplicity = ensureFloat64(this.multiplicity, rows);
      this.rateCap = ensureFloat64(this.rateCap, rows);
    }
    this.routeStart[0] = 0;
  }
}
