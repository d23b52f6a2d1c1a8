/** Max-min fair rate sharing by progressive filling: links are constraints, flows are variables, rates come out. */

import { EventQueue } from './event-queue.js';
import { ensureFloat64, ensureInt32, ensureUint8 } from './growable.js';

/**
 * One rate-sharing problem. Routes are CSR: flow f crosses the directed links
 * `routeLinks[routeStart[f] .. routeStart[f + 1])`.
 */
export interface MaxMinProblem {
  /** Capacity of each directed link, bytes/s. Infinity means unconstrained. */
  readonly linkCapacity: Float64Array;
  readonly flowCount: number;
  /** Length flowCount + 1: CSR offsets into routeLinks. */
  readonly routeStart: Int32Array;
  /** Directed link ids, in route order. */
  readonly routeLinks: Int32Array;
  /** A flow of multiplicity k stands for k identical flows: it takes k x its rate on every link. Undefined: all 1. */
  readonly multiplicity: Float64Array | undefined;
  /** Optional upper bound per flow (bytes/s), e.g. a NIC or injection limit; Infinity means none. */
  readonly rateCap?: Float64Array | undefined;
}

/**
 * Solves for the max-min fair rates (bytes/s per member flow) of `problem`: no link carries more
 * than its capacity, and no flow can get more without taking from a flow whose rate is less or
 * equal. This is the "fair bottleneck" model of SimGrid's LMM solver (src/kernel/lmm/System.hpp,
 * fair_bottleneck.cpp), after Bertsekas & Gallager, Data Networks (1992), section 6.5.2.
 *
 * Progressive filling: every link with unfrozen flows offers remaining capacity / (sum of the
 * multiplicities of its unfrozen flows); a flow's rate cap acts as a private link offering the
 * cap. The smallest offer wins: its flows freeze at that rate, and every link they cross gives
 * up multiplicity x rate. Repeat until every flow is frozen.
 *
 * Worked example: link A (capacity 10) and link B (capacity 4); flow 1 crosses A, flow 2
 * crosses A and B, flow 3 crosses B.
 *   round 1: A offers 10 / 2 = 5, B offers 4 / 2 = 2. B wins: flows 2 and 3 freeze at 2.
 *            A gives up 2 for flow 2: 8 left, 1 unfrozen flow.
 *   round 2: A offers 8 / 1 = 8: flow 1 freezes at 8.
 *   rates = [8, 2, 2]; A carries 8 + 2 = 10 and B 2 + 2 = 4, both saturated.
 *
 * Cost: O(R + L log L) for R route entries and L links, plus one heap operation per stale offer
 * that surfaces. The link-to-flow incidence is built as CSR inside the call. Offers sit in a
 * binary heap, one entry per link, invalidated lazily: freezing flows at the current minimum r
 * never lowers another link's offer, since R / W >= r implies (R - m r) / (W - m) >= R / W.
 * So an entry's key is a lower bound on its link's offer; when the top entry's key is below the
 * link's current offer it is re-pushed with that offer, and otherwise it is the true minimum.
 * Unlike a version stamp per change, a link touched in many rounds costs one re-push per time it
 * reaches the top, not one per round. A flow with an empty route gets its cap, or Infinity.
 * Pass a MaxMinWorkspace to reuse buffers across calls; the result is then a view into it.
 */
export function solveMaxMin(problem: MaxMinProblem, workspace: MaxMinWorkspace = new MaxMinWorkspace()): Float64Array {
  checkShape(problem);
  return workspace.solve(problem);
}

function checkShape(p: MaxMinProblem): void {
  const n = p.flowCount;
  const { linkCapacity, routeLinks, multiplicity, rateCap } = p;
  if (p.routeStart.length !== n + 1) throw new Error(`solveMaxMin: routeStart has length ${p.routeStart.length}, expected flowCount + 1 = ${n + 1}`);
  if (p.routeStart[n] !== routeLinks.length) throw new Error('solveMaxMin: routeStart[flowCount] must equal routeLinks.length');
  if (multiplicity && multiplicity.length < n) throw new Error('solveMaxMin: multiplicity is shorter than flowCount');
  if (rateCap && rateCap.length < n) throw new Error('solveMaxMin: rateCap is shorter than flowCount');
  for (let f = 0; f < n; f++) {
    const m = multiplicity ? (multiplicity[f] as number) : 1;
    const cap = rateCap ? (rateCap[f] as number) : 0;
    if (!(m > 0 && m < Number.POSITIVE_INFINITY && cap >= 0)) throw new Error(`solveMaxMin: flow ${f} needs multiplicity > 0 and rateCap >= 0`);
  }
  const linkCount = linkCapacity.length;
  for (let l = 0; l < linkCount; l++) {
    if (!((linkCapacity[l] as number) >= 0)) throw new Error(`solveMaxMin: link ${l} has capacity ${linkCapacity[l]}, not >= 0`);
  }
  for (let e = 0; e < routeLinks.length; e++) {
    const link = routeLinks[e] as number;
    if (!(link >= 0 && link < linkCount)) throw new Error(`solveMaxMin: link id ${link} is outside 0..${linkCount - 1}`);
  }
}

/**
 * Scratch buffers for solveMaxMin, reusable across calls so that an event loop solving many
 * small components allocates nothing per solve. The rates a solve returns are a view into the
 * workspace, valid until its next solve.
 */
export class MaxMinWorkspace {
  private p: MaxMinProblem = {
    linkCapacity: new Float64Array(0),
    flowCount: 0,
    routeStart: new Int32Array(1),
    routeLinks: new Int32Array(0),
    multiplicity: undefined,
  };
  private linkCount = 0;
  private rates = new Float64Array(16);
  private frozen = new Uint8Array(16);
  /** Link -> flows incidence (CSR), built from the routes. */
  private linkStart = new Int32Array(17);
  private cursor = new Int32Array(16);
  private linkFlows = new Int32Array(16);
  private remaining = new Float64Array(16);
  private weight = new Float64Array(16);
  private unfrozen = new Int32Array(16);
  /** Offers keyed by rate; a payload below linkCount is a link, linkCount + f is flow f's cap. */
  private readonly offers = new EventQueue(64);

  /** Solves `p`, which the caller has checked; see solveMaxMin. */
  solve(p: MaxMinProblem): Float64Array {
    this.reset(p);
    this.buildIncidence();
    this.seedOffers();
    const { offers, unfrozen, linkCount } = this;
    while (offers.size > 0) {
      const owner = offers.pop();
      const key = offers.lastPoppedTime;
      if (owner >= linkCount) {
        this.freezeFlow(owner - linkCount, key);
        continue;
      }
      if (unfrozen[owner] === 0) continue;
      const offer = this.offerOf(owner);
      // A stale key is below the link's current offer (offers only grow): refresh it and look again.
      if (offer > key) offers.push(offer, owner);
      else this.freezeLink(owner, offer);
    }
    return this.rates.subarray(0, p.flowCount);
  }

  /** Sizes the buffers for `p` and zeroes the parts the solve accumulates into. */
  private reset(p: MaxMinProblem): void {
    const n = p.flowCount;
    const linkCount = p.linkCapacity.length;
    this.p = p;
    this.linkCount = linkCount;
    // Columns of one size grow together, to one new length.
    if (this.rates.length < n) {
      const rows = Math.max(n, 2 * this.rates.length);
      this.rates = ensureFloat64(this.rates, rows);
      this.frozen = ensureUint8(this.frozen, rows);
    }
    if (this.remaining.length < linkCount) {
      const rows = Math.max(linkCount, 2 * this.remaining.length);
      this.linkStart = ensureInt32(this.linkStart, rows + 1);
      this.cursor = ensureInt32(this.cursor, rows);
      this.remaining = ensureFloat64(this.remaining, rows);
      this.weight = ensureFloat64(this.weight, rows);
      this.unfrozen = ensureInt32(this.unfrozen, rows);
    }
    if (this.linkFlows.length < p.routeLinks.length) this.linkFlows = ensureInt32(this.linkFlows, p.routeLinks.length);
    this.frozen.fill(0, 0, n);
    this.linkStart.fill(0, 0, linkCount + 1);
    this.remaining.set(p.linkCapacity);
    this.weight.fill(0, 0, linkCount);
    this.offers.clear();
  }

  /** Counts each link's flows, prefix-sums the counts, then fills the flow lists in flow-id order. */
  private buildIncidence(): void {
    const { routeStart, routeLinks } = this.p;
    const { linkStart, linkFlows, weight, unfrozen, linkCount } = this;
    const mult = this.p.multiplicity;
    for (let f = 0; f < this.p.flowCount; f++) {
      const m = mult ? (mult[f] as number) : 1;
      for (let e = routeStart[f] as number, end = routeStart[f + 1] as number; e < end; e++) {
        const link = routeLinks[e] as number;
        linkStart[link + 1] = (linkStart[link + 1] as number) + 1;
        weight[link] = (weight[link] as number) + m;
      }
    }
    for (let l = 0; l < linkCount; l++) {
      unfrozen[l] = linkStart[l + 1] as number;
      linkStart[l + 1] = (linkStart[l + 1] as number) + (linkStart[l] as number);
    }
    const cursor = this.cursor;
    cursor.set(linkStart.subarray(0, linkCount));
    for (let f = 0; f < this.p.flowCount; f++) {
      for (let e = routeStart[f] as number, end = routeStart[f + 1] as number; e < end; e++) {
        const link = routeLinks[e] as number;
        const at = cursor[link] as number;
        linkFlows[at] = f;
        cursor[link] = at + 1;
      }
    }
  }

  /** Queues every used link's first offer and every finite rate cap; settles flows with empty routes. */
  private seedOffers(): void {
    const { routeStart } = this.p;
    const cap = this.p.rateCap;
    for (let l = 0; l < this.linkCount; l++) if ((this.unfrozen[l] as number) > 0) this.offers.push(this.offerOf(l), l);
    for (let f = 0; f < this.p.flowCount; f++) {
      const limit = cap ? (cap[f] as number) : Number.POSITIVE_INFINITY;
      if (routeStart[f] === routeStart[f + 1]) {
        this.rates[f] = limit;
        this.frozen[f] = 1;
      } else if (limit < Number.POSITIVE_INFINITY) {
        this.offers.push(limit, this.linkCount + f);
      }
    }
  }

  private offerOf(link: number): number {
    return (this.remaining[link] as number) / (this.weight[link] as number);
  }

  /** The link is the bottleneck: every flow on it still unfrozen gets `rate`. */
  private freezeLink(link: number, rate: number): void {
    const { linkStart, linkFlows, frozen } = this;
    for (let i = linkStart[link] as number, end = linkStart[link + 1] as number; i < end; i++) {
      const f = linkFlows[i] as number;
      if (frozen[f] === 0) this.freezeFlow(f, rate);
    }
  }

  /** Fixes flow f at `rate` and takes multiplicity x rate from every link on its route. */
  private freezeFlow(f: number, rate: number): void {
    if (this.frozen[f] === 1) return;
    const { routeStart, routeLinks } = this.p;
    const { remaining, weight, unfrozen } = this;
    const m = this.p.multiplicity ? (this.p.multiplicity[f] as number) : 1;
    this.frozen[f] = 1;
    this.rates[f] = rate;
    const used = m * rate;
    for (let e = routeStart[f] as number, end = routeStart[f + 1] as number; e < end; e++) {
      const link = routeLinks[e] as number;
      const left = remaining[link] as number;
      // Clamp at 0: float noise must never turn into a negative offer.
      if (left !== Number.POSITIVE_INFINITY) remaining[link] = left > used ? left - used : 0;
      weight[link] = (weight[link] as number) - m;
      unfrozen[link] = (unfrozen[link] as number) - 1;
    }
  }
}
