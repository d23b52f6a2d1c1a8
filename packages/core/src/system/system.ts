/** A built system: the resolved design plus its planned fabrics and counts; the value every model reads. */

import { checkFabricFailures, type FabricFailure } from './fabric-failures.js';
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
  /** Failed fabric components (scenario `failures:` then `--fail`); absent on a healthy system. Flow runs route around them. */
  readonly failures?: readonly FabricFailure[];
}

/** Resolves defaults and plans every fabric of `spec`; throws ConfigError for designs that cannot be built. */
export function buildSystem(spec: SystemSpec, options: { gpus?: number; failures?: readonly FabricFailure[] } = {}): System {
  const resolved = resolveSystemSpec(spec, options.gpus);
  const scaleUp = planScaleUp(resolved.scaleUp);
  const scaleOut = resolved.scaleOut ? planScaleOut(resolved.scaleOut, resolved.gpus, resolved.server.gpus) : undefined;
  const servers = resolved.gpus / resolved.server.gpus;
  const reach = reachWarning(resolved);
  const system: System = {
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
  checkFabricFailures(system, spec.failures ?? []);
  checkFabricFailures(system, options.failures ?? [], '--fail');
  const failures = [...(spec.failures ?? []), ...(options.failures ?? [])];
  return failures.length > 0 ? { ...system, failures } : system;
}

/** The same system with every fabric component working: what a degraded run is compared against. */
export function healthySystem(system: System): System {
  if (!system.failures) return system;
  const { failures: _f, ...healthy } = system;
  return healthy;
}
