/** Expected goodput under failures in closed form: Young's checkpoint interval, Daly's expected segment time, and waits for repairs when spares run out. */

import { portableExp, portableExpm1 } from '../units/portable-math.js';

/** One kind of interrupting failure of a job, as the Monte-Carlo run and the closed form both read it. */
export interface FailureClass {
  readonly key: string;
  /** Failures per second over the job's components. */
  readonly ratePerS: number;
  readonly detectS: number;
  readonly repairS: number;
  /** GPUs out of service until repaired. */
  readonly blastRadiusGpus: number;
}

export interface RecoveryPlan {
  readonly classes: readonly FailureClass[];
  /** Time to write one checkpoint (the job stops while it writes). */
  readonly writeS: number;
  readonly restoreS: number;
  /** Useful compute between checkpoints. */
  readonly intervalS: number;
  /** Relaunching the job once it has its GPUs: scheduling, process start, communicator setup. */
  readonly restartS: number;
  /** Healthy GPUs beyond the job's, ready to stand in for a failed blast radius. */
  readonly spareGpus: number;
}

export interface ExpectedGoodput {
  /** Useful compute over wall time. */
  readonly goodput: number;
  /** Share of wall time spent writing checkpoints. */
  readonly checkpointShare: number;
  /** Mean time from a failure to training again (detection, wait for GPUs, restart, restore), failures during it included. */
  readonly recoveryS: number;
  /** Mean wait for repaired GPUs per failure, over all failures. */
  readonly waitS: number;
  /** Share of failures that find too few spares and wait for a repair. */
  readonly waitProbability: number;
}

/**
 * Young's optimum (J. W. Young, 'A first order approximation to the optimum checkpoint interval', CACM 17(9),
 * 1974): tau = sqrt(2 C M). Example: C = 2.8 s, M = 3 h -> sqrt(2 x 2.8 x 10,800) = 246 s.
 */
export function youngInterval(writeS: number, mtbfS: number): number {
  return Math.sqrt(2 * writeS * mtbfS);
}

/**
 * Daly's expected time to finish one segment of tau useful seconds plus its checkpoint C under Poisson failures of
 * rate lambda (J. T. Daly, 'A higher order estimate of the optimum checkpoint interval for restart dumps', FGCS 22,
 * 2006): attempts fail e^(lambda (tau + C)) - 1 times on average, each costing 1/lambda of expected run before it
 * plus the recovery R; so E[T] = (e^(lambda (tau + C)) - 1) (1/lambda + E[R]), and goodput = tau / E[T].
 * A failure during a recovery starts it again: with recovery D_i for class i (weight p_i = lambda_i / lambda),
 * E[R] = sum p_i (1 - e^(-lambda D_i)) / lambda / sum p_i e^(-lambda D_i) (for one fixed D: (e^(lambda D) - 1) / lambda).
 * Example: lambda = 1 / 3 h, tau = 246 s, C = 2.8 s, D = 20 min -> E[R] = 21.2 min, E[T] = (e^(248.7 / 10,800) - 1)
 * x (10,800 + 1,269) s = 281.2 s: goodput 87.5%.
 */
export function expectedGoodput(plan: RecoveryPlan): ExpectedGoodput {
  const lambda = plan.classes.reduce((n, c) => n + c.ratePerS, 0);
  const segment = plan.intervalS + plan.writeS;
  if (lambda === 0) return { goodput: plan.intervalS / segment, checkpointShare: plan.writeS / segment, recoveryS: 0, waitS: 0, waitProbability: 0 };
  const waits = repairWaits(plan.classes, plan.spareGpus);
  let completes = 0;
  let failsWithin = 0;
  let waitS = 0;
  let waitProbability = 0;
  plan.classes.forEach((c, i) => {
    const p = c.ratePerS / lambda;
    const w = waits[i] as { probability: number; waitS: number };
    const d = c.detectS + w.waitS + plan.restartS + plan.restoreS;
    completes += p * portableExp(-lambda * d);
    failsWithin += p * -portableExpm1(-lambda * d);
    waitS += p * w.waitS;
    waitProbability += p * w.probability;
  });
  const recoveryS = failsWithin / lambda / completes;
  const expectedSegmentS = portableExpm1(lambda * segment) * (1 / lambda + recoveryS);
  const goodput = plan.intervalS / expectedSegmentS;
  return { goodput, checkpointShare: (goodput * plan.writeS) / plan.intervalS, recoveryS, waitS, waitProbability };
}

/**
 * GPUs under repair at a random moment are a compound Poisson count (an M/G/infinity queue per class: on average
 * lambda_k x repair_k blast radii of b_k GPUs each). A failure of blast radius b waits when those plus b exceed the
 * spares. One larger than the spares waits its own repair (exact with no spares); one the spares could cover waits for
 * repairs in progress to come back, on average half a repair (the residual of a fixed repair time; the Monte-Carlo run
 * times the real wait). A failure with nothing to repair waits when the GPUs in repair alone exceed the spares. Panjer's recursion gives the distribution up to the spares:
 * g(0) = e^(-sum m_k), g(n) = (1/n) sum_k b_k m_k g(n - b_k), with m_k = lambda_k repair_k.
 */
export function repairWaits(classes: readonly FailureClass[], spareGpus: number): { probability: number; waitS: number }[] {
  const spares = Math.floor(spareGpus);
  const held = classes.filter((c) => c.blastRadiusGpus > 0 && c.repairS > 0).map((c) => ({ b: c.blastRadiusGpus, m: c.ratePerS * c.repairS }));
  const g = new Float64Array(spares + 1);
  g[0] = portableExp(-held.reduce((n, h) => n + h.m, 0));
  for (let n = 1; n <= spares; n++) {
    let sum = 0;
    for (const h of held) if (h.b <= n) sum += h.b * h.m * (g[n - h.b] as number);
    g[n] = sum / n;
  }
  const cumulative = new Float64Array(spares + 1);
  let running = 0;
  for (let n = 0; n <= spares; n++) {
    running += g[n] as number;
    cumulative[n] = Math.min(1, running);
  }
  // A failure that takes no GPUs out still waits while more GPUs are in repair than the spares cover: on average
  // half a repair of those in progress (the residual of a fixed repair time).
  const heldMean = held.reduce((n, h) => n + h.m, 0);
  const residualS = heldMean > 0 ? classes.reduce((n, c) => n + (c.blastRadiusGpus > 0 ? c.ratePerS * c.repairS * c.repairS : 0), 0) / heldMean / 2 : 0;
  const overflow = (room: number) => (room < 0 ? 1 : Math.max(0, 1 - (cumulative[Math.min(room, spares)] as number)));
  return classes.map((c) => {
    if (c.blastRadiusGpus === 0 || c.repairS === 0) {
      const probability = heldMean > 0 ? overflow(spares) : 0;
      return { probability, waitS: probability * residualS };
    }
    const probability = overflow(spares - c.blastRadiusGpus);
    // Past the spares outright it waits its own repair; otherwise until enough earlier repairs, or its own, come back.
    return { probability, waitS: probability * (c.blastRadiusGpus > spares ? c.repairS : Math.min(c.repairS, residualS)) };
  });
}
