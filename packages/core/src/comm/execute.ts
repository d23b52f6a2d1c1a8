/** Runs collective schedules on the flow-level network engine: transfers become routed flows, dependencies chain them. */

import type { Endpoint, Schedule } from '../collectives/types.js';
import { createNetworkSimulation, type NetworkSimulation, type NetworkStats } from '../network/index.js';
import type { System } from '../system/system.js';
import { mix32, RouteTable, type RoutingMode } from '../topology/ecmp.js';
import type { Topology } from '../topology/topology.js';
import { addBackground } from './background-flows.js';
import { SCALE_UP_COLLECTIVE_EFFICIENCY } from './calibration.js';
import { endpointNode } from './endpoints.js';
import { type ProtocolCosts, systemProtocolCosts } from './protocols.js';
import { type TransportRouter, transportRouter } from './transport-routing.js';

export interface ScheduledGroup {
  /** GPU ranks of the group; schedule rank i is GPU ranks[i]. */
  readonly ranks: readonly number[];
  readonly schedule: Schedule;
  /** Time the group's first transfers may start (the launch cost), seconds. */
  readonly startAt: number;
  /**
   * Per schedule rank, when that rank reaches the collective (seconds; default: all at startAt). A transfer starts no
   * earlier than both its ends have arrived, as NCCL's sender waits for the receiver's kernel to post its buffer: a
   * straggler holds up its peers, and through them the rest.
   */
  readonly rankReadyAt?: readonly number[];
  /** The group's protocol (default: ExecuteOptions.protocol), when groups of different jobs run different ones. */
  readonly protocol?: ProtocolCosts;
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
  /** Payload capacity of each directed link used by the run (after protocol efficiencies), bytes/s; shared, read-only. */
  readonly linkCapacity: Float64Array;
  readonly spans: readonly TransferSpan[];
  /** The topology the run used: link and node ids above index it. */
  readonly topo: Topology;
}

export interface ExecuteOptions {
  readonly routing?: RoutingMode;
  /** Keep at most this many transfer spans for a trace. */
  readonly maxSpans?: number;
  /** The protocol's step latencies and efficiency (default: ring on Simple); its base latency is the caller's startAt. */
  readonly protocol?: ProtocolCosts;
  /** The share of their payload rate the scale-out links carry for this run's messages (the transport's, system/transports.ts; default 1). */
  readonly scaleOutShare?: number;
  /**
   * Traffic beside the collective on every GPU's scale-out NICs, bytes/s a GPU (a converged DCN's storage and KV store
   * fetches): one background flow on each NIC's links into the network, capped at its share of the rate, which max-min
   * fairness serves beside the collective's flows for as long as the collective runs.
   */
  readonly backgroundPerGpu?: number;
}

/**
 * Routing a fabric does by itself: InfiniBand switches route adaptively (NVIDIA Quantum adaptive routing balances
 * load per packet), Ethernet fabrics hash each flow (ECMP).
 */
export function defaultRouting(system: System): RoutingMode {
  return system.spec.scaleOut?.switch.fabric === 'infiniband' ? 'adaptive' : 'ecmp';
}

/** Payload capacity per directed link: raw x protocol efficiency, and x collective efficiency on scale-up links. */
export function payloadCapacities(system: System, topo: Topology): Float64Array {
  const up = system.spec.scaleUp.protocolEfficiency * SCALE_UP_COLLECTIVE_EFFICIENCY;
  const out = system.spec.scaleOut?.protocolEfficiency ?? 1;
  return Float64Array.from(topo.links, (l) => l.capacity * (l.layer === 'scale-up' ? up : l.layer === 'scale-out' ? out : 1));
}

/** payloadCapacities, built once per topology (a topology is built from one system); shared, so read-only. */
const CAPACITIES = new WeakMap<Topology, Float64Array>();
function cachedCapacities(system: System, topo: Topology): Float64Array {
  let capacities = CAPACITIES.get(topo);
  if (!capacities) {
    capacities = payloadCapacities(system, topo);
    CAPACITIES.set(topo, capacities);
  }
  return capacities;
}

interface Prepared {
  /** Source and destination node of transfer i at [2i] and [2i + 1]. */
  readonly nodes: Int32Array;
  /** Stripes of pair p: table routes first[p] .. first[p] + stripes[p]. */
  readonly first: Int32Array;
  readonly stripes: Int32Array;
  readonly table: RouteTable;
  readonly latencies: Float64Array;
  readonly pairOf: Int32Array;
}

/**
 * Routes every distinct (source, destination) pair of a group once, in destination order so the router's
 * distance tables are reused; a pair keeps one ECMP hash for all its transfers, as one NCCL connection does.
 */
function prepare(topo: Topology, router: TransportRouter, group: ScheduledGroup, groupIndex: number, delay: PathDelay): Prepared {
  const transfers = group.schedule.transfers;
  const nodes = new Int32Array(transfers.length * 2);
  for (let i = 0; i < transfers.length; i++) {
    const t = transfers[i] as (typeof transfers)[number];
    nodes[2 * i] = endpointNode(topo, group.ranks, t.src);
    nodes[2 * i + 1] = endpointNode(topo, group.ranks, t.dst);
  }
  const { pairOf, pairs } = distinctPairs(nodes, topo.nodes.length);
  const count = pairs.length / 2;
  const order = Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => (pairs[2 * a + 1] as number) - (pairs[2 * b + 1] as number) || a - b);
  const table = new RouteTable();
  // A pair's stripes are appended together, so they are contiguous in the table: first index and count suffice.
  const first = new Int32Array(count);
  const stripes = new Int32Array(count);
  for (const p of order) {
    first[p] = table.count;
    stripes[p] = router.appendStripes(pairs[2 * p] as number, pairs[2 * p + 1] as number, p * 7919 + groupIndex, table);
  }
  const latencies = new Float64Array(table.count);
  for (let k = 0; k < table.count; k++) latencies[k] = delay.of(table.links, table.start[k] as number, table.start[k + 1] as number);
  return { nodes, first, stripes, table, latencies, pairOf };
}

/**
 * What one step over a route costs before its bytes arrive: link latencies, the latency of every node crossed, and
 * the protocol's software latency per step (its scale-out figure when the route leaves the scale-up domain).
 */
class PathDelay {
  private readonly arrays: LatencyArrays;
  constructor(
    topo: Topology,
    private readonly protocol: ProtocolCosts,
  ) {
    this.arrays = latencyArrays(topo);
  }
  of(links: Int32Array, from: number, to: number): number {
    const { link, node, linkTo, scaleOut } = this.arrays;
    let t = 0;
    let out = false;
    for (let e = from; e < to; e++) {
      const l = links[e] as number;
      t += link[l] as number;
      out ||= scaleOut[l] === 1;
      if (e < to - 1) t += node[linkTo[l] as number] as number;
    }
    return t + (out ? this.protocol.stepLatencyOutS : this.protocol.stepLatencyUpS);
  }
}

/** Per-link and per-node latencies of a topology as typed arrays, built once per topology (a session reuses them). */
interface LatencyArrays {
  readonly link: Float64Array;
  readonly node: Float64Array;
  readonly linkTo: Int32Array;
  readonly scaleOut: Uint8Array;
}
const LATENCIES = new WeakMap<Topology, LatencyArrays>();

function latencyArrays(topo: Topology): LatencyArrays {
  let arrays = LATENCIES.get(topo);
  if (!arrays) {
    arrays = {
      link: Float64Array.from(topo.links, (l) => l.latency),
      linkTo: Int32Array.from(topo.links, (l) => l.to),
      node: Float64Array.from(topo.nodes, (n) => n.latency),
      scaleOut: Uint8Array.from(topo.links, (l) => (l.layer === 'scale-out' ? 1 : 0)),
    };
    LATENCIES.set(topo, arrays);
  }
  return arrays;
}

/** Distinct (src, dst) pairs of `nodes` in first-seen order, through an open-addressing table on typed arrays. */
function distinctPairs(nodes: Int32Array, nodeCount: number): { pairOf: Int32Array; pairs: Int32Array } {
  const n = nodes.length / 2;
  let capacity = 1024;
  while (capacity < 2 * n) capacity *= 2;
  const keys = new Float64Array(capacity).fill(-1);
  const ids = new Int32Array(capacity);
  const pairOf = new Int32Array(n);
  const pairs: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = (nodes[2 * i] as number) * nodeCount + (nodes[2 * i + 1] as number);
    let slot = (mix32(key % 4294967296, Math.floor(key / 4294967296), 0, 0) & (capacity - 1)) >>> 0;
    while (keys[slot] !== -1 && keys[slot] !== key) slot = (slot + 1) & (capacity - 1);
    if (keys[slot] === -1) {
      keys[slot] = key;
      ids[slot] = pairs.length / 2;
      pairs.push(nodes[2 * i] as number, nodes[2 * i + 1] as number);
    }
    pairOf[i] = ids[slot] as number;
  }
  return { pairOf, pairs: Int32Array.from(pairs) };
}

/**
 * Runs all groups at once on one network, so groups that share links contend. A transfer starts when its
 * dependencies are done, moves its bytes (over the protocol's efficiency) as one flow per stripe, and is done
 * when its last stripe's bytes arrive: path latency plus the protocol's step latency, k times for k steps.
 */
export function executeSchedules(system: System, topo: Topology, groups: readonly ScheduledGroup[], options: ExecuteOptions = {}): ExecutionResult {
  const cached = cachedCapacities(system, topo);
  const share = options.scaleOutShare ?? 1;
  const linkCapacity = share === 1 ? cached : Float64Array.from(cached, (c, i) => (topo.links[i]?.layer === 'scale-out' ? c * share : c));
  const sim = createNetworkSimulation({ linkCapacity });
  const router = transportRouter(topo, options.routing ?? defaultRouting(system));
  const linkBytes = new Float64Array(topo.links.length);
  const spans: TransferSpan[] = [];
  const maxSpans = options.maxSpans ?? 0;
  const groupEnd = groups.map(() => 0);
  const flows = new FlowOwners();
  const runs: GroupRun[] = [];
  const onFlowDone = (flow: number, time: number) => runs[flows.groupOf(flow)]?.stripeDone(flows.transferOf(flow), time, flows.latencyOf(flow));
  const fallback = options.protocol ?? (systemProtocolCosts(system, 'ring', 'Simple', 'allreduce', true) as ProtocolCosts);
  const delays = new Map<ProtocolCosts, PathDelay>();
  groups.forEach((group, g) => {
    const protocol = group.protocol ?? fallback;
    let delay = delays.get(protocol);
    if (!delay) {
      delay = new PathDelay(topo, protocol);
      delays.set(protocol, delay);
    }
    const run = new GroupRun(sim, group, g, prepare(topo, router, group, g, delay), 1 / protocol.efficiency, linkBytes, flows, onFlowDone, (i, start, end) => {
      groupEnd[g] = Math.max(groupEnd[g] as number, end);
      if (spans.length >= maxSpans) return;
      const t = group.schedule.transfers[i] as (typeof group.schedule.transfers)[number];
      spans.push({ group: g, transfer: i, src: run.nodes[2 * i] as number, dst: run.nodes[2 * i + 1] as number, bytes: t.bytes, start, end });
    });
    runs.push(run);
  });
  for (const run of runs) run.launch();
  if ((options.backgroundPerGpu ?? 0) > 0) {
    // Background flows outlast the collective: step until every group's transfers are done, then stop.
    addBackground(sim, topo, options.backgroundPerGpu as number);
    while (runs.some((r) => !r.complete()) && sim.step()) {}
    const makespan = groupEnd.reduce((a, b) => Math.max(a, b), 0);
    return { groupEnd, makespan, stats: sim.stats(), linkBytes, linkCapacity, spans, topo };
  }
  // A transfer is done when its bytes arrive (flow end + path latency), after the engine's last flow ends.
  const makespan = groupEnd.reduce((a, b) => Math.max(a, b), sim.run());
  return { groupEnd, makespan, stats: sim.stats(), linkBytes, linkCapacity, spans, topo };
}

/** One group's transfers on the simulation: dependency counting and stripe bookkeeping in typed arrays, one callback. */
class GroupRun {
  readonly nodes: Int32Array;
  private readonly pending: Int32Array;
  private readonly stripesLeft: Int32Array;
  private readonly startedAt: Float64Array;
  /** Latest arrival (flow end + path latency) among a transfer's stripes so far. */
  private readonly arrival: Float64Array;
  private readonly dependentStart: Int32Array;
  private readonly dependents: Int32Array;
  /** Transfers whose bytes have all arrived. */
  private arrived = 0;

  constructor(
    private readonly sim: NetworkSimulation,
    private readonly group: ScheduledGroup,
    private readonly index: number,
    private readonly prepared: Prepared,
    /** Wire bytes per payload byte: 1 / the protocol's efficiency. */
    private readonly wirePerByte: number,
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
    this.arrival = new Float64Array(count);
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

  /** Every transfer of the group has arrived. */
  complete(): boolean {
    return this.arrived === this.pending.length;
  }

  launch(): void {
    for (let i = 0; i < this.pending.length; i++) if (this.pending[i] === 0) this.start(i, this.group.startAt);
  }

  private start(i: number, readyAt: number): void {
    const p = this.prepared;
    const transfer = this.group.schedule.transfers[i] as (typeof this.group.schedule.transfers)[number];
    const ready = this.group.rankReadyAt;
    if (ready) readyAt = Math.max(readyAt, readyOf(ready, transfer.src), readyOf(ready, transfer.dst));
    const bytes = transfer.bytes * this.wirePerByte;
    const pair = p.pairOf[i] as number;
    const from = p.first[pair] as number;
    const to = from + (p.stripes[pair] as number);
    this.stripesLeft[i] = to - from;
    this.startedAt[i] = Number.POSITIVE_INFINITY;
    if (to === from) {
      this.startedAt[i] = readyAt;
      this.stripesLeft[i] = 1;
      this.stripeDone(i, readyAt);
      return;
    }
    // Bytes start flowing at once; the step latency (path and protocol) delays their arrival, not their start, so
    // transfers made ready together share one instant of the engine (alpha + S/B either way).
    const at = readyAt;
    this.startedAt[i] = at;
    this.arrival[i] = 0;
    for (let k = from; k < to; k++) {
      const share = bytes * (p.table.shares[k] as number);
      const route = p.table.route(k);
      for (let e = 0; e < route.length; e++) this.linkBytes[route[e] as number] = (this.linkBytes[route[e] as number] as number) + share;
      this.flows.set(this.sim.addFlow({ route, bytes: share, startAt: at, onComplete: this.onFlowDone }), this.index, i, p.latencies[k] as number);
    }
  }

  stripeDone(i: number, time: number, latency = 0): void {
    // A k-step pipelined transfer (Transfer.steps) pays the step latency of each of its k steps.
    const t = this.group.schedule.transfers[i] as (typeof this.group.schedule.transfers)[number];
    this.arrival[i] = Math.max(this.arrival[i] as number, time + (t.latencyS ?? (t.steps ?? 1) * latency));
    this.stripesLeft[i] = (this.stripesLeft[i] as number) - 1;
    if ((this.stripesLeft[i] as number) > 0) return;
    time = this.arrival[i] as number;
    this.arrived++;
    this.done(i, this.startedAt[i] as number, time);
    for (let k = this.dependentStart[i] as number; k < (this.dependentStart[i + 1] as number); k++) {
      const j = this.dependents[k] as number;
      this.pending[j] = (this.pending[j] as number) - 1;
      if (this.pending[j] === 0) this.start(j, time);
    }
  }
}

/** When the GPU behind a transfer end arrives: its own rank, or for a switch end the rank it sits beside. */
function readyOf(ready: readonly number[], end: Endpoint): number {
  return ready['rank' in end ? end.rank : end.switchOfRank] ?? 0;
}

/** Which group and transfer each flow id belongs to, in growable typed arrays (flow ids count up from 0). */
class FlowOwners {
  private groups = new Int32Array(1024);
  private transfers = new Int32Array(1024);
  private latencies = new Float64Array(1024);

  set(flow: number, group: number, transfer: number, latency: number): void {
    if (flow >= this.groups.length) {
      const size = Math.max(2 * this.groups.length, flow + 1);
      const g = new Int32Array(size);
      g.set(this.groups);
      this.groups = g;
      const t = new Int32Array(size);
      t.set(this.transfers);
      this.transfers = t;
      const l = new Float64Array(size);
      l.set(this.latencies);
      this.latencies = l;
    }
    this.groups[flow] = group;
    this.transfers[flow] = transfer;
    this.latencies[flow] = latency;
  }

  latencyOf(flow: number): number {
    return this.latencies[flow] as number;
  }

  groupOf(flow: number): number {
    return this.groups[flow] as number;
  }

  transferOf(flow: number): number {
    return this.transfers[flow] as number;
  }
}
