/** `shareCluster`: jobs placed on one system run their collectives at once on the flow engine; each job's slowdown against running alone. */

import { ConfigError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import type { CollectiveOp } from '../collectives/types.js';
import { busBandwidthFactor } from '../collectives/types.js';
import { COLLECTIVE_LAUNCH_S } from '../comm/calibration.js';
import { type CollectiveChoice, chooseCollective } from '../comm/choice.js';
import type { GroupShape } from '../comm/context.js';
import { checkReachable } from '../comm/degraded.js';
import { defaultRouting, executeSchedules, type ScheduledGroup } from '../comm/execute.js';
import { CollectiveSession } from '../comm/run.js';
import { didYouMean } from '../registry/did-you-mean.js';
import { UnknownNameError } from '../registry/registry.js';
import type { System } from '../system/system.js';
import type { RoutingMode } from '../topology/ecmp.js';
import type { Bytes } from '../units/units.js';
import type { Job } from './jobs.js';
import { placeJobs, placementPolicies } from './placement.js';

export interface ShareOptions {
  /** A placement policy (see placementPolicies). Default packed. */
  readonly placement?: string;
  /** Seed of the policies that draw (random). Default 1. */
  readonly seed?: number;
  /** Default: the fabric's own (adaptive on InfiniBand, ECMP on Ethernet). */
  readonly routing?: RoutingMode;
  /** Pay the per-call launch cost (false for CUDA-graph captured runs). Default true. */
  readonly launch?: boolean;
  /** Where the jobs and the placement were given, for errors: `jobs` and `placement` unless said (`--job`, `args.jobs`). */
  readonly fields?: { readonly jobs?: string; readonly placement?: string };
}

export interface SharedJob {
  readonly name: string;
  readonly op: CollectiveOp;
  readonly gpus: number;
  /** Size in the nccl-tests convention, bytes. */
  readonly bytes: number;
  /** Scale-up domains the job's GPUs sit in, and the fewest and most of its GPUs in one of them. */
  readonly domains: number;
  readonly gpusPerDomain: { readonly min: number; readonly max: number };
  readonly firstRank: number;
  readonly lastRank: number;
  readonly algorithm: string;
  readonly protocol: string;
  /** The job's collective on its GPUs with the rest of the cluster idle, us. */
  readonly aloneUs: number;
  /** The same collective while every job runs its own at once, us. */
  readonly sharedUs: number;
  /** sharedUs / aloneUs: 1 where the jobs share no busy link. */
  readonly slowdown: number;
  readonly aloneBusbwGBps: number;
  readonly sharedBusbwGBps: number;
}

export interface ShareReport {
  readonly system: string;
  readonly gpus: number;
  readonly domainSize: number;
  readonly placement: string;
  readonly seed: number;
  readonly routing: RoutingMode;
  readonly jobs: readonly SharedJob[];
  /** When the last job's collective ends in the shared run, us. */
  readonly makespanUs: number;
  readonly maxSlowdown: number;
  readonly meanSlowdown: number;
  /** Each job's GPU ranks, ascending: the placement itself. */
  readonly ranks: readonly (readonly number[])[];
}

/**
 * Places the jobs, picks each job's algorithm and protocol as runCollective does (NCCL's tuner on the job's own
 * group), then runs every job's schedule together in one flow simulation, where jobs that share a link share its
 * rate max-min fairly, and each job alone on the same GPUs. Flow fidelity only: in closed form jobs never meet.
 * Example: two all-to-alls spread over two leaves send half their bytes through the same 7 uplinks; together they
 * push twice the bytes through them, so each takes twice as long as alone (share.test.ts).
 */
export function shareCluster(system: System, jobs: readonly Job[], options: ShareOptions = {}): ShareReport {
  const { placement, seed, jobsField } = checkOptions(system, options);
  const ranks = placeJobs(placement, {
    gpus: system.gpus,
    domainSize: system.spec.scaleUp.domainSize,
    jobGpus: jobs.map((j) => j.gpus),
    seed,
    field: jobsField,
  });
  const session = new CollectiveSession(system);
  const routing = options.routing ?? defaultRouting(system);
  const topo = session.topoFor(routing);
  if (system.failures) checkReachable(system, topo, ranks);
  const launch = options.launch === false ? 0 : COLLECTIVE_LAUNCH_S * system.spec.collectives.latencyScale;
  const planned = jobs.map((job, i) => planJob(session, job, ranks[i] as number[], `${jobsField}.${i}`, launch));
  const shared = executeSchedules(
    system,
    topo,
    planned.map((p) => p.group),
    { routing },
  );
  const reports = planned.map(({ shape, choice, group }, i) => {
    // Alone, the job keeps its place among the groups (the others idle): ECMP salts each flow's hash with its group's
    // index, so the job's flows take the same paths as in the shared run and only the other jobs' traffic differs.
    const idle = planned.slice(0, i).map((p) => ({ ...p.group, schedule: { transfers: [] } }));
    const alone = executeSchedules(system, topo, [...idle, group], { routing }).groupEnd[i] as number;
    return jobReport(jobs[i] as Job, shape, choice, alone, shared.groupEnd[i] as number);
  });
  const slowdowns = reports.map((r) => r.slowdown);
  return {
    system: system.spec.name,
    gpus: system.gpus,
    domainSize: system.spec.scaleUp.domainSize,
    placement,
    seed,
    routing,
    jobs: reports,
    makespanUs: shared.makespan * 1e6,
    maxSlowdown: Math.max(...slowdowns),
    meanSlowdown: slowdowns.reduce((a, b) => a + b, 0) / slowdowns.length,
    ranks: planned.map((p) => p.shape.ranks),
  };
}

/** The placement, seed and field names of a run, checked: each error names its field, the value and what was expected. */
function checkOptions(system: System, options: ShareOptions): { placement: string; seed: number; jobsField: string } {
  const placement = options.placement ?? 'packed';
  if (!placementPolicies.has(placement)) {
    const near = didYouMean(placement, placementPolicies.ids);
    throw new ConfigError(
      [options.fields?.placement ?? 'placement'],
      `${excerpt(placement)} is not a placement policy${near ? ` (did you mean '${near}'?)` : ''}; expected one of ${placementPolicies.ids.join(', ')}`,
    );
  }
  if (system.gpuSpeed) {
    throw new ConfigError(
      ['stragglers', 'gpus'],
      'slow GPUs delay a collective only through the work before it, and a shared run starts every rank at once; expected a system without slow GPUs (slow links apply)',
    );
  }
  const seed = options.seed ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new ConfigError(['seed'], `expected a whole number from 0 to 2^32 - 1, received ${seed}`);
  return { placement, seed, jobsField: options.fields?.jobs ?? 'jobs' };
}

/** A job on its GPUs: their shape, the algorithm and protocol NCCL's tuner would pick, and the schedule it runs. */
function planJob(session: CollectiveSession, job: Job, ranks: number[], where: string, launchS: number) {
  const shape = session.shapeOf(ranks);
  const choice = choose(session.system, job, shape, where);
  const group: ScheduledGroup = {
    ranks: shape.ranks,
    schedule: choice.algorithm.schedule(choice.ctx),
    startAt: launchS + choice.costs.baseLatencyS,
    protocol: choice.costs,
  };
  return { shape, choice, group };
}

/** The job's algorithm and protocol on its own group; a choice that cannot run names the job (`jobs.1: ...`). */
function choose(system: System, job: Job, shape: GroupShape, where: string): CollectiveChoice {
  try {
    return chooseCollective(system, job.op, shape, job.bytes as Bytes, job.algorithm, job.protocol);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UnknownNameError) throw new ConfigError([where], `${job.name}: ${error.message}`);
    throw error;
  }
}

function jobReport(job: Job, shape: GroupShape, choice: CollectiveChoice, aloneS: number, sharedS: number): SharedJob {
  const factor = busBandwidthFactor(job.op, job.gpus);
  const busbw = (s: number) => ((job.bytes / s) * factor) / 1e9;
  return {
    name: job.name,
    op: job.op,
    gpus: job.gpus,
    bytes: job.bytes,
    domains: shape.perDomain.length,
    gpusPerDomain: { min: Math.min(...shape.perDomain), max: Math.max(...shape.perDomain) },
    firstRank: shape.ranks[0] as number,
    lastRank: shape.ranks[shape.ranks.length - 1] as number,
    algorithm: choice.algorithm.name,
    protocol: choice.protocol,
    aloneUs: aloneS * 1e6,
    sharedUs: sharedS * 1e6,
    slowdown: sharedS / aloneS,
    aloneBusbwGBps: busbw(aloneS),
    sharedBusbwGBps: busbw(sharedS),
  };
}
