/** The check that each failed fabric component of a degraded system names a component the built system has. */

import { ConfigError } from '../base/errors.js';
import type { FabricFailure } from './fabric-failures.js';
import type { ScaleOutPlan } from './scale-out.js';

/** What the check reads of a built `System` (a `System` is one); stated here so that `buildSystem` can call the check. */
export interface FailureTarget {
  readonly gpus: number;
  readonly domains: number;
  readonly scaleUp: { readonly planes: number };
  readonly scaleOut: ScaleOutPlan | undefined;
  readonly spec: { readonly scaleOut?: { readonly nicsPerGpu: number } | undefined };
}

/** Throws a ConfigError at `<where>.i.field` (`failures.0.plane`) for a failure naming a component the system does not have. */
export function checkFabricFailures(system: FailureTarget, failures: readonly FabricFailure[], where = 'failures'): void {
  failures.forEach((f, i) => {
    const fail = (field: string, message: string) => {
      throw new ConfigError([where, i, field], message);
    };
    if (f.kind !== 'plane' || f.domain !== undefined) {
      const gpu = 'gpu' in f ? f.gpu : undefined;
      if (gpu !== undefined && gpu >= system.gpus) fail('gpu', `GPU ${gpu} does not exist; the system has GPUs 0-${system.gpus - 1}`);
    }
    const onScaleOut = f.kind === 'nic' || f.kind === 'switch' || f.layer === 'scale-out';
    const out = system.scaleOut;
    const outSpec = system.spec.scaleOut;
    if (onScaleOut && (!out || !outSpec)) fail('kind', 'the system has no scale-out network');
    if (f.kind === 'nic' || (f.kind === 'link' && f.nic !== undefined)) {
      const nic = f.nic ?? 0;
      const nics = outSpec?.nicsPerGpu ?? 0;
      if (nic >= nics) fail('nic', `NIC ${nic} does not exist; each GPU has NICs 0-${nics - 1}`);
    }
    if (f.kind === 'nic') return;
    const planes = onScaleOut ? (out?.planes ?? 0) : system.scaleUp.planes;
    if (f.plane >= planes) fail('plane', `plane ${f.plane} does not exist; the ${onScaleOut ? 'scale-out' : 'scale-up'} fabric has planes 0-${planes - 1}`);
    if (f.kind === 'plane' && f.domain !== undefined) {
      if (f.layer !== 'scale-up') fail('domain', 'a scale-out plane spans every domain; domain applies to scale-up planes');
      if (f.domain >= system.domains) fail('domain', `domain ${f.domain} does not exist; the system has domains 0-${system.domains - 1}`);
    }
    if (f.kind === 'switch' && out) {
      if (f.tier === 'spine' && out.tiers !== 2) fail('tier', `the scale-out fabric has ${out.tiers} tiers; spine failures apply to two-tier fabrics`);
      if ((f.tier === 'aggregation' || f.tier === 'core') && out.tiers !== 3)
        fail('tier', `the scale-out fabric has ${out.tiers} tiers; ${f.tier} failures apply to three-tier fabrics (fail a spine)`);
      const count = switchesPerPlane(out, f.tier);
      if (f.index >= count) fail('index', `${f.tier} ${f.index} does not exist; each plane has ${f.tier}s 0-${count - 1}`);
    }
  });
}

/** Switches of `tier` in one plane of a scale-out plan. */
export function switchesPerPlane(out: ScaleOutPlan, tier: 'leaf' | 'spine' | 'aggregation' | 'core'): number {
  if (tier === 'leaf') return out.leavesPerPlane;
  if (tier === 'spine') return out.spinesPerPlane;
  if (tier === 'aggregation') return out.pods * out.aggsPerPod;
  return out.aggsPerPod * out.coresPerGroup;
}
