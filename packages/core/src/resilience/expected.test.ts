import { describe, expect, it } from 'vitest';
import { expectedGoodput, type FailureClass, type RecoveryPlan, youngInterval } from './expected.js';

const HOUR = 3_600;
const one = (over: Partial<FailureClass> = {}): FailureClass => ({ key: 'gpu', ratePerS: 1 / (3 * HOUR), detectS: 0, repairS: 0, blastRadiusGpus: 0, ...over });
const plan = (over: Partial<RecoveryPlan> = {}): RecoveryPlan => ({
  classes: [one()],
  writeS: 2.8,
  restoreS: 0,
  intervalS: youngInterval(2.8, 3 * HOUR),
  restartS: 1_200,
  spareGpus: 0,
  ...over,
});

describe('youngInterval', () => {
  it('youngInterval is sqrt(2 C M): 2.8 s of write at a 3 h MTBF -> 246 s', () => {
    expect(youngInterval(2.8, 3 * HOUR)).toBeCloseTo(Math.sqrt(2 * 2.8 * 10_800), 9);
    expect(youngInterval(2.8, 3 * HOUR)).toBeCloseTo(245.93, 2);
  });
});

describe('expectedGoodput', () => {
  it('expectedGoodput matches the worked example: 20 min recovery every 3 h at the Young interval -> 87.5%', () => {
    expect(expectedGoodput(plan()).goodput).toBeCloseTo(0.8746, 4);
    expect(expectedGoodput(plan()).recoveryS / 60).toBeCloseTo(21.15, 2);
  });

  it('expectedGoodput without failures loses only the checkpoint writes: tau / (tau + C)', () => {
    const g = expectedGoodput(plan({ classes: [one({ ratePerS: 0 })] }));
    expect(g.goodput).toBeCloseTo(245.93 / (245.93 + 2.8), 4);
  });

  it("expectedGoodput at rare failures approaches Young's first-order waste C/tau + lambda (tau/2 + D)", () => {
    // Expected because Daly's form expands to that when lambda (tau + C + D) is small.
    const lambda = 1 / (1_000 * HOUR);
    const tau = 600;
    const g = expectedGoodput(plan({ classes: [one({ ratePerS: lambda })], intervalS: tau, restartS: 600 }));
    const firstOrder = 2.8 / tau + lambda * (tau / 2 + 600);
    expect(1 - g.goodput).toBeCloseTo(firstOrder, 4);
  });

  it('expectedGoodput without spares waits one repair for every failure that takes GPUs out', () => {
    const g = expectedGoodput(plan({ classes: [one({ repairS: 8 * HOUR, blastRadiusGpus: 8 })] }));
    expect(g.waitProbability).toBe(1);
    expect(g.waitS).toBe(8 * HOUR);
  });

  it('expectedGoodput with spares far beyond the GPUs in repair hardly ever waits', () => {
    // On average 1/3 h x 8 h = 2.7 OS images of 8 GPUs are in repair; 512 spare GPUs cover 64 of them.
    const g = expectedGoodput(plan({ classes: [one({ repairS: 8 * HOUR, blastRadiusGpus: 8 })], spareGpus: 512 }));
    expect(g.waitProbability).toBeLessThan(1e-12);
    const some = expectedGoodput(plan({ classes: [one({ repairS: 8 * HOUR, blastRadiusGpus: 8 })], spareGpus: 16 }));
    // Room for 1 more image in repair when one fails: wait when 2 or more are in repair, P(N >= 2) for N ~ Poisson(2.67).
    const m = 8 / 3;
    expect(some.waitProbability).toBeCloseTo(1 - Math.exp(-m) * (1 + m), 9);
  });
});
