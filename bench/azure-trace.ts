/** Writes a synthetic Azure LLM inference trace (TIMESTAMP, ContextTokens, GeneratedTokens) of a given size: the same bytes for the same shape and seed. */

import { closeSync, openSync, writeSync } from 'node:fs';

/** The rows' shape: Poisson arrivals at `rateRps`, lognormal lengths with these means and spread. */
export interface AzureTraceShape {
  readonly rateRps: number;
  readonly contextMeanTokens: number;
  readonly generatedMeanTokens: number;
  /** Sigma of the lengths' underlying normal. */
  readonly sigma: number;
  readonly seed: number;
}

/** 100 ns ticks, as the published TIMESTAMP column's seven decimals count. */
const TICKS_PER_S = 1e7;
/** The first row of the published 2023 traces: 2023-11-16 18:15:46. */
const START_MS = Date.UTC(2023, 10, 16, 18, 15, 46);
const CHUNK_CHARS = 2 ** 20;
const MAX_CONTEXT_TOKENS = 16_000;
const MAX_GENERATED_TOKENS = 2_000;

/** Mulberry32 (as core's units/random.ts): uniform in [0, 1), the same on every machine for a seed. */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes rows until the file holds at least `bytes` bytes; returns the rows and bytes written. */
export function writeAzureTrace(path: string, bytes: number, shape: AzureTraceShape): { rows: number; bytes: number } {
  const next = uniform(shape.seed);
  const open = () => 1 - next();
  // A lognormal length of at least 1 token: exp(mu + sigma Z), mu = ln mean - sigma^2 / 2, Z by Box-Muller.
  const length = (mean: number, cap: number) => {
    const z = Math.sqrt(-2 * Math.log(open())) * Math.cos(2 * Math.PI * next());
    return Math.min(cap, Math.max(1, Math.round(Math.exp(Math.log(mean) - (shape.sigma * shape.sigma) / 2 + shape.sigma * z))));
  };
  const fd = openSync(path, 'w');
  let written = 0;
  let rows = 0;
  let ticks = 0;
  let second = -1;
  let stamp = '';
  try {
    let chunk = 'TIMESTAMP,ContextTokens,GeneratedTokens\n';
    while (written + chunk.length < bytes) {
      ticks += Math.round((-Math.log(open()) / shape.rateRps) * TICKS_PER_S);
      const whole = Math.floor(ticks / TICKS_PER_S);
      if (whole !== second) {
        second = whole;
        stamp = new Date(START_MS + whole * 1000).toISOString().slice(0, 19).replace('T', ' ');
      }
      const fraction = String(ticks - whole * TICKS_PER_S).padStart(7, '0');
      chunk += `${stamp}.${fraction},${length(shape.contextMeanTokens, MAX_CONTEXT_TOKENS)},${length(shape.generatedMeanTokens, MAX_GENERATED_TOKENS)}\n`;
      rows++;
      if (chunk.length >= CHUNK_CHARS) {
        written += writeSync(fd, chunk);
        chunk = '';
      }
    }
    written += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return { rows, bytes: written };
}
