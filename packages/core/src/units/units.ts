/** Units as branded number types, with constructors that say the unit at the call site. */

/**
 * A number that carries its unit in its type; arithmetic drops the brand, so re-wrap results. The brand is a property
 * no value has (types only), named so declaration files can spell it.
 */
export type Quantity<U extends string> = number & { readonly __unit: U };

export type Bytes = Quantity<'B'>;
export type Seconds = Quantity<'s'>;
export type BytesPerSecond = Quantity<'B/s'>;
export type FlopsPerSecond = Quantity<'FLOP/s'>;
export type Flops = Quantity<'FLOP'>;
export type Watts = Quantity<'W'>;
export type Usd = Quantity<'USD'>;
export type Meters = Quantity<'m'>;

/** The one relative tolerance for float comparisons across the project. */
export const REL_TOLERANCE = 1e-9;

export function approxEqual(a: number, b: number, rel: number = REL_TOLERANCE): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

// Sizes. Decimal (kB, MB, GB) follow SI; binary (KiB, MiB, GiB) follow IEC.
export const bytes = (n: number) => n as Bytes;
export const kb = (n: number) => (n * 1e3) as Bytes;
export const mb = (n: number) => (n * 1e6) as Bytes;
export const gb = (n: number) => (n * 1e9) as Bytes;
export const tb = (n: number) => (n * 1e12) as Bytes;
export const kib = (n: number) => (n * 1024) as Bytes;
export const mib = (n: number) => (n * 1024 ** 2) as Bytes;
export const gib = (n: number) => (n * 1024 ** 3) as Bytes;
export const tib = (n: number) => (n * 1024 ** 4) as Bytes;

// Time.
export const seconds = (n: number) => n as Seconds;
export const ms = (n: number) => (n * 1e-3) as Seconds;
export const us = (n: number) => (n * 1e-6) as Seconds;
export const ns = (n: number) => (n * 1e-9) as Seconds;

// Rates. Network rates are quoted in bits (Gbit/s), memory and NVLink in bytes (GB/s).
export const bytesPerSecond = (n: number) => n as BytesPerSecond;
export const gbps = (gbitPerS: number) => ((gbitPerS * 1e9) / 8) as BytesPerSecond;
export const tbps = (tbitPerS: number) => ((tbitPerS * 1e12) / 8) as BytesPerSecond;
export const gBps = (gbytePerS: number) => (gbytePerS * 1e9) as BytesPerSecond;
export const tBps = (tbytePerS: number) => (tbytePerS * 1e12) as BytesPerSecond;

// Compute.
export const flops = (n: number) => n as Flops;
export const tflops = (n: number) => (n * 1e12) as FlopsPerSecond;
export const pflops = (n: number) => (n * 1e15) as FlopsPerSecond;

// Power and money.
export const watts = (n: number) => n as Watts;
export const kw = (n: number) => (n * 1e3) as Watts;
export const usd = (n: number) => n as Usd;
export const meters = (n: number) => n as Meters;

// Conversions out, for reports.
export const toGbps = (r: BytesPerSecond) => (r * 8) / 1e9;
export const toGBps = (r: BytesPerSecond) => r / 1e9;
export const toTBps = (r: BytesPerSecond) => r / 1e12;
export const toTbps = (r: BytesPerSecond) => (r * 8) / 1e12;
export const toUs = (t: Seconds) => t * 1e6;
export const toNs = (t: Seconds) => t * 1e9;
export const toKw = (p: Watts) => p / 1e3;
export const toGiB = (b: Bytes) => b / 1024 ** 3;
export const toTflops = (f: FlopsPerSecond) => f / 1e12;
