/** Appends transfers to a schedule in topological order and hands out their indices for later dependencies. */

import { bytes as asBytes } from '../units/units.js';
import type { Endpoint, Schedule, Transfer } from './types.js';

/** Endpoints are immutable, so one object per rank serves every transfer (a million-transfer schedule allocates none). */
const RANKS: Endpoint[] = [];
const SWITCHES: Endpoint[] = [];
const NO_DEPS: readonly number[] = Object.freeze([]);

export const rank = (r: number): Endpoint => (RANKS[r] ??= Object.freeze({ rank: r }));
/** The scale-up switch next to GPU `r`; a transfer names the switch adjacent to its GPU end. */
export const switchOf = (r: number): Endpoint => (SWITCHES[r] ??= Object.freeze({ switchOfRank: r }));

export interface ScheduleBuilder {
  /**
   * Adds a transfer and returns its index; every dependency must already be in the schedule. The deps array is
   * kept, not copied (million-transfer schedules): callers hand over arrays they no longer change.
   */
  add(src: Endpoint, dst: Endpoint, bytes: number, deps?: readonly number[], steps?: number, latencyS?: number): number;
  build(): Schedule;
}

export function createScheduleBuilder(): ScheduleBuilder {
  const transfers: Transfer[] = [];
  return {
    add(src, dst, bytes, deps = [], steps = 1, latencyS = undefined) {
      const index = transfers.length;
      for (const d of deps) if (!(Number.isInteger(d) && d >= 0 && d < index)) throw new Error(`transfer ${index} depends on ${d}, not an earlier transfer`);
      if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`transfer ${index} has ${steps} steps, expected a positive integer`);
      const t = { src, dst, bytes: asBytes(bytes), deps: deps.length === 0 ? NO_DEPS : deps };
      if (latencyS !== undefined && !(latencyS >= 0)) throw new Error(`transfer ${index} has latency ${latencyS} s, expected >= 0`);
      transfers.push(steps === 1 && latencyS === undefined ? t : { ...t, steps, ...(latencyS === undefined ? {} : { latencyS }) });
      return index;
    },
    build: () => ({ transfers }),
  };
}

/** 0, 1, ..., n - 1. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** No dependencies for each of n ranks: the starting point of a first phase. */
export const noDeps = (n: number): number[][] => Array.from({ length: n }, () => []);
