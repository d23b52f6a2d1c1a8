/** Runs collective schedules on the flow-level network engine: transfers become routed flows, dependencies chain them. */

import type { Schedule } from '../collectives/types.js';
import { createNetworkSimulation, type NetworkSimulation, type NetworkStats } from '../network/index.js';
import type { System } from '../system/system.js';
import { Router, type RoutingMode, type Stripe } from '../topology/ecmp.js';
import type { Topology } from '../topology/topology.js';
import { SCALE_UP_COLLECTIVE_EFFICIENCY, STEP_OVERHEAD_S } from './calibration.js';
import { endpointNode } from './endpoints.js';

export interface ScheduledGroup {
  /** GPU ranks of the group; schedule rank i is GPU ranks[i]. */
  readonly ranks: readonly number[];
  readonly schedule: Schedule;
  /** Time the group's first transfers may start (the launch cost), seconds. */
  readonly startAt: number;
}

export interface TransferSpan {
  readonly group: number;
  readonly transfer: number;
  readonly src: number;
  readonly dst: number;
  readonly bytes: number;
  readonly start: number;
  readonly end: number;
}

export interface ExecutionResult {
  /** Finish time of each group, seconds. */
  readonly groupEnd: readonly number[];
  readonly makespan: number;
  readonly stats: NetworkStats;
  /** Bytes carried by each directed link. */
  readonly linkBytes: Float64Array;
  /** Payload capacity of each directed link used by the run (after protocol efficiencies), bytes/s. */
  readonly linkCapacity: Float64Array;
  readonly spans: readonly TransferSpan[];
}

export interface ExecuteOptions {
  readonly routing?: RoutingMode;
  /** Keep at most this many transfer spans for a trace. */
  readonly maxSpans?: number;
}

/** Payload capacity per directed link: raw x protocol efficiency, and x collective efficiency on scale-up links. */
export function payloadCapacities(system: System, topo: Topology): Float64Array {
  const up = system.spec.scaleUp.protocolEfficiency * SCALE_UP_COLLECTIVE_EFFICIENCY;
  const out = system.spec.scaleOut?.protocolEfficiency ?? 1;
  return Float64Array.from(topo.links, (l) => l.capacity * (l.layer === 'scale-up' ? up : l.layer === 'scale-out' ? out : 1));
}

interface Prepared {
  /** Source and destination node of transfer i at [2i] and [2i + 1]. */
  readonly nodes: Int32Array;
  /** Stripes of pair p: stripeStart[p] .. stripeStart[p + 1] into routes, shares and latencies. */
  readonly stripeStart: Int32Array;
  readonly routes: Int32Array[];
  readonly shares: Float64Array;
  readonly latencies: Float64Array;
  readonly pairOf: Int32Array;
}

/**
 * Routes every distinct (source, destination) pair of a group once, in destination order so the router's
 * distance tables are reused; a pair keeps one ECMP hash for all its transfers, as one NCCL connection does.
 */
function prepare(topo: Topology, router: Router, group: ScheduledGroup, groupIndex: number): Prepared {
  const transfers = group.schedule.transfers;
  const nodes = new Int32Array(transfers.length * 2);
  const pairIds = new Map<number, number>();
  const pairOf = new Int32Array(transfers.length);
  const pairSrc: number[] = [];
  const pairDst: number[] = [];
  const n = topo.nodes.length;
  for (let i = 0; i < transfers.length; i++) {
    const t = transfers[i] as (typeof transfers)[number];
    const src = endpointNode(topo, group.ranks, t.src);
    const dst = endpointNode(topo, group.ranks, t.dst);
    nodes[2 * i] = src;
    nodes[2 * i + 1] = dst;
    const key = src * n + dst;
    let id = pairIds.get(key);
    if (id === undefined) {
      id = pairSrc.length;
      pairIds.set(key, id);
      pairSrc.push(src);
      pairDst.push(dst);
    }
    pairOf[i] = id;
  }
  const pairs = pairSrc.length;
  const order = Int32Array.from({ length: pairs }, (_, i) => i).sort((a, b) => (pairDst[a] as number) - (pairDst[b] as number) || a - b);
  const perPair: Stripe[][] = new Array(pairs);
  for (const p of order) perPair[p] = router.stripes(pairSrc[p] as number, pairDst[p] as number, p * 7919 + groupIndex);
  const stripeStart = new Int32Array(pairs + 1);
  for (let p = 0; p < pairs; p++) stripeStart[p + 1] = (stripeStart[p] as number) + (perPair[p]?.length ?? 0);
  const total = stripeStart[pairs] as number;
  const routes: Int32Array[] = new Array(total);
  const shares = new Float64Array(total);
  const latencies = new Float64Array(total);
  for (let p = 0; p < pairs; p++) {
    let k = stripeStart[p] as number;
    for (const stripe of perPair[p] ?? []) {
      routes[k] = stripe.route;
      shares[k] = stripe.share;
      latencies[k] = routeLatency(topo, stripe.route);
      k++;
    }
  }
  return { nodes, stripeStart, routes, shares, latencies, pairOf };
}

function routeLatency(topo: Topology, route: Int32Array): number {
  let t = 0;
  for (let i = 0; i < route.length; i++) {
    const link = topo.links[route[i] as number] as (typeof topo.links)[number];
    t += link.latency;
    if (i < route.length - 1) t += (topo.nodes[link.to] as (typeof topo.nodes)[number]).latency;
  }
  return t;
}

/**
 * Runs all groups at once on one network, so groups that share links contend. A transfer starts when its
 * dependencies are done, pays its path latency plus the per-step software overhead, then moves its bytes as
 * one flow per stripe; it is done when its last stripe is.
 */
export function executeSchedules(system: System, topo: Topology, groups: readonly ScheduledGroup[], options: ExecuteOptions = {}): ExecutionResult {
  const linkCapacity = payloadCapacities(system, topo);
  const sim = createNetworkSimulation({ linkCapacity });
  const router = new Router(topo, { mode: options.routing ?? 'ecmp' });
  const linkBytes = new Float64Array(topo.links.length);
  const spans: TransferSpan[] = [];
  const maxSpans = options.maxSpans ?? 0;
  const groupEnd = groups.map(() => 0);
  const flows = new FlowOwners();
  const runs: GroupRun[] = [];
  const onFlowDone = (flow: number, time: number) => runs[flows.groupOf(flow)]?.stripeDone(flows.transferOf(flow), time);
  groups.forEach((group, g) => {
    const run = new GroupRun(sim, group, g, prepare(topo, router, group, g), linkBytes, flows, onFlowDone, (i, start, end) => {
      groupEnd[g] = Math.max(groupEnd[g] as number, end);
      if (spans.length >= maxSpans) return;
      const t = group.schedule.transfers[i] as (typeof group.schedule.transfers)[number];
      spans.push({ group: g, transfer: i, src: run.nodes[2 * i] as number, dst: run.nodes[2 * i + 1] as number, bytes: t.bytes, start, end });
    });
    runs.push(run);
  });
  for (const run of runs) run.launch();
  const makespan = sim.run();
  return { groupEnd, makespan, stats: sim.stats(), linkBytes, linkCapacity, spans };
}

/** One group's transfers on the simulation: dependency counting and stripe bookkeeping in typed arrays, one callback. */
class GroupRun {
  readonly nodes: Int32Array;
  private readonly pending: Int32Array;
  private readonly stripesLeft: Int32Array;
  private readonly startedAt: Float64Array;
  private readonly dependentStart: Int32Array;
  private readonly dependents: Int32Array;

  constructor(
    private readonly sim: NetworkSimulation,
    private readonly group: ScheduledGroup,
    private readonly index: number,
    private readonly prepared: Prepared,
    private readonly linkBytes: Float64Array,
    private readonly flows: FlowOwners,
    private readonly onFlowDone: (flow: number, time: number) => void,
    private readonly done: (transfer: number, start: number, end: number) => void,
  ) {
    const transfers = group.schedule.transfers;
    const count = transfers.length;
    this.nodes = prepared.nodes;
    this.pending = new Int32Array(count);
    this.stripesLeft = new Int32Array(count);
    this.startedAt = new Float64Array(count);
    this.dependentStart = new Int32Array(count + 1);
    for (const t of transfers) for (const d of t.deps) this.dependentStart[d + 1] = (this.dependentStart[d + 1] as number) + 1;
    for (let i = 0; i < count; i++) this.dependentStart[i + 1] = (this.dependentStart[i + 1] as number) + (this.dependentStart[i] as number);
    this.dependents = new Int32Array(this.dependentStart[count] as number);
    const fill = this.dependentStart.slice(0, count);
    transfers.forEach((t, i) => {
      this.pending[i] = t.deps.length;
      for (const d of t.deps) {
        this.dependents[fill[d] as number] = i;
        fill[d] = (fill[d] as number) + 1;
      }
    });
  }

  launch(): void {
    for (let i = 0; i < this.pending.length; i++) if (this.pending[i] === 0) this.start(i, this.group.startAt);
  }

  private start(i: number, readyAt: number): void {
    const p = this.prepared;
    const bytes = (this.group.schedule.transfers[i] as (typeof this.group.schedule.transfers)[number]).bytes;
    const pair = p.pairOf[i] as number;
    const from = p.stripeStart[pair] as number;
    const to = p.stripeStart[pair + 1] as number;
    this.stripesLeft[i] = to - from;
    this.startedAt[i] = Number.POSITIVE_INFINITY;
    if (to === from) {
      this.startedAt[i] = readyAt;
      this.stripesLeft[i] = 1;
      this.stripeDone(i, readyAt);
      return;
    }
    for (let k = from; k < to; k++) {
      const at = readyAt + (p.latencies[k] as number) + STEP_OVERHEAD_S;
      if (at < (this.startedAt[i] as number)) this.startedAt[i] = at;
      const share = bytes * (p.shares[k] as number);
      const route = p.routes[k] as Int32Array;
      for (let e = 0; e < route.length; e++) this.linkBytes[route[e] as number] = (this.linkBytes[route[e] as number] as number) + share;
      this.flows.set(this.sim.addFlow({ route, bytes: share, startAt: at, onComplete: this.onFlowDone }), this.index, i);
    }
  }

  stripeDone(i: number, time: number): void {
    this.stripesLeft[i] = (this.stripesLeft[i] as number) - 1;
    if ((this.stripesLeft[i] as number) > 0) return;
    this.done(i, this.startedAt[i] as number, time);
    for (let k = this.dependentStart[i] as number; k < (this.dependentStart[i + 1] as number); k++) {
      const j = this.dependents[k] as number;
      this.pending[j] = (this.pending[j] as number) - 1;
      if (this.pending[j] === 0) this.start(j, time);
    }
  }
}

/** Which group and transfer each flow id belongs to, in growable typed arrays (flow ids count up from 0). */
class FlowOwners {
  private groups = new Int32Array(1024);
  private transfers = new Int32Array(1024);

  set(flow: number, group: number, transfer: number): void {
    if (flow >= this.groups.length) {
      const size = Math.max(2 * this.groups.length, flow + 1);
      const g = new Int32Array(size);
      g.set(this.groups);
      this.groups = g;
      const t = new Int32Array(size);
      t.set(this.transfers);
      this.transfers = t;
    }
    this.groups[flow] = group;
    this.transfers[flow] = transfer;
  }

  groupOf(flow: number): number {
    return this.groups[flow] as number;
  }

  transferOf(flow: number): number {
    return this.transfers[flow] as number;
  }
}
