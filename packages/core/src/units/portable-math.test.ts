/** Logarithm, exponential and power from IEEE arithmetic: as accurate as the engine's own, and the same bits everywhere. */

import { describe, expect, it } from 'vitest';
import { portableCos, portableExp, portableExpm1, portableLog, portablePow } from './portable-math.js';
import { Random } from './random.js';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('portable math', () => {
  it('portableLog and portableExp agree with the engine within 1e-15 over 20,000 draws from 1e-12 to 1e12', () => {
    const random = new Random(7);
    for (let i = 0; i < 20_000; i++) {
      const x = 10 ** (24 * random.next() - 12);
      expect(relative(portableLog(x), Math.log(x)) < 1e-15 || Math.abs(portableLog(x) - Math.log(x)) < 1e-15).toBe(true);
      const y = 1400 * random.next() - 700;
      expect(relative(portableExp(y), Math.exp(y))).toBeLessThan(1e-15);
    }
  });

  it('hits the exact cases: ln 1 = 0, ln 2^k = k ln 2, e^0 = 1, 0^p = 0', () => {
    expect(portableLog(1)).toBe(0);
    expect(portableLog(1024)).toBeCloseTo(10 * Math.LN2, 14);
    expect(portableExp(0)).toBe(1);
    expect(portablePow(0, 2.75)).toBe(0);
    expect(portablePow(2, 2)).toBeCloseTo(4, 14);
  });

  it('portablePow is x^p to 1e-14 for the overlap exponents the roofline uses', () => {
    const random = new Random(3);
    for (let i = 0; i < 5000; i++) {
      const x = 2 * random.next() + 1e-9;
      for (const p of [2.75, 1 / 2.75, 3, 0.5]) expect(relative(portablePow(x, p), x ** p)).toBeLessThan(1e-14);
    }
  });

  it('portableExpm1 and portableCos agree with the engine: expm1 to 1e-15 relative near 0, cos to 1e-15 absolute over whole turns', () => {
    const random = new Random(11);
    for (let i = 0; i < 20_000; i++) {
      const y = (random.next() - 0.5) * 10 ** (6 * random.next() - 5);
      expect(relative(portableExpm1(y), Math.expm1(y))).toBeLessThan(1e-15);
      const x = (random.next() - 0.5) * 40;
      expect(Math.abs(portableCos(x) - Math.cos(x))).toBeLessThan(1e-15);
    }
    expect(portableCos(0)).toBe(1);
    expect(portableExpm1(0)).toBe(0);
  });

  it("gives Math's answers at the edges: ln 0, ln of a negative, ln of a subnormal, e^y past the range", () => {
    expect(portableLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(relative(portableLog(5e-320), Math.log(5e-320))).toBeLessThan(1e-14);
    expect(portableExp(800)).toBe(Number.POSITIVE_INFINITY);
    expect(portableExp(-800)).toBe(0);
    expect(portableExp(Number.NaN)).toBeNaN();
  });
});
