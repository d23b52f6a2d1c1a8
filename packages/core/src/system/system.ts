/** A built system: the resolved design plus its planned fabrics and counts; the value every model reads. */

import { checkFabricFailures } from './fabric-failure-check.js';
import type { FabricFailure } from './fabric-failures.js';
import { reachWarning } from './reach.js';
import type { ResolvedSystemSpec } from './resolve.js';
import { resolveSystemSpec } from './resolve.js';
import { planDcn, planScaleOut, type ScaleOutPlan } from './scale-out.js';
import { planScaleUp, type ScaleUpPlan } from './scale-up.js';
import type { SystemSpec } from './schema.js';
import { checkStragglers, gpuSpeeds, mergeStragglers, type Stragglers } from './stragglers.js';

export interface System {
  readonly spec: ResolvedSystemSpec;
  readonly gpus: number;
  readonly servers: number;
  readonly domains: number;
  readonly racks: number;
  readonly cxlPools: number;
  /** Hosts: one OS image each, with its CPUs and host memory (gpus / server.gpusPerOs; the servers on a classic design). */
  readonly hosts: number;
  readonly scaleUp: ScaleUpPlan;
  readonly scaleOut: ScaleOutPlan | undefined;
  /** The DCN's own Clos in a 3-layer design (undefined when converged or absent). */
  readonly dcn: ScaleOutPlan | undefined;
  /** Design notes a user should read: rounding, budgets exceeded (power and cooling add theirs in describe). */
  readonly warnings: readonly string[];
  /** Failed fabric components (scenario `failures:` then `--fail`); absent on a healthy system. Flow runs route around them. */
  readonly failures?: readonly FabricFailure[];
  /** Slow GPUs and links (scenario `stragglers:` then `--straggler`); absent when every part runs at its nominal speed. */
  readonly stragglers?: Stragglers;
  /** Per GPU rank, its compute speed (1 nominal), when any GPU is slow: what training's stage groups wait for. */
  readonly gpuSpeed?: Float64Array;
  /** GPUs a job was asked for, fewer than the system's whole deployment units hold (BuildOptions.job): it runs on ranks 0 to jobGpus - 1. */
  readonly jobGpus?: number;
}

export interface BuildOptions {
  readonly gpus?: number;
  /** `gpus` counts a job's GPUs: build the fewest whole deployment units holding them and record the job (System.jobGpus). */
  readonly job?: boolean;
  readonly failures?: readonly FabricFailure[];
  readonly stragglers?: Stragglers;
}

/** Resolves defaults and plans every fabric of `spec`; throws ConfigError for designs that cannot be built. */
export function buildSystem(spec: SystemSpec, options: BuildOptions = {}): System {
  const resolved = resolveSystemSpec(spec, options.gpus, options.job);
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
    hosts: resolved.gpus / resolved.server.gpusPerOs,
    scaleUp,
    scaleOut,
    dcn: resolved.dcn ? planDcn(resolved.dcn, servers) : undefined,
    warnings: [...scaleUp.warnings, ...(reach ? [reach] : [])],
  };
  checkFabricFailures(system, spec.failures ?? []);
  checkFabricFailures(system, options.failures ?? [], 'fail');
  if (spec.stragglers) checkStragglers(system, spec.stragglers);
  if (options.stragglers) checkStragglers(system, options.stragglers, 'straggler');
  const failures = [...(spec.failures ?? []), ...(options.failures ?? [])];
  const stragglers = mergeStragglers(spec.stragglers, options.stragglers);
  const slowGpus = stragglers && (stragglers.spread || (stragglers.gpus?.length ?? 0) > 0);
  return {
    ...system,
    ...(failures.length > 0 ? { failures } : {}),
    ...(stragglers && (slowGpus || (stragglers.links?.length ?? 0) > 0) ? { stragglers } : {}),
    ...(stragglers && slowGpus ? { gpuSpeed: gpuSpeeds(stragglers, system.gpus) } : {}),
    ...(options.job && options.gpus !== undefined && options.gpus < system.gpus ? { jobGpus: options.gpus } : {}),
  };
}

/** Whether flow runs see a fabric other than the design's: failed components or slow links. */
export function degradedFabric(system: System): boolean {
  return system.failures !== undefined || (system.stragglers?.links?.length ?? 0) > 0;
}

/** The same system with every component working at its nominal speed: what a degraded or straggling run is compared against. */
export function healthySystem(system: System): System {
  if (!system.failures && !system.stragglers) return system;
  const { failures: _f, stragglers: _s, gpuSpeed: _g, ...healthy } = system;
  return healthy;
}

/**
 * The system as its collectives see it when other traffic takes a share of the scale-out NICs (storage and KV on a
 * converged DCN): its scale-out links deliver `keep` of what they did, at either fidelity (both price the scale-out
 * through its protocol efficiency). Example: KV fetches at 10 GB/s a GPU on 50 GB/s NICs leave collectives 0.8.
 */
export function withScaleOutShare(system: System, keep: number): System {
  const out = system.spec.scaleOut;
  if (!out || keep >= 1) return system;
  return { ...system, spec: { ...system.spec, scaleOut: { ...out, protocolEfficiency: out.protocolEfficiency * Math.max(0.01, keep) } } };
}
