import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const draw = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('Random', () => {
  it('Random gives the same stream for the same seed and another for another seed', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const first = draw(5, () => a.next());
    expect(draw(5, () => b.next())).toEqual(first);
    expect(draw(5, () => c.next())).not.toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });

  it('Random.exponential, .gamma and .lognormal have the means they are asked for (100,000 draws, within 2%)', () => {
    // Law of large numbers: standard errors are ~0.3% (exponential, CV 1), ~0.6% (gamma shape 0.25, CV 2), ~0.4% (lognormal sigma 1).
    const r = new Random(42);
    expect(mean(draw(100_000, () => r.exponential(3))) / 3).toBeCloseTo(1, 1);
    const g = draw(100_000, () => r.gamma(0.25, 4));
    expect(Math.abs(mean(g) / 1 - 1)).toBeLessThan(0.02);
    expect(Math.abs(mean(draw(100_000, () => r.lognormal(500, 1))) / 500 - 1)).toBeLessThan(0.02);
  });

  it('Random.gamma with shape 1/CV^2 has the coefficient of variation CV', () => {
    // Bursty arrivals: gaps of shape 0.25 have CV 2 (variance = mean^2 / shape).
    const r = new Random(3);
    const g = draw(100_000, () => r.gamma(0.25, 4));
    const m = mean(g);
    const cv = Math.sqrt(mean(g.map((x) => (x - m) ** 2))) / m;
    expect(Math.abs(cv - 2)).toBeLessThan(0.08);
  });
});
