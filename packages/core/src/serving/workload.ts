/** Serving workloads: requests with arrival times, input and output lengths and prefix block hashes, drawn from a spec. */

import { ArgumentError } from '../base/errors.js';
import { Random } from '../units/random.js';

/** Tokens one prefix hash covers: the block size of the public Mooncake traces' hash_ids. */
export const PREFIX_BLOCK_TOKENS = 512;

export interface ServingRequest {
  readonly id: number;
  readonly arrivalS: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** One hash per PREFIX_BLOCK_TOKENS of the input, equal where two inputs share that prefix; empty when unknown. */
  readonly blockHashes: readonly number[];
  /** Hashes of the KV the request leaves behind, input and output (a later turn's prefix); default its input's. */
  readonly contextHashes?: readonly number[];
}

/**
 * Requests in arrival order, walked once per simulation: an array, or a trace walked again from its file (trace.ts), so
 * a source of millions of requests is never held as objects.
 */
export interface RequestSource extends Iterable<ServingRequest> {
  readonly length: number;
  /** The most input and output tokens of one request, where the source knows it without a walk. */
  readonly longestTokens?: number;
}

/** The most input and output tokens of one request of `requests`. */
export function longestRequestTokens(requests: RequestSource): number {
  if (requests.longestTokens !== undefined) return requests.longestTokens;
  let longest = 0;
  for (const r of requests) longest = Math.max(longest, r.inputTokens + r.outputTokens);
  return longest;
}

export type LengthSpec =
  | { readonly kind: 'fixed'; readonly tokens: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly sigma: number }
  | { readonly kind: 'empirical'; readonly values: readonly number[] };

export type ArrivalSpec =
  | { readonly kind: 'poisson'; readonly rateRps: number }
  | { readonly kind: 'gamma'; readonly rateRps: number; readonly cv: number }
  /** Every request (every session's first turn) at t = 0: a closed loop's clients starting together, as benchmarks start them. */
  | { readonly kind: 'at-once' };

export interface WorkloadSpec {
  readonly arrival: ArrivalSpec;
  /** Stop after this many requests (or sessions' turns), or after `durationS` of arrivals, whichever comes first. */
  readonly requests?: number;
  readonly durationS?: number;
  readonly input: LengthSpec;
  readonly output: LengthSpec;
  /** Share of every input that is one common prefix (a system prompt), in [0, 1); default 0. */
  readonly prefixShare?: number;
  /**
   * Multi-turn sessions: each arrival starts a session of `turns` requests, `thinkS` apart, each turn's input being the
   * whole conversation so far (earlier inputs and outputs, a shared prefix) plus its own new tokens. Open loop: a turn
   * does not wait for the previous answer.
   */
  readonly sessions?: { readonly turns: number; readonly thinkS: number };
  readonly seed: number;
}

/** Draws one length (at least 1 token). */
export function drawLength(spec: LengthSpec, random: Random): number {
  switch (spec.kind) {
    case 'fixed':
      return spec.tokens;
    case 'uniform':
      return random.integer(spec.min, spec.max);
    case 'lognormal':
      return Math.max(1, Math.round(random.lognormal(spec.mean, spec.sigma)));
    case 'empirical':
      return spec.values[Math.floor(random.next() * spec.values.length)] as number;
  }
}

/** The gap to the next arrival: exponential (Poisson), or gamma with the given coefficient of variation (bursty). */
function drawGap(spec: ArrivalSpec, random: Random): number {
  if (spec.kind === 'at-once') return 0;
  const mean = 1 / spec.rateRps;
  if (spec.kind === 'poisson') return random.exponential(mean);
  const shape = 1 / (spec.cv * spec.cv);
  return random.gamma(shape, mean / shape);
}

/** Checks a spec, naming the field at fault. */
export function checkWorkload(spec: WorkloadSpec): void {
  if (spec.arrival.kind !== 'at-once' && (!(spec.arrival.rateRps > 0) || !Number.isFinite(spec.arrival.rateRps)))
    throw new ArgumentError('rate', `expected a positive rate in requests/s, received ${spec.arrival.rateRps}`);
  if (spec.arrival.kind === 'at-once' && spec.requests === undefined)
    throw new ArgumentError('requests', 'requests arriving at once need a number of requests; a duration of arrivals does not bound them');
  if (spec.arrival.kind === 'gamma' && !(spec.arrival.cv > 0))
    throw new ArgumentError('burstiness', `expected a positive coefficient of variation, received ${spec.arrival.cv}`);
  if (spec.requests === undefined && spec.durationS === undefined) throw new ArgumentError('requests', 'give a number of requests or a duration');
  if (spec.requests !== undefined && !(Number.isInteger(spec.requests) && spec.requests > 0))
    throw new ArgumentError('requests', `expected a positive whole number, received ${spec.requests}`);
  if (spec.durationS !== undefined && !(spec.durationS > 0))
    throw new ArgumentError('duration', `expected a positive number of seconds, received ${spec.durationS}`);
  const share = spec.prefixShare ?? 0;
  if (!(share >= 0 && share < 1)) throw new ArgumentError('prefixShare', `expected a share in [0, 1), received ${share}`);
  if (spec.sessions && !(Number.isInteger(spec.sessions.turns) && spec.sessions.turns >= 1 && spec.sessions.thinkS >= 0)) {
    throw new ArgumentError('turns', `expected a whole number of turns >= 1 and a think time >= 0, received ${spec.sessions.turns}, ${spec.sessions.thinkS}`);
  }
}

/**
 * The requests of a workload, in arrival order, reproducible from its seed. Prefix hashes: the common prefix's blocks
 * carry the same ids in every request; a session's later turns repeat the ids of its whole conversation so far.
 * Example: prefixShare 0.5 and inputs of 2,048 tokens: every request starts with the same 2 blocks of 512.
 */
export function generateRequests(spec: WorkloadSpec): ServingRequest[] {
  checkWorkload(spec);
  const random = new Random(spec.seed);
  const limit = spec.requests ?? Number.POSITIVE_INFINITY;
  const end = spec.durationS ?? Number.POSITIVE_INFINITY;
  const turns = spec.sessions?.turns ?? 1;
  const think = spec.sessions?.thinkS ?? 0;
  let nextHash = 1 << 20; // ids below this are the common prefix's
  const requests: { arrivalS: number; inputTokens: number; outputTokens: number; blockHashes: number[]; contextHashes: number[] }[] = [];
  let t = 0;
  while (requests.length < limit) {
    t += drawGap(spec.arrival, random);
    if (t > end) break;
    let history: number[] = [];
    let historyTokens = 0;
    for (let turn = 0; turn < turns && requests.length < limit; turn++) {
      const fresh = drawLength(spec.input, random);
      const output = drawLength(spec.output, random);
      const shared = turn === 0 ? Math.floor((spec.prefixShare ?? 0) * fresh) : 0;
      const inputTokens = historyTokens + fresh;
      const hashes = [...history];
      const commonBlocks = Math.floor(shared / PREFIX_BLOCK_TOKENS);
      for (let b = 0; b < commonBlocks; b++) hashes.push(b);
      while (hashes.length < Math.floor(inputTokens / PREFIX_BLOCK_TOKENS)) hashes.push(nextHash++);
      // The next turn sees this turn's input and answer as its prefix.
      historyTokens = inputTokens + output;
      history = [...hashes];
      while (history.length < Math.floor(historyTokens / PREFIX_BLOCK_TOKENS)) history.push(nextHash++);
      requests.push({ arrivalS: t + turn * think, inputTokens, outputTokens: output, blockHashes: hashes, contextHashes: history });
    }
  }
  return requests.sort((a, b) => a.arrivalS - b.arrivalS).map((r, id) => ({ id, ...r }));
}
