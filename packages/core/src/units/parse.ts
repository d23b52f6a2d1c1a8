/** The one parser for human quantities: sizes (8G, 80GB, 1KiB), rates (400Gbps, 1.75TB/s), times (150ns), power (350kW), compute (989TFLOPS). */

import { excerpt } from '../base/excerpt.js';
import type { Bytes, BytesPerSecond, FlopsPerSecond, Seconds, Watts } from './units.js';

export type Dimension = 'bytes' | 'rate' | 'time' | 'power' | 'compute';

export interface ParsedQuantity {
  /** Value in the base unit of its dimension: B, B/s, s, W, FLOP/s. */
  readonly value: number;
  readonly dimension: Dimension;
}

/** Raised for text that is not a quantity of the expected dimension; the message names both. */
export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

const DECIMAL: Readonly<Record<string, number>> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
const BINARY: Readonly<Record<string, number>> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 };

interface UnitRule {
  readonly pattern: RegExp;
  readonly dimension: Dimension;
  readonly scale: (prefix: string) => number;
}

/**
 * Unit grammar, tried in order. Conventions (stated once, used everywhere):
 * - a bare size prefix is binary, as in nccl-tests (`8G` = 2^33 B, `1K` = 1024 B);
 * - `kB/MB/GB/TB` are decimal, `KiB/MiB/GiB/TiB` binary;
 * - a lower-case `b` or `bit` is bits (`400Gbps`, `400Gb/s`, `14Tbit/s`), upper-case `B` is bytes (`1.75TB/s`, `900GBps`).
 */
const RULES: readonly UnitRule[] = [
  { pattern: /^([kKMGTP]?)(?:bps|b\/s|bit\/s|bits\/s)$/, dimension: 'rate', scale: (p) => (DECIMAL[p] ?? 1) / 8 },
  { pattern: /^([KMGTP])i(?:Bps|B\/s)$/, dimension: 'rate', scale: (p) => BINARY[p] ?? 1 },
  { pattern: /^([kKMGTP]?)(?:Bps|B\/s)$/, dimension: 'rate', scale: (p) => DECIMAL[p] ?? 1 },
  { pattern: /^([KMGTP])iB$/, dimension: 'bytes', scale: (p) => BINARY[p] ?? 1 },
  { pattern: /^([kKMGTP])B$/, dimension: 'bytes', scale: (p) => DECIMAL[p] ?? 1 },
  { pattern: /^B$/, dimension: 'bytes', scale: () => 1 },
  { pattern: /^([KMGTP])$/, dimension: 'bytes', scale: (p) => BINARY[p] ?? 1 },
  { pattern: /^(ns|us|µs|ms|s|min|h)$/, dimension: 'time', scale: (u) => TIME[u] ?? 1 },
  { pattern: /^([kMG]?)W$/, dimension: 'power', scale: (p) => DECIMAL[p] ?? 1 },
  { pattern: /^([TPE]?)(?:FLOPS|FLOP\/s|flops)$/, dimension: 'compute', scale: (p) => (p === 'E' ? 1e18 : (DECIMAL[p] ?? 1)) },
];

const TIME: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600 };

const EXAMPLES: Readonly<Record<Dimension, string>> = {
  bytes: 'a size such as 8G, 80GB, 1KiB or 4096',
  rate: 'a rate such as 400Gbps, 100Gb/s, 14Tbit/s, 900GB/s or 1.75TB/s',
  time: 'a time such as 150ns, 2us, 1.5ms or 3s',
  power: 'a power such as 700W or 350kW',
  compute: 'a compute rate such as 989TFLOPS',
};

const NUMBER = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$/;

/**
 * Parses `text` into a value in base units and its dimension.
 * Worked example: `400Gbps` -> 400e9 bits/s / 8 = 5e10 B/s, dimension `rate`.
 */
export function parseQuantity(text: string): ParsedQuantity {
  const read = readQuantity(text);
  if ('problem' in read) throw new QuantityError(`${read.problem}: expected ${read.expected}`);
  return read;
}

/** The quantity `text` holds, or what is wrong with it (the value quoted as an excerpt) and what a quantity looks like. */
function readQuantity(text: string): ParsedQuantity | { readonly problem: string; readonly expected: string } {
  const match = NUMBER.exec(text);
  if (!match) return { problem: `${excerpt(text)} is not a quantity`, expected: 'a number with a unit, such as 400Gbps or 8G' };
  const magnitude = Number(match[1]);
  const unit = match[2] ?? '';
  for (const rule of RULES) {
    const m = rule.pattern.exec(unit);
    if (m) return { value: magnitude * rule.scale(m[1] ?? ''), dimension: rule.dimension };
  }
  return { problem: `${excerpt(text)} has an unknown unit ${excerpt(unit)}`, expected: 'one of Gbps, GB/s, G, GB, GiB, ns, us, W, kW, TFLOPS' };
}

/** Parses `input` (text with a unit, or a plain number already in base units) and checks its dimension. */
export function parseAs(input: string | number, dimension: Dimension): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityError(`${input} is not a finite number: expected ${EXAMPLES[dimension]}`);
    return input;
  }
  const trimmed = input.trim();
  // '1e999' and '1e999GB/s' overflow to Infinity: refused as a number out of range, never handed to the models.
  const finite = (value: number) => {
    if (!Number.isFinite(value)) throw new QuantityError(`${excerpt(input)} is not a finite number: expected ${EXAMPLES[dimension]}`);
    return value;
  };
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return finite(Number(trimmed));
  const parsed = readQuantity(trimmed);
  if ('problem' in parsed) throw new QuantityError(`${parsed.problem}: expected ${EXAMPLES[dimension]}`);
  if (parsed.dimension !== dimension) {
    throw new QuantityError(`${excerpt(input)} is a ${parsed.dimension}, expected ${EXAMPLES[dimension]}`);
  }
  return finite(parsed.value);
}

export const parseBytes = (input: string | number) => parseAs(input, 'bytes') as Bytes;
export const parseRate = (input: string | number) => parseAs(input, 'rate') as BytesPerSecond;
export const parseTime = (input: string | number) => parseAs(input, 'time') as Seconds;
export const parsePower = (input: string | number) => parseAs(input, 'power') as Watts;
export const parseCompute = (input: string | number) => parseAs(input, 'compute') as FlopsPerSecond;

/** Human text for the dimension, for error messages that say what was expected. */
export function describeDimension(dimension: Dimension): string {
  return EXAMPLES[dimension];
}
