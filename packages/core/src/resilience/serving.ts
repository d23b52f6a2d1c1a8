/** Serving under failures: how often the replicas of a deployment go down, for how long, and the capacity left on average and at the worst 1% of moments. */

import { ConfigError } from '../base/errors.js';
import { systemFailures } from '../system/failures.js';
import type { System } from '../system/system.js';
import { portableExp } from '../units/portable-math.js';
import type { BytesPerSecond } from '../units/units.js';
import { DEFAULT_STORAGE_BANDWIDTH, hostsStorageBandwidth } from './checkpoint.js';
import { type FailureClass, repairWaits } from './expected.js';

/**
 * Starting an inference engine on its GPUs once it has them: process and container start, communicator setup, CUDA
 * graph capture and warm-up: 5 minutes (assumption, as a training job's restart), before the weights load.
 */
export const DEFAULT_SERVE_RESTART_S = 300;

/** Scale-out components: a replica inside one scale-up domain never sends its traffic over them. */
const SCALE_OUT = new Set(['scale-out-switch', 'link', 'optics']);

export interface ServingDeployment {
  readonly gpusPerReplica: number;
  readonly replicas: number;
  /** Bytes of weights each GPU of a replica loads when the replica starts. */
  readonly weightsBytesPerGpu: number;
}

export interface ServingAvailabilityOptions {
  /** Healthy GPUs beyond the deployment's, ready to take a failed replica's place. */
  readonly spareGpus?: number;
  readonly restartS?: number;
  readonly storageBandwidth?: BytesPerSecond;
}

export interface ReplicaOutageClass {
  readonly key: string;
  /** Failures of this component per day that stop replicas. */
  readonly failuresPerDay: number;
  /** Replicas one failure stops. */
  readonly replicasPerFailure: number;
  /** Mean outage of each: detection, any wait for repaired GPUs, restart, weight reload. */
  readonly outageS: number;
}

export interface ServingAvailability {
  readonly replicas: number;
  readonly gpusPerReplica: number;
  readonly spareGpus: number;
  /** Failures per day that stop at least one replica. */
  readonly failuresPerDay: number;
  /** Mean time between outages of one replica. */
  readonly replicaMtbfHours: number;
  readonly restartS: number;
  /** Loading a replica's weights from storage, at the lower of the storage bandwidth and the replica's hosts' NICs. */
  readonly reloadS: number;
  /** Mean outage of a stopped replica, over all failures. */
  readonly meanOutageS: number;
  /** Share of failures that find too few spare GPUs and wait for a repair. */
  readonly waitProbability: number;
  /** Share of replica-time up: the expected share of the deployment's capacity. */
  readonly availability: number;
  readonly replicasDownMean: number;
  /** Replicas down at the 99th-percentile moment (more are down 1% of the time or less). */
  readonly replicasDownP99: number;
  /** Share of the deployment's replicas up at that moment. */
  readonly capacityP99: number;
  readonly classes: readonly ReplicaOutageClass[];
}

/**
 * Each interrupting failure of the deployment's GPUs (the system's rates times the share of its GPUs the replicas
 * use) stops the replicas in its blast radius: one replica where the radius is smaller than a replica (or nothing is
 * taken out: a software fault), radius / replica size where it holds several (a 32-GPU OS image under TP 8 replicas:
 * 4). A replica inside one scale-up domain is not stopped by the scale-out switches, links or optics: none of its
 * traffic crosses them (assumption: requests arrive over the front-end NICs, which the NIC rate covers). Each stopped
 * replica is out for detection, the wait for repaired GPUs when the spares are in use (the same compound-Poisson
 * count of GPUs in repair as for training), restart and reload. Replicas down at a random moment are then a compound
 * Poisson count too (M/G/infinity per class, batches of replicasPerFailure): its mean gives the availability, Panjer's
 * recursion its 99th percentile.
 * Example: 8-GPU replicas on HGX H100, no spares: a GPU failure (9.23 per million GPU-hours) stops one replica for
 * its 48 h repair, so each replica is out 8 x 9.23e-6 per hour x 48 h = 0.35% of the time for GPU faults alone.
 */
export function servingAvailability(system: System, deployment: ServingDeployment, options: ServingAvailabilityOptions = {}): ServingAvailability {
  const { gpusPerReplica: g, replicas } = deployment;
  if (!(Number.isInteger(g) && g >= 1)) throw new ConfigError(['gpusPerReplica'], `expected a whole number >= 1, received ${g}`);
  if (!(Number.isInteger(replicas) && replicas >= 1)) throw new ConfigError(['replicas'], `expected a whole number >= 1, received ${replicas}`);
  if (replicas * g > system.gpus)
    throw new ConfigError(['replicas'], `${replicas} replicas of ${g} GPUs need ${replicas * g} GPUs; the system has ${system.gpus}`);
  const spareGpus = options.spareGpus ?? 0;
  if (!(spareGpus >= 0)) throw new ConfigError(['spares'], `expected a whole number >= 0, received ${spareGpus}`);
  const restartS = options.restartS ?? DEFAULT_SERVE_RESTART_S;
  const used = (replicas * g) / system.gpus;
  const inDomain = g <= system.spec.scaleUp.domainSize;
  const stopping = systemFailures(system).components.filter((c) => c.interrupts && c.failuresPerDay > 0 && !(inDomain && SCALE_OUT.has(c.key)));
  const failureClasses: FailureClass[] = stopping.map((c) => ({
    key: c.key,
    ratePerS: (c.failuresPerDay * used) / 86_400,
    detectS: c.detectS,
    repairS: c.repairS,
    blastRadiusGpus: c.blastRadiusGpus,
  }));
  const storage = options.storageBandwidth ?? (system.spec.dcn?.storageBandwidth as BytesPerSecond | undefined) ?? DEFAULT_STORAGE_BANDWIDTH;
  const replicaBytes = deployment.weightsBytesPerGpu * g;
  const replicaNics = (hostsStorageBandwidth(system) * g) / system.gpus;
  const remoteReloadS = Math.max(replicaBytes / Math.min(storage, replicaNics), deployment.weightsBytesPerGpu / system.spec.server.hostLinkBandwidth);
  // Drives pooled on the scale-up switches outlive the failed servers and hold the weights: the replica's new GPUs read
  // them over the fabric. Drives inside the servers left with the failed ones: the weights come from storage.
  const ssd = system.spec.ssd;
  const reloadS =
    ssd?.attach === 'scale-up'
      ? Math.max(
          replicaBytes / (Math.ceil(g / system.spec.scaleUp.domainSize) * ssd.drives * ssd.readBandwidth),
          deployment.weightsBytesPerGpu / system.scaleUp.provisionedPerGpu,
        )
      : remoteReloadS;
  const waits = repairWaits(failureClasses, spareGpus);
  const classes = failureClasses.map((c, i): ReplicaOutageClass & { waitProbability: number } => {
    const wait = waits[i] as { probability: number; waitS: number };
    return {
      key: c.key,
      failuresPerDay: c.ratePerS * 86_400,
      replicasPerFailure: c.blastRadiusGpus <= g ? 1 : Math.min(replicas, Math.ceil(c.blastRadiusGpus / g)),
      outageS: c.detectS + wait.waitS + restartS + reloadS,
      waitProbability: wait.probability,
    };
  });
  const failuresPerDay = classes.reduce((n, c) => n + c.failuresPerDay, 0);
  const outagesPerDay = classes.reduce((n, c) => n + c.failuresPerDay * c.replicasPerFailure, 0);
  const downMean = classes.reduce((n, c) => n + (c.failuresPerDay / 86_400) * c.outageS * c.replicasPerFailure, 0);
  const downP99 = compoundPoissonQuantile(
    classes.map((c) => ({ batch: c.replicasPerFailure, mean: (c.failuresPerDay / 86_400) * c.outageS })),
    0.99,
    replicas,
  );
  return {
    replicas,
    gpusPerReplica: g,
    spareGpus,
    failuresPerDay,
    replicaMtbfHours: outagesPerDay > 0 ? (24 * replicas) / outagesPerDay : Number.POSITIVE_INFINITY,
    restartS,
    reloadS,
    meanOutageS: outagesPerDay > 0 ? classes.reduce((n, c) => n + c.failuresPerDay * c.replicasPerFailure * c.outageS, 0) / outagesPerDay : 0,
    waitProbability: failuresPerDay > 0 ? classes.reduce((n, c) => n + c.failuresPerDay * c.waitProbability, 0) / failuresPerDay : 0,
    availability: Math.max(0, 1 - downMean / replicas),
    replicasDownMean: Math.min(replicas, downMean),
    replicasDownP99: downP99,
    capacityP99: (replicas - downP99) / replicas,
    classes: classes.map(({ waitProbability: _, ...c }) => c),
  };
}

/**
 * The smallest n with P(N <= n) >= q for N = sum_k batch_k x Poisson(mean_k), capped at `cap`, by Panjer's
 * recursion: p(0) = e^(-sum mean_k), p(n) = (1/n) sum_k batch_k mean_k p(n - batch_k).
 */
export function compoundPoissonQuantile(classes: readonly { batch: number; mean: number }[], q: number, cap: number): number {
  const total = classes.reduce((n, c) => n + c.mean, 0);
  if (total > 500) {
    // e^(-total) underflows: the count is then near normal (z = 2.326 at 0.99; other q are not asked for).
    const mean = classes.reduce((n, c) => n + c.batch * c.mean, 0);
    const sd = Math.sqrt(classes.reduce((n, c) => n + c.batch * c.batch * c.mean, 0));
    return Math.min(cap, Math.ceil(mean + 2.326 * sd));
  }
  const p = new Float64Array(cap + 1);
  p[0] = portableExp(-total);
  let cumulative = p[0] as number;
  if (cumulative >= q) return 0;
  for (let n = 1; n <= cap; n++) {
    let sum = 0;
    for (const c of classes) if (c.batch <= n) sum += c.batch * c.mean * (p[n - c.batch] as number);
    p[n] = sum / n;
    cumulative += p[n] as number;
    if (cumulative >= q) return n;
  }
  return cap;
}
