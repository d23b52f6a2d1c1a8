/** `runCollective`: one collective on one system at one size, priced in closed form or simulated on the flow engine. */

import { ArgumentError, ConfigError } from '../base/errors.js';
import type { CollectiveOp, Schedule } from '../collectives/types.js';
import { busBandwidthFactor } from '../collectives/types.js';
import { degradedFabric, type System } from '../system/system.js';
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
/** Fidelities, analytical (closed form) first: the choices every command's `fidelity` argument offers. */
export const FIDELITIES: readonly Fidelity[] = ['analytical', 'flow'];

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
  /**
   * Seconds of work each rank does at nominal speed before it calls the collective: a GPU of speed s arrives
   * computeBeforeS (1/s - 1) late, and the collective waits for it. Required on a system with slow GPUs (0: ignore them).
   */
  readonly computeBeforeS?: number;
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
  /** With slow GPUs: how long after the first rank the slowest reached the collective, and which it was (timeUs counts from the first). */
  readonly straggler?: { readonly waitUs: number; readonly rank: number; readonly speed: number };
}

/**
 * Holds what several runs on one system share: the flow topologies (planes merged), built on first use, and the
 * shape of each group it has priced (keyed by the caller's array), so a size sweep analyses a 16k-rank group once.
 */
export class CollectiveSession {
  private readonly topologies = new Map<'each' | 'pooled', Topology>();
  private readonly shapes = new WeakMap<readonly number[], GroupShape>();
  /**
   * `backgroundPerGpu`: bytes/s of other traffic (a converged DCN's storage) on every GPU's scale-out NICs, which flow
   * runs carry as background flows beside each collective (execute.ts); closed forms take it as a bandwidth share instead.
   */
  constructor(
    readonly system: System,
    readonly backgroundPerGpu = 0,
  ) {}
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
  if (!(request.bytes > 0)) throw new ArgumentError('sizes', `expected a positive size, received ${request.bytes}`);
  const shape = session.shapeOf(request.group);
  const group = shape.ranks;
  const choice = chooseCollective(system, request.op, shape, request.bytes as Bytes, request.algorithm, request.protocol ?? 'auto');
  const { algorithm, ctx } = choice;
  const k = request.otherGroups ? request.otherGroups.length + 1 : (request.concurrentGroups ?? 1);
  // The closed form prices one group; its copies need listing only where the flow engine runs them or slow GPUs delay
  // their arrivals. Otherwise copies of an evenly strided group are checked by arithmetic (a plan search asks for
  // thousands of 16k-rank copies).
  const listed = request.fidelity !== 'analytical' || system.gpuSpeed !== undefined || request.otherGroups !== undefined;
  const groups =
    k === 1
      ? [group]
      : request.otherGroups
        ? [group, ...request.otherGroups.map((g) => [...g].sort((a, b) => a - b))]
        : listed || !stridedCopiesFit(group, k, system.gpus)
          ? concurrentGroups(group, k, system.gpus)
          : [group];
  if (groups.length > 1) checkDisjoint(groups, group.length, system.gpus);
  const launch = request.launch === false ? 0 : COLLECTIVE_LAUNCH_S * system.spec.collectives.latencyScale;
  let time: number;
  let execution: ExecutionResult | undefined;
  if (degradedFabric(system) && request.fidelity === 'analytical') {
    throw new ArgumentError('fidelity', 'failures and slow links apply at flow fidelity, where the flow engine routes around them; run at fidelity flow');
  }
  const arrivals = arrivalDelays(system, groups, request.computeBeforeS);
  if (request.fidelity === 'analytical') {
    // The choice already priced it: protocol base latency plus the algorithm's closed form, once the last rank is in.
    time = launch + choice.time + (arrivals?.waitS ?? 0);
  } else {
    const schedule: Schedule = algorithm.schedule(ctx);
    const startAt = launch + choice.costs.baseLatencyS;
    const scheduled = groups.map((ranks, g) => ({
      ranks,
      schedule,
      startAt,
      ...(arrivals ? { rankReadyAt: (arrivals.delays[g] as number[]).map((d) => startAt + d) } : {}),
    }));
    const routing = request.routing ?? defaultRouting(system);
    if (system.failures) checkReachable(system, session.topoFor(routing), groups);
    // The transport's share of its line rate at this collective's step message, as the closed form took it.
    // A tree across domains sends NCCL's chunks at the transport's large-message share; what each waits is in the schedule's latency.
    const tree = algorithm.family === 'tree' && (ctx.hierarchy?.domains ?? 1) > 1 ? ctx.hierarchy?.tree : undefined;
    const scaleOutShare = tree?.share ?? ctx.scaleOutShare ?? 1;
    execution = executeSchedules(system, session.topoFor(routing), scheduled, {
      routing,
      maxSpans: request.traceSpans ?? 0,
      protocol: choice.costs,
      scaleOutShare,
      ...(session.backgroundPerGpu > 0 ? { backgroundPerGpu: session.backgroundPerGpu } : {}),
    });
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
    ...(arrivals ? { straggler: { waitUs: arrivals.waitS * 1e6, rank: arrivals.slowest, speed: system.gpuSpeed?.[arrivals.slowest] ?? 1 } } : {}),
  };
}

/**
 * Per group and rank, how long after the first rank each reaches the collective: the work before it takes
 * computeBeforeS / speed. Undefined on a system whose GPUs all run at nominal speed, or when that work is 0.
 * Example: 1 ms before, speeds [1, 0.8]: the second rank arrives 0.25 ms after the first.
 */
function arrivalDelays(
  system: System,
  groups: readonly (readonly number[])[],
  computeBeforeS: number | undefined,
): { delays: number[][]; waitS: number; slowest: number } | undefined {
  const speeds = system.gpuSpeed;
  if (!speeds) return undefined;
  if (computeBeforeS === undefined) {
    throw new ArgumentError(
      'computeBefore',
      'the system has slow GPUs, which delay a collective only through the work before it; give that work, e.g. 10ms (0 to ignore them)',
    );
  }
  if (!(computeBeforeS >= 0 && Number.isFinite(computeBeforeS))) {
    throw new ArgumentError('computeBefore', `expected a time of zero or more, received ${computeBeforeS}`);
  }
  if (computeBeforeS === 0) return undefined;
  const at = groups.map((g) => g.map((r) => computeBeforeS / (speeds[r] as number)));
  const first = at.reduce((m, g) => g.reduce((a, t) => Math.min(a, t), m), Number.POSITIVE_INFINITY);
  let slowest = groups[0]?.[0] ?? 0;
  let last = first;
  at.forEach((g, i) => {
    g.forEach((t, j) => {
      if (t > last) {
        last = t;
        slowest = groups[i]?.[j] as number;
      }
    });
  });
  return { delays: at.map((g) => g.map((t) => t - first)), waitS: last - first, slowest };
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

/**
 * Whether `k` copies of an evenly strided group (sorted, ranks `stride` apart) fit the system without overlap, as
 * concurrentGroups lays them out: a contiguous group shifts by its size, a strided one by one rank (copies overlap once
 * k exceeds the stride). False for any other group: the caller lists the copies and checks them one by one.
 */
function stridedCopiesFit(group: readonly number[], k: number, gpus: number): boolean {
  const first = group[0] as number;
  const last = group[group.length - 1] as number;
  const stride = group.length > 1 ? (group[1] as number) - first : 1;
  if (stride < 1 || last - first !== stride * (group.length - 1)) return false;
  for (let i = 2; i < group.length; i++) if ((group[i] as number) - (group[i - 1] as number) !== stride) return false;
  if (stride === 1) return last + (k - 1) * group.length < gpus;
  return k <= stride && last + k - 1 < gpus;
}

function checkDisjoint(groups: readonly (readonly number[])[], size: number, gpus: number): void {
  const all = groups.flat();
  for (const g of groups) {
    checkGroup(g, gpus);
    if (g.length !== size) throw new ConfigError(['groups'], `every concurrent group needs ${size} ranks, one has ${g.length}`);
  }
  if (new Set(all).size !== all.length) throw new ConfigError(['groups'], 'concurrent groups overlap: a rank is in two groups');
}
