/**
 * The project's cases against an upstream cases file (the development set they were copied from): which upstream
 * cases the project lacks, and which it holds with other figures or conditions.
 */

import type { PublishedCase } from './types.js';

export interface UpstreamDiff {
  /** Upstream case ids the project's file does not hold. */
  readonly missing: readonly string[];
  /** Ids in both files whose published content (everything but the project's `set` tag) differs. */
  readonly changed: readonly string[];
  /** How many upstream cases the project holds unchanged. */
  readonly same: number;
}

/**
 * Compares by id; content as canonical JSON (keys sorted), so key order does not count as a change.
 * Example: upstream [a, b(value 1)], project [b(value 2), c] -> missing [a], changed [b], same 0.
 */
export function diffUpstream(project: readonly PublishedCase[], upstream: readonly PublishedCase[]): UpstreamDiff {
  const ours = new Map(project.map((c) => [c.id, c]));
  const missing: string[] = [];
  const changed: string[] = [];
  let same = 0;
  for (const c of upstream) {
    const mine = ours.get(c.id);
    if (mine === undefined) missing.push(c.id);
    else if (canonical(withoutSet(mine)) !== canonical(withoutSet(c))) changed.push(c.id);
    else same++;
  }
  return { missing, changed, same };
}

function withoutSet(c: PublishedCase): Record<string, unknown> {
  const { set: _set, ...rest } = c;
  return rest;
}

/** JSON with object keys sorted at every depth. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
