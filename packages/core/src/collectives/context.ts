/** Checks that a collective context is well formed before any algorithm prices it. */

import type { CollectiveContext, CollectiveHierarchy } from './types.js';

const isCount = (x: number) => Number.isInteger(x) && x >= 1;
const isRate = (x: number) => Number.isFinite(x) && x > 0;
const isNonNegative = (x: number) => Number.isFinite(x) && x >= 0;

/** Why `ctx` cannot be priced by any algorithm, or undefined when it can. */
export function contextProblem(ctx: CollectiveContext): string | undefined {
  if (!isCount(ctx.ranks)) return `ranks must be a positive integer, got ${ctx.ranks}`;
  if (!isNonNegative(ctx.bytes)) return `bytes must be a finite number >= 0, got ${ctx.bytes}`;
  if (!isRate(ctx.bandwidth)) return `bandwidth must be a finite number > 0, got ${ctx.bandwidth}`;
  if (!isNonNegative(ctx.stepLatency)) return `stepLatency must be a finite number >= 0, got ${ctx.stepLatency}`;
  return ctx.hierarchy ? hierarchyProblem(ctx.hierarchy, ctx.ranks) : undefined;
}

function hierarchyProblem(h: CollectiveHierarchy, ranks: number): string | undefined {
  if (!isCount(h.domainSize) || !isCount(h.domains)) return `hierarchy.domainSize and domains must be positive integers, got ${h.domainSize} and ${h.domains}`;
  if (h.domainSize * h.domains !== ranks) return `hierarchy has ${h.domains} domains of ${h.domainSize} = ${h.domains * h.domainSize} ranks, not ${ranks}`;
  if (!isRate(h.intraBandwidth) || !isRate(h.interBandwidth)) return 'hierarchy bandwidths must be finite numbers > 0';
  if (!isNonNegative(h.intraLatency) || !isNonNegative(h.interLatency)) return 'hierarchy latencies must be finite numbers >= 0';
  return undefined;
}

/** The hierarchy of `ctx`, or an error: for algorithms whose `applies` already required one. */
export function hierarchyOf(ctx: CollectiveContext): CollectiveHierarchy {
  if (!ctx.hierarchy) throw new Error('this algorithm needs ctx.hierarchy (scale-up domains)');
  return ctx.hierarchy;
}
