/** A seeded pseudo-random stream (mulberry32) and its draws: uniform, exponential, normal, gamma, lognormal (serving, resilience, stragglers, placement). */

import { portableCos, portableExp, portableLog, portablePow } from './portable-math.js';

/**
 * Mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by a Weyl step and mixed; period 2^32, fast, and
 * the same sequence on every machine for a seed; the draws built on it take their logarithms and cosines from
 * portable-math.ts, so a browser draws the same bits as Node. Example: seed 1 first gives 0.6270739405881613.
 */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in (0, 1]: safe under a logarithm. */
  private open(): number {
    return 1 - this.next();
  }

  /** Exponential with the given mean: -mean ln U. */
  exponential(mean: number): number {
    return -mean * portableLog(this.open());
  }

  /** Standard normal by Box-Muller (one of the pair; the stream stays simple to replay). */
  normal(): number {
    return Math.sqrt(-2 * portableLog(this.open())) * portableCos(2 * Math.PI * this.next());
  }

  /**
   * Gamma with shape k and scale theta (mean k theta), by Marsaglia and Tsang (ACM TOMS 2000); shapes below 1 boosted
   * by U^(1/k).
   */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * portablePow(this.open(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      const u = this.open();
      if (portableLog(u) < 0.5 * x * x + d - d * v + d * portableLog(v)) return d * v * scale;
    }
  }

  /** Lognormal with the given mean and sigma of the underlying normal: exp(mu + sigma Z), mu = ln mean - sigma^2 / 2. */
  lognormal(mean: number, sigma: number): number {
    return portableExp(portableLog(mean) - (sigma * sigma) / 2 + sigma * this.normal());
  }

  /** A whole number uniform in [lo, hi]. */
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}
