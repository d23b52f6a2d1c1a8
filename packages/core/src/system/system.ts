/** A built system: the resolved design plus its planned fabrics and counts; the value every model reads. */

import { reachWarning } from './reach.js';
import type { ResolvedSystemSpec } from './resolve.js';
import { resolveSystemSpec } from './resolve.js';
import { planScaleOut, type ScaleOutPlan } from './scale-out.js';
import { planScaleUp, type ScaleUpPlan } from './scale-up.js';
import type { SystemSpec } from './schema.js';

export interface System {
  readonly spec: ResolvedSystemSpec;
  readonly gpus: number;
  readonly servers: number;
  readonly domains: number;
  readonly racks: number;
  readonly cxlPools: number;
  readonly scaleUp: ScaleUpPlan;
  readonly scaleOut: ScaleOutPlan | undefined;
  /** Design notes a user should read: rounding, budgets exceeded (power and cooling add theirs in describe). */
  readonly warnings: readonly string[];
}

/** Resolves defaults and plans every fabric of `spec`; throws ConfigError for designs that cannot be built. */
export function buildSystem(spec: SystemSpec, options: { gpus?: number } = {}): System {
  const resolved = resolveSystemSpec(spec, options.gpus);
  const scaleUp = planScaleUp(resolved.scaleUp);
  const scaleOut = resolved.scaleOut ? planScaleOut(resolved.scaleOut, resolved.gpus, resolved.server.gpus) : undefined;
  const servers = resolved.gpus / resolved.server.gpus;
  const reach = reachWarning(resolved);
  return {
    spec: resolved,
    gpus: resolved.gpus,
    servers,
    domains: resolved.gpus / resolved.scaleUp.domainSize,
    racks: Math.ceil(resolved.gpus / resolved.rack.gpus),
    cxlPools: resolved.cxl ? Math.ceil(servers / resolved.cxl.hostsPerPool) : 0,
    scaleUp,
    scaleOut,
    warnings: [...scaleUp.warnings, ...(reach ? [reach] : [])],
  };
}
