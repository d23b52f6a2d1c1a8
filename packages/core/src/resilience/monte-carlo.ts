/** Seeded Monte-Carlo run of a training job under failures: checkpoints, failures, waits for repaired GPUs, restarts; the spread of goodput and time to train. */

import { ConfigError } from '../base/errors.js';
import { Random } from '../units/random.js';
import { expectedGoodput, type FailureClass, type RecoveryPlan } from './expected.js';

export interface MonteCarloOptions {
  readonly seed: number;
  /** Independent runs of the whole job. */
  readonly runs: number;
  /** Useful compute the job needs, seconds. */
  readonly workS: number;
}

export interface Spread {
  readonly mean: number;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

export interface MonteCarloResult {
  readonly seed: number;
  readonly runs: number;
  readonly goodput: Spread;
  readonly wallDays: Spread;
  readonly interruptions: Spread;
  /** Mean hours a run waited for repaired GPUs. */
  readonly waitHours: Spread;
}

interface RunResult {
  readonly wallS: number;
  readonly interruptions: number;
  readonly waitS: number;
}

/**
 * Runs the job `runs` times from one seeded stream, so a seed gives the same numbers bit for bit. Each run: compute
 * in segments of the interval, each ended by a checkpoint write; failures arrive as a Poisson process of the summed
 * rate over wall time; a failure loses the segment in progress, takes its blast radius into repair, and the job
 * restarts once it is detected, enough GPUs are healthy (the job's plus the spares, less those in repair), and it has
 * relaunched and restored; a failure during that recovery starts it again.
 */
export function monteCarlo(plan: RecoveryPlan, options: MonteCarloOptions): MonteCarloResult {
  checkFinishes(plan);
  const random = new Random(options.seed);
  const results: RunResult[] = [];
  for (let r = 0; r < options.runs; r++) results.push(runOnce(plan, options.workS, random));
  return {
    seed: options.seed,
    runs: options.runs,
    goodput: spread(results.map((x) => options.workS / x.wallS)),
    wallDays: spread(results.map((x) => x.wallS / 86_400)),
    interruptions: spread(results.map((x) => x.interruptions)),
    waitHours: spread(results.map((x) => x.waitS / 3_600)),
  };
}

function runOnce(plan: RecoveryPlan, workS: number, random: Random): RunResult {
  const lambda = plan.classes.reduce((n, c) => n + c.ratePerS, 0);
  const segmentS = plan.intervalS + plan.writeS;
  const repairs: { endS: number; gpus: number }[] = [];
  let t = 0;
  let done = 0;
  let interruptions = 0;
  let waitS = 0;
  let failures = 0;
  let nextFailure = lambda > 0 ? random.exponential(1 / lambda) : Number.POSITIVE_INFINITY;
  while (done < workS) {
    // Whole segments that finish before the next failure, in one step.
    const left = workS - done;
    const whole = Math.min(Math.floor((nextFailure - t) / segmentS), Math.floor(left / plan.intervalS));
    if (whole > 0) {
      t += whole * segmentS;
      done += whole * plan.intervalS;
      continue;
    }
    const workNow = Math.min(plan.intervalS, left);
    if (t + workNow + plan.writeS <= nextFailure) {
      t += workNow + plan.writeS;
      done += workNow;
      continue;
    }
    // A failure: the segment in progress is lost; recover, starting again if another failure strikes meanwhile.
    t = nextFailure;
    interruptions++;
    for (;;) {
      if (++failures > MAX_FAILURES_PER_RUN)
        throw new ConfigError(
          ['spares'],
          `a run saw ${MAX_FAILURES_PER_RUN.toLocaleString('en-US')} failures without finishing: the job practically never runs; expected more spare GPUs or fewer GPUs`,
        );
      const failed = pick(plan.classes, lambda, random);
      if (failed.blastRadiusGpus > 0 && failed.repairS > 0) repairs.push({ endS: t + failed.repairS, gpus: failed.blastRadiusGpus });
      const detected = t + failed.detectS;
      const healthy = gpusBackAt(repairs, detected, plan.spareGpus);
      waitS += healthy - detected;
      const ready = healthy + plan.restartS + plan.restoreS;
      nextFailure = t + random.exponential(1 / lambda);
      if (nextFailure >= ready) {
        t = ready;
        break;
      }
      t = nextFailure;
    }
  }
  return { wallS: t, interruptions, waitS };
}

/**
 * A segment (interval plus checkpoint write) many times the mean time between failures almost never completes: at
 * lambda x segment = 20 a segment takes e^20 = 5e8 attempts. Refused rather than simulated for ever.
 */
export const MAX_SEGMENT_FAILURES = 20;

/** A run that sees this many failures is stopped: a safety net under the closed-form checks. */
const MAX_FAILURES_PER_RUN = 1_000_000;

/** Below this expected goodput the job practically never runs (no spares and repairs longer than the MTBF); refused too. */
export const MIN_GOODPUT = 1e-3;

function checkFinishes(plan: RecoveryPlan): void {
  const lambda = plan.classes.reduce((n, c) => n + c.ratePerS, 0);
  const segmentS = plan.intervalS + plan.writeS;
  const expected = expectedGoodput(plan);
  if (lambda * segmentS <= MAX_SEGMENT_FAILURES && expected.goodput < MIN_GOODPUT) {
    throw new ConfigError(
      ['spares'],
      `expected goodput ${expected.goodput.toExponential(1)}: failures come every ${(1 / lambda / 3_600).toPrecision(3)} h and ${(expected.waitProbability * 100).toFixed(0)}% of them wait ${(expected.waitS / 3_600).toPrecision(3)} h for repaired GPUs, so the job practically never runs; expected more spare GPUs or fewer GPUs`,
    );
  }
  if (lambda * segmentS > MAX_SEGMENT_FAILURES) {
    throw new ConfigError(
      ['checkpoint'],
      `a checkpoint interval of ${segmentS.toPrecision(3)} s with its write (${plan.writeS.toPrecision(3)} s) is ${(lambda * segmentS).toFixed(0)} times the mean time between failures (${(1 / lambda).toPrecision(3)} s): the job would practically never finish a segment; expected a shorter interval, a faster storage path or fewer GPUs`,
    );
  }
}

/** The first moment from `fromS` at which the GPUs in repair fit within the spares (repairs that ended are dropped). */
function gpusBackAt(repairs: { endS: number; gpus: number }[], fromS: number, spareGpus: number): number {
  let live = repairs.filter((r) => r.endS > fromS);
  repairs.length = 0;
  repairs.push(...live);
  let inRepair = live.reduce((n, r) => n + r.gpus, 0);
  if (inRepair <= spareGpus) return fromS;
  live = [...live].sort((a, b) => a.endS - b.endS);
  for (const r of live) {
    inRepair -= r.gpus;
    if (inRepair <= spareGpus) return r.endS;
  }
  return fromS;
}

function pick(classes: readonly FailureClass[], lambda: number, random: Random): FailureClass {
  let u = random.next() * lambda;
  for (const c of classes) {
    u -= c.ratePerS;
    if (u < 0) return c;
  }
  return classes[classes.length - 1] as FailureClass;
}

/** Mean and the 5th, 50th and 95th percentiles (nearest rank). */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
  return { mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, p5: at(0.05), p50: at(0.5), p95: at(0.95) };
}
