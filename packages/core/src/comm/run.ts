/** `runCollective`: one collective on one system at one size, priced in closed form or simulated on the flow engine. */

import type { CollectiveOp, Schedule } from '../collectives/types.js';
import { busBandwidthFactor } from '../collectives/types.js';
import { ConfigError } from '../system/errors.js';
import type { System } from '../system/system.js';
import { buildTopology } from '../topology/build-system.js';
import type { RoutingMode } from '../topology/ecmp.js';
import type { Topology } from '../topology/topology.js';
import type { Bytes } from '../units/units.js';
import { COLLECTIVE_LAUNCH_S } from './calibration.js';
import { chooseCollective } from './choice.js';
import { analyseGroup, type GroupShape } from './context.js';
import { checkReachable } from './degraded.js';
import { defaultRouting, type ExecutionResult, executeSchedules } from './execute.js';
import { checkGroup, concurrentGroups } from './group.js';
import type { Protocol } from './protocols.js';

export type Fidelity = 'flow' | 'analytical';

export interface CollectiveRequest {
  readonly op: CollectiveOp;
  /** GPU ranks of the (first) group. */
  readonly group: readonly number[];
  /** Copies of the group running at once (see concurrentGroups). Default 1. */
  readonly concurrentGroups?: number;
  /** Further groups of the same size running at once, given rank by rank (instead of concurrentGroups). */
  readonly otherGroups?: readonly (readonly number[])[];
  /** Size in the nccl-tests convention (per-rank buffer, or total for allgather/reducescatter/alltoall). */
  readonly bytes: number;
  /** 'auto' or an algorithm short name for the op. */
  readonly algorithm: string;
  /** 'auto' (default: the fastest in closed form, as NCCL's tuner) or LL, LL128, Simple. */
  readonly protocol?: string;
  readonly fidelity: Fidelity;
  readonly routing?: RoutingMode;
  /** Pay the per-call launch cost (false for CUDA-graph captured runs). Default true. */
  readonly launch?: boolean;
  /** Keep up to this many transfer spans for a trace (flow fidelity). */
  readonly traceSpans?: number;
}

export interface CollectiveResult {
  readonly bytes: number;
  /** Elements of a 4-byte float, as nccl-tests prints. */
  readonly count: number;
  readonly type: 'float';
  readonly timeUs: number;
  readonly algbwGBps: number;
  readonly busbwGBps: number;
  readonly algorithm: string;
  /** The NCCL protocol the run uses (see comm/protocols.ts). */
  readonly protocol: Protocol;
  readonly fidelity: Fidelity;
  readonly ranks: number;
  readonly groups: number;
  /** Bytes each GPU sent across scale-up domains, over the run time (GB/s); 0 inside one domain. */
  readonly scaleOutGBpsPerGpu: number;
  /** The flow run behind the figures (flow fidelity only). */
  readonly execution?: ExecutionResult;
}

/**
 * Holds what several runs on one system share: the flow topologies (planes merged), built on first use, and the
 * shape of each group it has priced (keyed by the caller's array), so a size sweep analyses a 16k-rank group once.
 */
export class CollectiveSession {
  private readonly topologies = new Map<'each' | 'pooled', Topology>();
  private readonly shapes = new WeakMap<readonly number[], GroupShape>();
  constructor(readonly system: System) {}
  /**
   * The flow topology for a routing mode: planes merged, scale-up tiers pooled (their fabrics spray packets);
   * adaptive routing runs on pooled scale-out switches too (ideal load balancing, see TopologyOptions.switches),
   * hashing and spraying on every scale-out switch.
   */
  topoFor(routing: RoutingMode): Topology {
    const switches = routing === 'adaptive' ? 'pooled' : 'each';
    let topo = this.topologies.get(switches);
    if (!topo) {
      topo = buildTopology(this.system, { planes: 'merged', switches, poolScaleUp: true });
      this.topologies.set(switches, topo);
    }
    return topo;
  }
  shapeOf(group: readonly number[]): GroupShape {
    let shape = this.shapes.get(group);
    if (!shape) {
      checkGroup(group, this.system.gpus);
      shape = analyseGroup(this.system, group);
      this.shapes.set(group, shape);
    }
    return shape;
  }
}

export function runCollective(session: CollectiveSession, request: CollectiveRequest): CollectiveResult {
  const system = session.system;
  if (!(request.bytes > 0)) throw new ConfigError(['--sizes'], `expected a positive size, received ${request.bytes}`);
  const shape = session.shapeOf(request.group);
  const group = shape.ranks;
  const choice = chooseCollective(system, request.op, shape, request.bytes as Bytes, request.algorithm, request.protocol ?? 'auto');
  const { algorithm, ctx } = choice;
  const k = request.otherGroups ? request.otherGroups.length + 1 : (request.concurrentGroups ?? 1);
  const groups =
    k === 1
      ? [group]
      : request.otherGroups
        ? [group, ...request.otherGroups.map((g) => [...g].sort((a, b) => a - b))]
        : concurrentGroups(group, k, system.gpus);
  if (groups.length > 1) checkDisjoint(groups, group.length, system.gpus);
  const launch = request.launch === false ? 0 : COLLECTIVE_LAUNCH_S;
  let time: number;
  let execution: ExecutionResult | undefined;
  if (system.failures && request.fidelity === 'analytical') {
    throw new ConfigError(['--fidelity'], 'failures apply at flow fidelity, where the flow engine routes around them; add --fidelity flow');
  }
  if (request.fidelity === 'analytical') {
    // The choice already priced it: protocol base latency plus the algorithm's closed form.
    time = launch + choice.time;
  } else {
    const schedule: Schedule = algorithm.schedule(ctx);
    const startAt = launch + choice.costs.baseLatencyS;
    const scheduled = groups.map((ranks) => ({ ranks, schedule, startAt }));
    const routing = request.routing ?? defaultRouting(system);
    if (system.failures) checkReachable(system, session.topoFor(routing), groups);
    execution = executeSchedules(system, session.topoFor(routing), scheduled, { routing, maxSpans: request.traceSpans ?? 0, protocol: choice.costs });
    time = execution.makespan;
  }
  const algbw = request.bytes / time;
  return {
    bytes: request.bytes,
    count: Math.floor(request.bytes / 4),
    type: 'float',
    timeUs: time * 1e6,
    algbwGBps: algbw / 1e9,
    busbwGBps: (algbw * busBandwidthFactor(request.op, group.length)) / 1e9,
    algorithm: algorithm.name,
    protocol: choice.protocol,
    fidelity: request.fidelity,
    ranks: group.length,
    groups: request.otherGroups ? request.otherGroups.length + 1 : (request.concurrentGroups ?? 1),
    scaleOutGBpsPerGpu: crossDomainBytesPerGpu(system, request.op, group, request.bytes) / time / 1e9,
    ...(execution ? { execution } : {}),
  };
}

/**
 * Bytes one GPU must send to GPUs of other domains for ops whose traffic pattern fixes it (all-to-all: S/n of its
 * S-byte buffer to each of the n - d ranks outside its domain); 0 for the rest, where the algorithm decides.
 */
function crossDomainBytesPerGpu(system: System, op: CollectiveOp, group: readonly number[], bytes: number): number {
  if (op !== 'alltoall') return 0;
  const domainSize = system.spec.scaleUp.domainSize;
  const me = Math.floor((group[0] as number) / domainSize);
  const outside = group.filter((r) => Math.floor(r / domainSize) !== me).length;
  return (bytes / group.length) * outside;
}

function checkDisjoint(groups: readonly (readonly number[])[], size: number, gpus: number): void {
  const all = groups.flat();
  for (const g of groups) {
    checkGroup(g, gpus);
    if (g.length !== size) throw new ConfigError(['groups'], `every concurrent group needs ${size} ranks, one has ${g.length}`);
  }
  if (new Set(all).size !== all.length) throw new ConfigError(['groups'], 'concurrent groups overlap: a rank is in two groups');
}
