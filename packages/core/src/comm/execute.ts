/** Runs collective schedules on the flow-level network engine: transfers become routed flows, dependencies chain them. */

import type { Schedule } from '../collectives/types.js';
import { createNetworkSimulation, type NetworkStats } from '../network/index.js';
import type { System } from '../system/system.js';
import { Router, type RoutingMode } from '../topology/ecmp.js';
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
  readonly nodes: Int32Array;
  readonly stripes: { route: Int32Array; share: number; latency: number }[][];
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
  const pairs: [number, number][] = [];
  const n = topo.nodes.length;
  transfers.forEach((t, i) => {
    const src = endpointNode(topo, group.ranks, t.src);
    const dst = endpointNode(topo, group.ranks, t.dst);
    nodes[2 * i] = src;
    nodes[2 * i + 1] = dst;
    const key = src * n + dst;
    let id = pairIds.get(key);
    if (id === undefined) {
      id = pairs.length;
      pairIds.set(key, id);
      pairs.push([src, dst]);
    }
    pairOf[i] = id;
  });
  const order = pairs.map((_, i) => i).sort((a, b) => (pairs[a]?.[1] as number) - (pairs[b]?.[1] as number) || a - b);
  const stripes: Prepared['stripes'] = new Array(pairs.length);
  for (const p of order) {
    const [src, dst] = pairs[p] as [number, number];
    stripes[p] = router.stripes(src, dst, p * 7919 + groupIndex).map((s) => ({ ...s, latency: routeLatency(topo, s.route) }));
  }
  return { nodes, stripes, pairOf };
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
  groups.forEach((group, g) => {
    const prepared = prepare(topo, router, group, g);
    const transfers = group.schedule.transfers;
    const pending = Int32Array.from(transfers, (t) => t.deps.length);
    const dependents: number[][] = transfers.map(() => []);
    transfers.forEach((t, i) => {
      for (const d of t.deps) dependents[d]?.push(i);
    });
    const stripesLeft = new Int32Array(transfers.length);
    const start = (i: number, readyAt: number) => {
      const bytes = (transfers[i] as (typeof transfers)[number]).bytes;
      const stripes = prepared.stripes[prepared.pairOf[i] as number] ?? [];
      stripesLeft[i] = stripes.length;
      let startedAt = Number.POSITIVE_INFINITY;
      for (const stripe of stripes) {
        const at = readyAt + stripe.latency + STEP_OVERHEAD_S;
        startedAt = Math.min(startedAt, at);
        for (const l of stripe.route) linkBytes[l] = (linkBytes[l] as number) + bytes * stripe.share;
        sim.addFlow({ route: stripe.route, bytes: bytes * stripe.share, startAt: at, onComplete: (_f, time) => stripeDone(i, time, startedAt) });
      }
      if (stripes.length === 0) stripeDone(i, readyAt, readyAt, true);
    };
    const stripeDone = (i: number, time: number, startedAt: number, empty = false) => {
      if (!empty) {
        stripesLeft[i] = (stripesLeft[i] as number) - 1;
        if ((stripesLeft[i] as number) > 0) return;
      }
      groupEnd[g] = Math.max(groupEnd[g] as number, time);
      if (spans.length < maxSpans) {
        const t = transfers[i] as (typeof transfers)[number];
        spans.push({
          group: g,
          transfer: i,
          src: prepared.nodes[2 * i] as number,
          dst: prepared.nodes[2 * i + 1] as number,
          bytes: t.bytes,
          start: startedAt,
          end: time,
        });
      }
      for (const j of dependents[i] ?? []) {
        pending[j] = (pending[j] as number) - 1;
        if (pending[j] === 0) start(j, time);
      }
    };
    transfers.forEach((_, i) => {
      if (pending[i] === 0) start(i, group.startAt);
    });
  });
  const makespan = sim.run();
  return { groupEnd, makespan, stats: sim.stats(), linkBytes, linkCapacity, spans };
}
