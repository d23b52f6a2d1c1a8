/** Rank groups of a two-tier hierarchy: rank r is member r mod d of domain floor(r / d), and rides rail r mod d. */

import { hierarchyOf } from './context.js';
import { range } from './schedule-builder.js';
import type { CollectiveContext } from './types.js';

export interface RankGroups {
  /** d, ranks per scale-up domain. */
  readonly d: number;
  /** m, domains. */
  readonly m: number;
  /** Ranks of domain g, in local order. */
  domain(g: number): number[];
  /** Rank l of every domain, in domain order: the ranks one scale-out rail joins. */
  rail(l: number): number[];
}

export function rankGroups(ctx: CollectiveContext): RankGroups {
  const { domainSize: d, domains: m } = hierarchyOf(ctx);
  return { d, m, domain: (g) => range(d).map((l) => g * d + l), rail: (l) => range(m).map((g) => g * d + l) };
}

/** The refusal shared by hierarchical algorithms. */
export function needsHierarchy(ctx: CollectiveContext): string | undefined {
  return ctx.hierarchy ? undefined : 'hierarchical algorithms need ctx.hierarchy (scale-up domain size, count, and per-tier bandwidth and latency)';
}
