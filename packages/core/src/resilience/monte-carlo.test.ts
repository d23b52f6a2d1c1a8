import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { expectedGoodput, type RecoveryPlan } from './expected.js';
import { monteCarlo, spread } from './monte-carlo.js';

const HOUR = 3_600;
const base: RecoveryPlan = {
  classes: [
    { key: 'gpu', ratePerS: 1 / (4 * HOUR), detectS: 60, repairS: 48 * HOUR, blastRadiusGpus: 8 },
    { key: 'software', ratePerS: 1 / (12 * HOUR), detectS: 600, repairS: 0, blastRadiusGpus: 0 },
  ],
  writeS: 3,
  restoreS: 60,
  intervalS: 300,
  restartS: 300,
  spareGpus: 1_024,
};
const options = { seed: 7, runs: 200, workS: 30 * 24 * HOUR };

describe('monteCarlo', () => {
  it('monteCarlo is bit-identical for the same seed and differs for another', () => {
    expect(monteCarlo(base, options)).toEqual(monteCarlo(base, options));
    expect(monteCarlo(base, { ...options, seed: 8 }).goodput.mean).not.toBe(monteCarlo(base, options).goodput.mean);
  });

  it("monteCarlo's mean goodput agrees with the closed form within 0.5% when spares never run out", () => {
    // Both price the same process: Poisson failures, segments lost, recoveries restarted by failures during them.
    const mc = monteCarlo(base, options);
    expect(Math.abs(mc.goodput.mean / expectedGoodput(base).goodput - 1)).toBeLessThan(0.005);
    expect(mc.goodput.p5).toBeLessThanOrEqual(mc.goodput.p50);
    expect(mc.goodput.p50).toBeLessThanOrEqual(mc.goodput.p95);
  });

  it('monteCarlo without spares waits a full repair after each GPU failure, as the closed form says', () => {
    // A GPU failure every 40 h, 8 h to repair, no spares: each waits the whole repair (failures during it add more).
    const none = { ...base, classes: [{ key: 'gpu', ratePerS: 1 / (40 * HOUR), detectS: 60, repairS: 8 * HOUR, blastRadiusGpus: 8 }], spareGpus: 0 };
    const mc = monteCarlo(none, { ...options, runs: 100 });
    expect(mc.waitHours.mean).toBeGreaterThan(0);
    expect(Math.abs(mc.goodput.mean / expectedGoodput(none).goodput - 1)).toBeLessThan(0.05);
    expect(mc.goodput.mean).toBeLessThan(monteCarlo({ ...none, spareGpus: 64 }, options).goodput.mean);
  });

  it('monteCarlo refuses a job that would practically never run (no spares, repairs far beyond the MTBF)', () => {
    expect(() => monteCarlo({ ...base, spareGpus: 0 }, options)).toThrow(/practically never runs/);
  });

  it('monteCarlo refuses a segment many times the MTBF instead of running for ever', () => {
    expect(() => monteCarlo({ ...base, intervalS: 1e6 }, options)).toThrow(ConfigError);
  });

  it('spread takes nearest-rank percentiles: 1..100 -> p5 5, p50 50, p95 95', () => {
    const s = spread(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect([s.p5, s.p50, s.p95, s.mean]).toEqual([5, 50, 95, 50.5]);
  });
});
