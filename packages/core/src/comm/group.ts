/** Rank groups: parse `all`, `0-63`, `0-1023:8` or `0,2,4`, check them against the system, and replicate concurrent groups. */

import { ArgumentError, ConfigError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';

/**
 * Parses a group of ranks. Grammar: `all` | items joined by commas, an item being `a`, `a-b` or `a-b:step`.
 * Examples: `0-7` = one server; `0-1023:8` = rank 0 of every 8-GPU server (a DP group across servers).
 */
export function parseGroup(text: string, gpus: number, field = 'group'): number[] {
  const spec = text.trim();
  if (spec === 'all') return Array.from({ length: gpus }, (_, i) => i);
  const ranks: number[] = [];
  for (const item of spec.split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+)(?::(\d+))?)?\s*$/.exec(item);
    if (!m) throw new ConfigError([field], `${excerpt(item)} is not a rank, a range a-b or a strided range a-b:step (in ${excerpt(text)})`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (to < from || step < 1) throw new ConfigError([field], `${excerpt(item)} is an empty range; expected a-b with a <= b and step >= 1`);
    // Checked before any rank is listed: a range far past the system would otherwise fill memory first.
    const outside = from >= gpus ? from : from + Math.ceil((gpus - from) / step) * step;
    if (outside <= to) throw new ConfigError([field], `rank ${outside} is outside the system, which has ranks 0-${gpus - 1}`);
    if (ranks.length + Math.floor((to - from) / step) + 1 > gpus) throw new ConfigError([field], `${excerpt(text)} lists more ranks than the system's ${gpus}`);
    for (let r = from; r <= to; r += step) ranks.push(r);
  }
  checkGroup(ranks, gpus, field);
  return ranks;
}

export function checkGroup(ranks: readonly number[], gpus: number, field = 'group'): void {
  if (ranks.length < 1) throw new ConfigError([field], 'the group is empty');
  const seen = new Set<number>();
  for (const r of ranks) {
    if (r >= gpus) throw new ConfigError([field], `rank ${r} is outside the system, which has ranks 0-${gpus - 1}`);
    if (seen.has(r)) throw new ConfigError([field], `rank ${r} is listed twice`);
    seen.add(r);
  }
}

/**
 * `k` disjoint copies of `group` that run at once. A contiguous group shifts by its size (0-7, 8-15, ...);
 * a strided group shifts by one (0-1023:8, 1-1023:8, ...), which is how TP and DP groups tile a cluster.
 */
export function concurrentGroups(group: readonly number[], k: number, gpus: number): number[][] {
  if (!Number.isInteger(k) || k < 1) throw new ArgumentError('concurrentGroups', `expected a positive whole number, received ${k}`);
  const sorted = [...group].sort((a, b) => a - b);
  const contiguous = sorted.every((r, i) => i === 0 || r === (sorted[i - 1] as number) + 1);
  const shift = contiguous ? group.length : 1;
  const groups = Array.from({ length: k }, (_, g) => group.map((r) => r + g * shift));
  const all = groups.flat();
  const outside = all.find((r) => r >= gpus);
  if (outside !== undefined) {
    throw new ArgumentError('concurrentGroups', `${k} groups shifted by ${shift} need rank ${outside}, but the system has ${gpus} GPUs`);
  }
  if (new Set(all).size !== all.length) throw new ArgumentError('concurrentGroups', `${k} copies of the group shifted by ${shift} overlap`);
  return groups;
}
